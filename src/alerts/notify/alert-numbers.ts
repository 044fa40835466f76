/**
 * An alert's numbers as a person reads them: its value in its unit, and its window with its length. Shared
 * by event messages, the CLI, Slack, webhooks and the dashboard's bundle, so it imports formatting only (a
 * unit is one of ALERT_UNITS, taken as text so the bundle needs no store types).
 */
import { formatUsd } from "../../pricing/money.js";
import { formatPercent, formatTime } from "../../text/format-cell.js";
import { formatBytes, formatCount } from "../../text/format-numbers.js";

/** `1.4 GiB`, `$12.30` (cents rounded half away from zero), `1,204`, `12.5%`, `z = 6.2`; "no data" for null. */
export function formatAlertValue(value: number | null, unit: string): string {
  if (value === null) return "no data";
  switch (unit) {
    case "bytes":
      return formatBytes(value);
    case "usd":
      return formatUsd(value);
    case "share":
      return formatPercent(value);
    case "z-score":
      return `z = ${value.toFixed(1)}`;
    default:
      return Number.isInteger(value)
        ? formatCount(value)
        : value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
}

/** `1 hour`, `10 minutes`, `2 days`, `90 minutes`. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const [n, unit] =
    minutes % 1440 === 0 && minutes > 0
      ? [minutes / 1440, "day"]
      : minutes % 60 === 0 && minutes > 0
        ? [minutes / 60, "hour"]
        : [minutes, "minute"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** `2026-11-30 14:00 UTC – 15:00 (1 hour)`; the end's day is written when it differs. */
export function formatWindow(start: string, end: string): string {
  return `${formatWindowRange(start, end)} (${formatDuration(Date.parse(end) - Date.parse(start))})`;
}

/** `2026-11-30 14:00–15:00 UTC`, without the length. */
export function formatWindowRange(start: string, end: string): string {
  const from = formatTime(start);
  const to = formatTime(end);
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return `${from.replace(" UTC", "")}–${sameDay ? to.slice(11) : to}`;
}
