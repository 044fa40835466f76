/** An instant as log lines show it: ISO 8601 in UTC to the second, e.g. 2026-11-22T06:00:00Z. */
export function logTime(date: Date | null): string {
  return date === null ? "never" : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
