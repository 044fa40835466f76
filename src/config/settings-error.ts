/**
 * How a settings problem is written, the same in `config check` and in any command that refuses to run:
 * `<where>: <what was expected, and the value given>`, where is the flag (`--memory-limit`), the
 * environment variable (`FLOWLENS_MEMORY_LIMIT`) or the file position with the setting's path
 * (`flowlens.yaml:2:14 (memoryLimit)`).
 */
import { FlowlensError } from "../errors.js";
import type { FilePosition } from "./config-file.js";

/** `file:line:column (path)`, leaving out what is not known. */
export function fileLocation(file: string, position: FilePosition | undefined, path: string): string {
  const at = position ? `${file}:${position.line}:${position.column}` : file;
  return path ? `${at} (${path})` : at;
}

/** The most problems listed one by one; the rest are counted ("… and 19950 more"). */
export const MAX_LISTED_PROBLEMS = 50;

/** The lines as listed: the first MAX_LISTED_PROBLEMS, then one saying how many more there are. */
export function listedProblems<T>(lines: readonly T[], more: (count: number) => T): T[] {
  if (lines.length <= MAX_LISTED_PROBLEMS) return [...lines];
  return [...lines.slice(0, MAX_LISTED_PROBLEMS), more(lines.length - MAX_LISTED_PROBLEMS)];
}

/** One FLOWLENS_CONFIG_INVALID (a usage error) listing every problem, one per line after the first. */
export function settingsError(lines: readonly string[]): FlowlensError {
  const listed = listedProblems(lines, (count) => `… and ${count} more`);
  const message =
    lines.length === 1
      ? (lines[0] as string)
      : `${lines.length} settings are invalid:\n${listed.map((l) => `  ${l}`).join("\n")}`;
  return new FlowlensError("FLOWLENS_CONFIG_INVALID", message);
}
