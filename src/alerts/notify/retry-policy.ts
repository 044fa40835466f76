/** How notification calls are retried within one delivery: few retries, short back-off, so a caller's load is never held long. */

export interface AlertRetryPolicy {
  /** Retries after the first attempt. @default 3 */
  readonly retries: number;
  /** The first back-off, doubled on each retry. @default 500 */
  readonly minTimeoutMs: number;
  /** The longest back-off. @default 4000 */
  readonly maxTimeoutMs: number;
}

export const DEFAULT_ALERT_RETRY: AlertRetryPolicy = { retries: 3, minTimeoutMs: 500, maxTimeoutMs: 4000 };

/** The wait before retry number `attempt` (1, 2, …): doubling from the minimum, capped. */
export function backoffMs(policy: AlertRetryPolicy, attempt: number): number {
  return Math.min(policy.maxTimeoutMs, policy.minTimeoutMs * 2 ** (attempt - 1));
}
