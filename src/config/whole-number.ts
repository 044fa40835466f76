/**
 * Whole numbers as users write them, read by one rule everywhere: a setting from the config file (a YAML
 * number) or from the environment, and every flag that takes a count or a duration (text). Text is plain
 * decimal digits, spaces around them allowed: no sign, no fraction (`4.0`), no exponent (`1e3`), no
 * `0x`/`0o`/`0b` prefix and no separators, since JavaScript's `Number()` would read each of those.
 */
import { z } from "zod";
import { FlowlensError } from "../errors.js";
import { showValue } from "./describe-issue.js";

const DIGITS = /^\d+$/;

/** The whole number `value` is (a safe integer, or its digits as text), else undefined. */
export function readWholeNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const n = DIGITS.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** "expected a whole number of seconds from 1 to 86400 (one day), got "0x10"" */
function expectation(value: unknown, min: number, max: number, unit: string, why?: string): string {
  const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  return `expected a whole number ${unit ? `of ${unit} ` : ""}${range}${why ? ` (${why})` : ""}, got ${showValue(value)}`;
}

/** @param why what the bounds stand for, shown after them, e.g. "4 × this machine's 2 cores" */
export function wholeNumber(min: number, max: number, unit: string, why?: string) {
  return z.unknown().transform((value, ctx): number => {
    const n = readWholeNumber(value);
    if (n !== undefined && n >= min && n <= max) return n;
    ctx.addIssue({ code: "custom", input: value, message: expectation(value, min, max, unit, why) });
    return z.NEVER;
  });
}

export interface WholeNumberBounds {
  /** @default 1 */
  readonly min?: number;
  /** @default Number.MAX_SAFE_INTEGER */
  readonly max?: number;
  /** What is counted, e.g. "seconds"; empty for a bare number. */
  readonly unit: string;
  /** What the bounds stand for, e.g. "one day". */
  readonly why?: string;
}

/**
 * A flag's whole number. Throws FLOWLENS_USAGE in the settings' own sentence, e.g.
 * `--max-rows: expected a whole number of rows of at least 1, got "0x10"`.
 */
export function wholeNumberFlag(flag: string, text: string, bounds: WholeNumberBounds): number {
  const { min = 1, max = Number.MAX_SAFE_INTEGER, unit, why } = bounds;
  const n = readWholeNumber(text);
  if (n !== undefined && n >= min && n <= max) return n;
  throw new FlowlensError("FLOWLENS_USAGE", `${flag}: ${expectation(text, min, max, unit, why)}`);
}
