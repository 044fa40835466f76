/**
 * The explorer's filters from the query string: `<dimension>=v1,v2` (any of the values), `addr=` (either
 * address) and `port=` (either port). Every value is checked here — an enum, a whole number in range, an
 * IP address or an IPv4 CIDR parsed by enrich/aws-ip-ranges/ip-address.ts — and reaches SQL only as a
 * bound parameter (on ClickHouse, a literal quoted by store/clickhouse/bind-params.ts); the SQL text is
 * built from the dimension table alone.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { parseCidr, parseIpAddress } from "../../enrich/aws-ip-ranges/ip-address.js";
import { FlowlensError } from "../../errors.js";
import { hasControlCharacter } from "./control-characters.js";
import type { FlowDialect } from "./flow-dialect.js";
import { DIMENSIONS, type DimensionName, dimensionSql, type FlowSource } from "./flow-dimensions.js";

/** Filters beyond the dimensions: either address, either port. */
export const EITHER_SIDE = {
  addr: { columns: ["srcaddr", "dstaddr"], description: "source or destination address or IPv4 CIDR" },
  port: { columns: ["srcport", "dstport"], description: "source or destination port" },
} as const;
export type FilterName = DimensionName | keyof typeof EITHER_SIDE;

const MAX_VALUES = 100;

type Checked = { kind: "value"; value: string | number } | { kind: "range"; lo: number; hi: number };

function refuse(name: string, given: string, expected: string): never {
  throw new FlowlensError(
    "FLOWLENS_USAGE",
    `query parameter ${name}: expected ${expected}, got ${JSON.stringify(given)}`,
  );
}

function wholeNumber(name: string, text: string, max: number, what: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > max) refuse(name, text, what);
  return Number(text);
}

/** An address, or an IPv4 CIDR as the range of its integers (ipv4_to_int in the store's macros). */
function address(name: string, text: string): Checked {
  if (!text.includes("/")) {
    if (!parseIpAddress(text)) refuse(name, text, "an IP address or an IPv4 CIDR such as 10.0.0.0/16");
    return { kind: "value", value: text };
  }
  const prefix = parseCidr(text);
  if (!prefix) refuse(name, text, "an IP address or an IPv4 CIDR such as 10.0.0.0/16");
  if (prefix.version === 6)
    refuse(name, text, "an IPv4 CIDR (IPv6 prefixes are not supported yet; give an address)");
  const size = 2 ** (32 - prefix.length);
  const lo = Math.floor((prefix.words[0] ?? 0) / size) * size;
  return { kind: "range", lo, hi: lo + size - 1 };
}

function checkValue(name: FilterName, text: string): Checked {
  if (name === "addr" || name === "srcaddr" || name === "dstaddr") return address(name, text);
  if (name === "port") return { kind: "value", value: wholeNumber(name, text, 65535, "a port 0–65535") };
  const spec = DIMENSIONS[name].value;
  if (Array.isArray(spec)) {
    if (!spec.includes(text)) refuse(name, text, `one of ${spec.join(", ")}`);
    return { kind: "value", value: text };
  }
  if (spec === "port") return { kind: "value", value: wholeNumber(name, text, 65535, "a port 0–65535") };
  if (spec === "protocol")
    return { kind: "value", value: wholeNumber(name, text, 255, "a protocol number 0–255") };
  if (spec === "trafficPath")
    return { kind: "value", value: wholeNumber(name, text, 8, "a traffic path 1–8") };
  if (text.length === 0 || text.length > 256 || hasControlCharacter(text))
    refuse(name, text, "an ID of 1 to 256 characters");
  return { kind: "value", value: text };
}

export interface FlowFilter {
  readonly name: FilterName;
  readonly values: readonly Checked[];
}

/** Parses `a,b,c` for each filter given. */
export function parseFilters(query: Readonly<Record<string, string | undefined>>): FlowFilter[] {
  const filters: FlowFilter[] = [];
  for (const name of [...(Object.keys(DIMENSIONS) as DimensionName[]), "addr" as const, "port" as const]) {
    const text = query[name];
    if (text === undefined) continue;
    const parts = text.split(",");
    if (parts.length > MAX_VALUES) refuse(name, `${parts.length} values`, `at most ${MAX_VALUES} values`);
    filters.push({ name, values: parts.map((part) => checkValue(name, part.trim())) });
  }
  return filters;
}

/** The dimensions a filter reads (either-side filters read both columns). */
export function filterDimensions(filter: FlowFilter): DimensionName[] {
  return filter.name in EITHER_SIDE
    ? [...EITHER_SIDE[filter.name as keyof typeof EITHER_SIDE].columns]
    : [filter.name as DimensionName];
}

/** Collects bound parameters while SQL is written; names are $p0, $p1, … */
export class SqlParams {
  readonly values: Record<string, DuckDBValue> = {};
  private n = 0;
  add(value: DuckDBValue): string {
    const name = `p${this.n++}`;
    this.values[name] = value;
    return `$${name}`;
  }
}

/** One filter as a SQL condition over the source `table`'s rows and their joins, its values bound. */
export function filterSql(
  filter: FlowFilter,
  table: FlowSource,
  params: SqlParams,
  dialect: FlowDialect,
): string {
  const conditions = filterDimensions(filter).map((dimension) => {
    const exact = filter.values.flatMap((v) => (v.kind === "value" ? [v.value] : []));
    const ranges = filter.values.flatMap((v) => (v.kind === "range" ? [v] : []));
    const parts = exact.length > 0 ? [dialect.anyOf(dimensionSql(dimension), exact, params)] : [];
    for (const range of ranges)
      parts.push(dialect.inIpv4Range(DIMENSIONS[dimension].column, table, range.lo, range.hi, params));
    return `(${parts.join(" OR ")})`;
  });
  return `(${conditions.join(" OR ")})`;
}
