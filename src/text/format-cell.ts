/**
 * A table cell as a person reads it, by its column's name — the same in the reports' tables and the
 * dashboard's: bytes in GiB (2^30, what AWS bills as GB), dollars with cents, shares as percentages, counts
 * with separators, codes (ports, protocols) as they are, and times in UTC (and, where there is a viewer,
 * their local time). The raw values stay in report.json, CSV and JSON.
 */
import { formatBytes, formatCount } from "./format-numbers.js";

const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function formatUsd(usd: number): string {
  return dollars.format(usd);
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** `2026-11-30 14:05 UTC`, and with `local`, ` (15:05 local)`. */
export function formatTime(iso: string, local = false): string {
  const date = new Date(/Z$|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso.replace(" ", "T")}Z`);
  if (Number.isNaN(date.getTime())) return iso;
  const utc = `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  if (!local) return utc;
  return `${utc} (${date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })} local)`;
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

/** @param local add the viewer's local time to times (the dashboard; reports have no viewer) */
export function formatCell(column: string, value: unknown, local = false): string {
  if (value === null || value === undefined) return "–";
  if (typeof value !== "number") {
    if (typeof value === "string" && kindOf(column) === "time" && /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(value))
      return formatTime(value, local);
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
