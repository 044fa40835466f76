/** The period a page shows: `?from=&to=` in the URL, else the last day with data. */
import type { Location } from "./router.js";
import type { DayRow, Period } from "./types.js";

export function periodOf(location: Location, days: readonly DayRow[]): Period | undefined {
  const from = location.params.get("from") ?? days.at(-1)?.day;
  if (!from) return undefined;
  return { from, to: location.params.get("to") ?? from };
}

export const describePeriod = (p: Period) => (p.from === p.to ? p.from : `${p.from} to ${p.to}`);
