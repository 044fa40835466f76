/**
 * A whole-number setting read from the config file (a number) or from the environment and flags (text):
 * one schema, so each source is refused with the same sentence, naming the value as the user wrote it.
 */
import { z } from "zod";
import { showValue } from "./describe-issue.js";

/** @param why what the bounds stand for, shown after them, e.g. "4 × this machine's 2 cores" */
export function wholeNumber(min: number, max: number, unit: string, why?: string) {
  return z.unknown().transform((value, ctx): number => {
    const n =
      typeof value === "number"
        ? value
        : typeof value === "string" && value.trim() !== ""
          ? Number(value)
          : Number.NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
    ctx.addIssue({
      code: "custom",
      input: value,
      message: `expected a whole number of ${unit} from ${min} to ${max}${why ? ` (${why})` : ""}, got ${showValue(value)}`,
    });
    return z.NEVER;
  });
}
