/**
 * Human units for the dashboard, the same as the reports': bytes in GiB (2^30, what AWS bills as GB),
 * dollars with cents, counts with separators, times in UTC and the viewer's local time. A value's unit
 * comes from its column's name (`bytes`, `*_bytes`, `usd`, `*_usd`, `*_pct`, `*_at`, `hour`).
 */
import { formatBytes, formatCount } from "../text/format-numbers.js";

export { formatBytes, formatCount };

const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function formatUsd(usd: number): string {
  return dollars.format(usd);
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** `2026-11-30 14:05 UTC (15:05 local)` */
export function formatTime(iso: string): string {
  const date = new Date(iso.endsWith("Z") || iso.includes("+") ? iso : `${iso.replace(" ", "T")}Z`);
  if (Number.isNaN(date.getTime())) return iso;
  const utc = date.toISOString().slice(0, 16).replace("T", " ");
  const local = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return `${utc} UTC (${local} local)`;
}

export type ValueKind = "bytes" | "usd" | "percent" | "time" | "count" | "code";

/** Numbers that name something (a port, a protocol, a traffic path) are written as they are. */
const CODES = /(^|_)(port|dstport|srcport|protocol|traffic_path|trafficPath|rank|version|tcp_flags)$/;

export function kindOf(column: string): ValueKind {
  if (CODES.test(column)) return "code";
  if (column === "bytes" || column.endsWith("_bytes") || column.endsWith("Bytes")) return "bytes";
  if (column === "usd" || column.endsWith("_usd") || column.startsWith("usd")) return "usd";
  if (column.endsWith("_pct") || column.endsWith("_share")) return "percent";
  if (column.endsWith("_at") || column.endsWith("At") || column === "hour" || column === "time")
    return "time";
  return "count";
}

/** A cell as a person reads it; the raw value stays in downloads and sorting. */
export function formatValue(column: string, value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (typeof value !== "number") {
    if (typeof value === "string" && kindOf(column) === "time" && /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(value))
      return formatTime(value);
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  switch (kindOf(column)) {
    case "bytes":
      return formatBytes(value);
    case "usd":
      return formatUsd(value);
    case "percent":
      return formatPercent(value);
    case "code":
      return String(value);
    default:
      return Number.isInteger(value)
        ? formatCount(value)
        : value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
}
