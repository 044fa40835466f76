/**
 * Yes/no columns as booleans, whichever dialect answered: DuckDB returns BOOLEAN as true/false, ClickHouse
 * (18.16 has no Bool type) as 1/0. Insights pass the rows they show through this, so a report's tables
 * read the same on every backend.
 */
export function booleanColumns<T extends Record<string, unknown>>(
  rows: T[],
  columns: readonly string[],
): T[] {
  return rows.map((row) => {
    const copy: Record<string, unknown> = { ...row };
    for (const column of columns) {
      const value = copy[column];
      if (typeof value === "number") copy[column] = value !== 0;
    }
    return copy as T;
  });
}
