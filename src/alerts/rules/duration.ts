/**
 * Durations as alert rules and `alerts silence --for` write them: a whole number and a unit, `30s`, `10m`,
 * `2h`, `1d` (several parts add up: `1h30m`). One reader for the config and the flags, so both say the
 * same thing about `90` or `1.5h`.
 */
import { z } from "zod";
import { showValue } from "../../config/describe-issue.js";

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const DURATION = /^(\d+[smhd])+$/;

/** Seconds of a duration text, or undefined when it is not one. */
export function readDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)([smhd])/g))
    seconds += Number(n) * (UNIT_SECONDS[unit as string] as number);
  return Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** `2h`, `1d`, `1h30m`, `45s`: the shortest text for whole seconds. */
export function showDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  let rest = seconds;
  let text = "";
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) text += `${n}${unit}`;
    rest -= n * size;
  }
  return text;
}

export interface DurationBounds {
  readonly min: number;
  readonly max: number;
  /** Whether the duration must divide a day evenly (an evaluation period: buckets start at midnight). */
  readonly dividesDay?: boolean;
}

/** The sentence for a value that is not a duration in bounds. */
export function durationProblem(value: unknown, bounds: DurationBounds): string | undefined {
  const seconds = typeof value === "string" ? readDuration(value) : undefined;
  const range = `from ${showDuration(bounds.min)} to ${showDuration(bounds.max)}`;
  const expected = `expected a duration such as 10m, 1h or 1d ${range}${bounds.dividesDay ? " that divides a day" : ""}`;
  if (seconds === undefined || seconds < bounds.min || seconds > bounds.max)
    return `${expected}, got ${showValue(value)}`;
  if (bounds.dividesDay && 86_400 % seconds !== 0) return `${expected}, got ${showValue(value)}`;
  return undefined;
}

/** A duration setting, read as seconds. */
export function durationSetting(bounds: DurationBounds) {
  return z.unknown().transform((value, ctx): number => {
    const problem = durationProblem(value, bounds);
    if (problem === undefined) return readDuration(value as string) as number;
    ctx.addIssue({ code: "custom", input: value, message: problem });
    return z.NEVER;
  });
}
