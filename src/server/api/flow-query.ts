/**
 * The explorer's SQL: the period's flows, filtered, grouped by one dimension, top N by a metric over the
 * whole range with their series per hour or day (the rest summed as one "other" series), and the Sankey
 * of source class → ENI kind → destination class. It reads the smallest table that carries every
 * dimension asked for (flow-dimensions.ts): `hourly_rollup` or `flow_rollup`, else `flows`.
 */
import type { Store } from "../../store/store.js";
import { DIMENSIONS, type DimensionJoin, type DimensionName, type FlowSource } from "./flow-dimensions.js";
import { type FlowFilter, filterDimensions, filterSql, SqlParams } from "./flow-filters.js";
import { tableExists } from "./table-exists.js";

export const METRICS = ["bytes", "packets", "records"] as const;
export type Metric = (typeof METRICS)[number];
export type Bucket = "hour" | "day";

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

const SUMS: Record<FlowSource, string> = {
  flows:
    "count(*)::BIGINT AS records, coalesce(sum(f.bytes), 0)::HUGEINT AS bytes, coalesce(sum(f.packets), 0)::HUGEINT AS packets",
  flow_rollup:
    "sum(f.records)::BIGINT AS records, coalesce(sum(f.bytes), 0)::HUGEINT AS bytes, coalesce(sum(f.packets), 0)::HUGEINT AS packets",
  hourly_rollup:
    "sum(f.records)::BIGINT AS records, coalesce(sum(f.bytes), 0)::HUGEINT AS bytes, coalesce(sum(f.packets), 0)::HUGEINT AS packets",
};

const BUCKET_SQL: Record<FlowSource, Record<Bucket, string>> = {
  flows: { hour: "date_trunc('hour', f.start_time)", day: "CAST(f.day AS TIMESTAMP)" },
  flow_rollup: { hour: "NULL", day: "CAST(f.day AS TIMESTAMP)" },
  hourly_rollup: { hour: "f.hour", day: "CAST(f.day AS TIMESTAMP)" },
};

/** FROM with the joins the dimensions need; a table the store lacks is an empty stand-in. */
async function fromSql(store: Store, source: FlowSource, joins: ReadonlySet<DimensionJoin>): Promise<string> {
  let sql = `${source} f`;
  if (joins.has("eni")) {
    const enis = (await tableExists(store, "inventory_enis"))
      ? "inventory_enis"
      : "(SELECT NULL::VARCHAR AS interface_id, NULL::VARCHAR AS kind WHERE false)";
    sql += ` LEFT JOIN ${enis} eni ON eni.interface_id = f.interface_id`;
  }
  const addresses = (await tableExists(store, "addresses"))
    ? "addresses"
    : "(SELECT NULL::VARCHAR AS address, NULL::VARCHAR AS address_class WHERE false)";
  if (joins.has("src")) sql += ` LEFT JOIN ${addresses} src ON src.address = f.srcaddr`;
  if (joins.has("dst")) sql += ` LEFT JOIN ${addresses} dst ON dst.address = f.dstaddr`;
  return sql;
}

interface Prepared {
  readonly source: FlowSource;
  readonly from: string;
  readonly where: string;
  readonly params: SqlParams;
}

async function prepare(
  store: Store,
  selection: FlowSelection,
  extra: readonly DimensionName[],
): Promise<Prepared> {
  const dimensions = [...selection.filters.flatMap(filterDimensions), ...extra];
  const source = pickSource(dimensions, selection.bucket);
  const joins = new Set(
    dimensions.flatMap((d) => {
      const join = (DIMENSIONS[d] as { join?: DimensionJoin }).join;
      return join ? [join] : [];
    }),
  );
  const params = new SqlParams();
  params.values.from = selection.from;
  params.values.to = selection.to;
  const conditions = [
    "f.day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)",
    ...selection.filters.map((filter) => filterSql(filter, source, params)),
  ];
  return { source, from: await fromSql(store, source, joins), where: conditions.join(" AND "), params };
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
  const topParam = q.params.add(top);
  const sql = `WITH g AS (
      SELECT ${BUCKET_SQL[q.source][selection.bucket]} AS bucket, ${DIMENSIONS[groupBy].sql} AS value, ${SUMS[q.source]}
      FROM ${q.from} WHERE ${q.where} GROUP BY ALL),
    ranked AS (
      SELECT value, row_number() OVER (ORDER BY sum(${metric}) DESC, value ASC NULLS LAST)::INTEGER AS rank
      FROM g GROUP BY value),
    marked AS (
      SELECT g.*, CASE WHEN r.rank <= ${topParam} THEN r.rank END AS top_rank
      FROM g JOIN ranked r ON g.value IS NOT DISTINCT FROM r.value)
    SELECT strftime(bucket, '%Y-%m-%dT%H:%M:%SZ') AS bucket, top_rank AS rank,
      CASE WHEN top_rank IS NOT NULL THEN any_value(value) END AS value,
      (SELECT count(*) FROM ranked)::INTEGER AS "values",
      sum(records)::BIGINT AS records, sum(bytes)::HUGEINT AS bytes, sum(packets)::HUGEINT AS packets
    FROM marked GROUP BY marked.bucket, top_rank ORDER BY marked.bucket, top_rank NULLS LAST`;
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
  const rows = await store.rows<{
    src: string;
    kind: string;
    dst: string;
    records: number;
    bytes: number;
    packets: number;
  }>(
    `SELECT ${DIMENSIONS.srcClass.sql} AS src, ${DIMENSIONS.eniKind.sql} AS kind, ${DIMENSIONS.dstClass.sql} AS dst, ${SUMS[q.source]}
     FROM ${q.from} WHERE ${q.where} GROUP BY ALL ORDER BY ALL`,
    q.params.values,
  );
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
