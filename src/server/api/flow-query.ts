/**
 * The explorer's SQL: the period's flows, filtered, grouped by one dimension, top N by a metric over the
 * whole range with their series per hour or day (the rest summed as one "other" series), and the Sankey
 * of source class → ENI kind → destination class. It reads the smallest table that carries every
 * dimension asked for (flow-dimensions.ts): `hourly_rollup` or `flow_rollup`, else `flows`.
 */
import type { Store } from "../../store/store.js";
import { tableExists } from "../../store/table-exists.js";
import { type Bucket, FLOW_DIALECTS, type FlowDialect, type Metric } from "./flow-dialect.js";
import {
  DIMENSIONS,
  type DimensionJoin,
  type DimensionName,
  dimensionSql,
  type FlowSource,
  JOINS,
} from "./flow-dimensions.js";
import { type FlowFilter, filterDimensions, filterSql, SqlParams } from "./flow-filters.js";

export type { Bucket, Metric } from "./flow-dialect.js";
export const METRICS = ["bytes", "packets", "records"] as const satisfies readonly Metric[];

export interface FlowSelection {
  readonly from: string;
  readonly to: string;
  readonly filters: readonly FlowFilter[];
  readonly bucket: Bucket;
}

/** The smallest table that has every dimension used, at the bucket asked for. */
export function pickSource(dimensions: readonly DimensionName[], bucket: Bucket): FlowSource {
  const order: FlowSource[] = bucket === "hour" ? ["hourly_rollup", "flows"] : ["flow_rollup", "flows"];
  return (
    order.find((source) =>
      dimensions.every((d) => (DIMENSIONS[d].sources as readonly string[]).includes(source)),
    ) ?? "flows"
  );
}

/** The columns a source's sums and buckets read. */
const MEASURES: Record<FlowSource, readonly string[]> = {
  flows: ["day", "start_time", "bytes", "packets"],
  flow_rollup: ["day", "records", "bytes", "packets"],
  hourly_rollup: ["day", "hour", "records", "bytes", "packets"],
};

const joinOf = (d: DimensionName): DimensionJoin | undefined =>
  (DIMENSIONS[d] as { join?: DimensionJoin }).join;

/**
 * The period's rows of `source` that pass `where`, with the columns the dimensions read and one nested
 * LEFT JOIN per join they need (ClickHouse 18.16 takes one JOIN per SELECT); a table the store lacks is an
 * empty stand-in.
 */
async function joinedRows(
  store: Store,
  dialect: FlowDialect,
  source: FlowSource,
  dimensions: readonly DimensionName[],
  where: string,
): Promise<string> {
  const columns = [...new Set([...MEASURES[source], ...dimensions.map((d) => DIMENSIONS[d].column)])];
  let sql = `(SELECT ${columns.join(", ")} FROM ${source} WHERE ${where}) AS f`;
  const joins = [...new Set(dimensions.flatMap((d) => joinOf(d) ?? []))].sort();
  for (const [i, name] of joins.entries()) {
    const join = JOINS[name];
    const aliases = Object.keys(join.columns);
    const table = (await tableExists(store, join.table))
      ? `SELECT ${Object.entries(join.columns)
          .map(([alias, column]) => `${column} AS ${alias}`)
          .join(", ")} FROM ${join.table}`
      : dialect.emptyTable(aliases);
    sql = `(SELECT ${columns.join(", ")}, ${aliases.join(", ")} FROM ${sql}
      ${dialect.leftJoin} (${table}) AS j${i} ON ${join.key} = ${aliases[0]}) AS f${i}`;
    columns.push(...aliases);
  }
  return sql;
}

interface Prepared {
  readonly dialect: FlowDialect;
  readonly source: FlowSource;
  /** FROM … WHERE …: the selection's rows, joined and filtered. */
  readonly rows: string;
  readonly params: SqlParams;
}

async function prepare(
  store: Store,
  selection: FlowSelection,
  extra: readonly DimensionName[],
): Promise<Prepared> {
  const dialect = FLOW_DIALECTS[store.dialect.name];
  const dimensions = [...selection.filters.flatMap(filterDimensions), ...extra];
  const source = pickSource(dimensions, selection.bucket);
  const params = new SqlParams();
  params.values.from = selection.from;
  params.values.to = selection.to;
  // Filters on the source's own columns apply before the joins, those on joined attributes after them.
  const joined = (f: FlowFilter) => filterDimensions(f).some((d) => joinOf(d) !== undefined);
  const condition = (filters: readonly FlowFilter[], first: string[]) =>
    [...first, ...filters.map((f) => filterSql(f, source, params, dialect))].join(" AND ") || "1 = 1";
  const inner = condition(
    selection.filters.filter((f) => !joined(f)),
    [dialect.inPeriod],
  );
  const outer = condition(selection.filters.filter(joined), []);
  const from = await joinedRows(store, dialect, source, dimensions, inner);
  return { dialect, source, rows: `${from} WHERE ${outer}`, params };
}

export interface TopRow {
  readonly rank: number;
  readonly value: string | number | null;
  readonly records: number;
  readonly bytes: number;
  readonly packets: number;
}

export interface SeriesPoint {
  /** UTC, ISO 8601: the hour or the day's midnight. */
  readonly bucket: string;
  /** The table row this point belongs to; null: the values outside the top N, summed. */
  readonly rank: number | null;
  readonly records: number;
  readonly bytes: number;
  readonly packets: number;
}

export interface TopOverTime {
  readonly source: FlowSource;
  readonly table: readonly TopRow[];
  readonly other: {
    readonly values: number;
    readonly records: number;
    readonly bytes: number;
    readonly packets: number;
  };
  readonly series: readonly SeriesPoint[];
}

export async function topOverTime(
  store: Store,
  selection: FlowSelection,
  groupBy: DimensionName,
  metric: Metric,
  top: number,
): Promise<TopOverTime> {
  const q = await prepare(store, selection, [groupBy]);
  const grouped = `SELECT ${q.dialect.bucketStart(q.source, selection.bucket)} AS bucket_at, ${dimensionSql(groupBy)} AS g_value,
      ${q.dialect.sums(q.source)} FROM ${q.rows} GROUP BY bucket_at, g_value HAVING t_records != 0`;
  const sql = `${q.dialect.topOverTime(grouped, metric, q.params.add(top))}${q.dialect.settings}`;
  const rows = await store.rows<{
    bucket: string;
    rank: number | null;
    value: string | number | null;
    values: number;
    records: number;
    bytes: number;
    packets: number;
  }>(sql, q.params.values);
  const table = new Map<
    number,
    { rank: number; value: string | number | null; records: number; bytes: number; packets: number }
  >();
  const other = { values: 0, records: 0, bytes: 0, packets: 0 };
  for (const row of rows) {
    if (row.rank === null) {
      other.records += row.records;
      other.bytes += row.bytes;
      other.packets += row.packets;
      continue;
    }
    const entry = table.get(row.rank) ?? {
      rank: row.rank,
      value: row.value,
      records: 0,
      bytes: 0,
      packets: 0,
    };
    entry.records += row.records;
    entry.bytes += row.bytes;
    entry.packets += row.packets;
    table.set(row.rank, entry);
  }
  other.values = Math.max(0, (rows[0]?.values ?? 0) - top);
  return {
    source: q.source,
    table: [...table.values()].sort((a, b) => a.rank - b.rank),
    other,
    series: rows.map(({ bucket, rank, records, bytes, packets }) => ({
      bucket,
      rank,
      records,
      bytes,
      packets,
    })),
  };
}

export interface SankeyNode {
  readonly id: string;
  readonly stage: "source" | "eni" | "destination";
  readonly name: string;
}

export interface SankeyLink {
  readonly source: string;
  readonly target: string;
  readonly records: number;
  readonly bytes: number;
  readonly packets: number;
}

/** Source address class → ENI kind → destination address class, over the selection. */
export async function flowSankey(
  store: Store,
  selection: FlowSelection,
): Promise<{ source: FlowSource; nodes: SankeyNode[]; links: SankeyLink[] }> {
  const q = await prepare(store, { ...selection, bucket: "day" }, ["srcClass", "eniKind", "dstClass"]);
  const rows = (
    await store.rows<{
      src: string;
      kind: string;
      dst: string;
      t_records: number;
      t_bytes: number;
      t_packets: number;
    }>(
      `SELECT ${dimensionSql("srcClass")} AS src, ${dimensionSql("eniKind")} AS kind, ${dimensionSql("dstClass")} AS dst,
       ${q.dialect.sums(q.source)} FROM ${q.rows} GROUP BY src, kind, dst HAVING t_records != 0
       ORDER BY src, kind, dst${q.dialect.settings}`,
      q.params.values,
    )
  ).map((r) => ({ ...r, records: r.t_records, bytes: r.t_bytes, packets: r.t_packets }));
  const nodes = new Map<string, SankeyNode>();
  const links = new Map<
    string,
    { source: string; target: string; records: number; bytes: number; packets: number }
  >();
  const node = (stage: SankeyNode["stage"], name: string) => {
    const id = `${stage}:${name}`;
    if (!nodes.has(id)) nodes.set(id, { id, stage, name });
    return id;
  };
  const link = (source: string, target: string, row: { records: number; bytes: number; packets: number }) => {
    const key = `${source}>${target}`;
    const entry = links.get(key) ?? { source, target, records: 0, bytes: 0, packets: 0 };
    entry.records += row.records;
    entry.bytes += row.bytes;
    entry.packets += row.packets;
    links.set(key, entry);
  };
  for (const row of rows) {
    const eni = node("eni", row.kind);
    link(node("source", row.src), eni, row);
    link(eni, node("destination", row.dst), row);
  }
  return { source: q.source, nodes: [...nodes.values()], links: [...links.values()] };
}
