/** The FlowlensError a promise rejects with; a promise that resolves, or rejects with anything else, fails the test. */
import { FlowlensError } from "../../src/errors.js";

export async function failureOf(promise: Promise<unknown>): Promise<FlowlensError> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if ("resolved" in outcome) throw new Error("expected a FlowlensError, but the promise resolved");
  if (!(outcome.error instanceof FlowlensError)) {
    throw new Error(`expected a FlowlensError, got ${String(outcome.error)}`);
  }
  return outcome.error;
}
