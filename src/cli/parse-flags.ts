/** Checks flag values that commander passes through as text. */
import { FlowlensError } from "../errors.js";

export function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new FlowlensError("FLOWLENS_USAGE", `${flag} ${value} is not a positive whole number`);
  }
  return n;
}
