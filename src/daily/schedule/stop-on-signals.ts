import { logTime } from "./log-time.js";
import type { Scheduler } from "./scheduler.js";

/** What stopOnSignals needs of `process`. */
export interface SignalTarget {
  on(signal: "SIGTERM" | "SIGINT", listener: () => void): unknown;
  off(signal: "SIGTERM" | "SIGINT", listener: () => void): unknown;
  exit(code: number): void;
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** The exit code when a second signal ends the process without waiting for the running day. */
export const FORCED_EXIT_CODE = 130;

/**
 * Stops the scheduler on the first SIGTERM or SIGINT (the running day finishes or abandons its step). A
 * second signal exits at once with code 130: the way out when a job does not stop. Returns a function that
 * removes the listeners.
 */
export function stopOnSignals(
  scheduler: Pick<Scheduler, "stop">,
  target: SignalTarget,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): () => void {
  let first: string | undefined;
  const listeners = SIGNALS.map((signal) => {
    const listener = () => {
      if (first === undefined) {
        first = signal;
        void scheduler.stop(signal);
        return;
      }
      log(
        `${logTime(new Date())} ${signal} after ${first}: exiting with ${FORCED_EXIT_CODE} without waiting`,
      );
      target.exit(FORCED_EXIT_CODE);
    };
    target.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) target.off(signal, listener);
  };
}
