/**
 * The days of the last weeks with data: a day with data can be picked (shift-click a second one for a
 * range); an incomplete day is hatched and says why on hover.
 */
import { formatBytes, formatCount } from "../format.js";
import type { DayRow, Period } from "../types.js";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function DayCalendar(props: { days: readonly DayRow[]; period: Period; onPick: (p: Period) => void }) {
  const { days, period, onPick } = props;
  const byDay = new Map(days.map((d) => [d.day, d]));
  const last = Date.parse(`${days.at(-1)?.day ?? period.to}T00:00:00Z`);
  const first = Math.max(Date.parse(`${days[0]?.day ?? period.from}T00:00:00Z`), last - 41 * DAY_MS);
  const cells: string[] = [];
  for (let ms = first; ms <= last; ms += DAY_MS) cells.push(isoDay(ms));
  const pick = (day: string, extend: boolean) => {
    if (!extend) return onPick({ from: day, to: day });
    const [from, to] = [period.from, day].sort() as [string, string];
    onPick({ from, to });
  };
  const month = (day: string) =>
    new Date(`${day}T00:00:00Z`).toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  return (
    <div class="calendar">
      {cells.flatMap((day, i) => {
        const row = byDay.get(day);
        const chosen = day >= period.from && day <= period.to;
        const classes = [row && "data", row && !row.complete && "incomplete", chosen && "chosen"].filter(
          Boolean,
        );
        const title = row
          ? `${day}: ${formatCount(row.records)} records, ${formatBytes(row.bytes)}${row.complete ? "" : ` — incomplete: ${row.gaps.join("; ")}`}`
          : `${day}: no data`;
        const label =
          i === 0 || day.endsWith("-01")
            ? [
                <span class="month" key={`${day} month`}>
                  {month(day)}
                </span>,
              ]
            : [];
        return [
          ...label,
          <button
            type="button"
            key={day}
            class={classes.join(" ")}
            disabled={!row}
            title={title}
            data-day={day}
            onClick={(e) => pick(day, (e as MouseEvent).shiftKey)}
          >
            {day.slice(8)}
          </button>,
        ];
      })}
    </div>
  );
}
