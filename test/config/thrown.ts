/** The error a function throws, for asserting its exact sentence and code. */
import { FlowlensError } from "../../src/errors.js";

export function thrown(fn: () => unknown): FlowlensError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FlowlensError) return error;
    throw error;
  }
  throw new Error("expected an error, but nothing was thrown");
}
