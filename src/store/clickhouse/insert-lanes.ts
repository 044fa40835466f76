/**
 * Where a load's rows are inserted, as lanes sent at once (18.16 parses one INSERT on one thread). On a
 * cluster, a lane per shard, inserting straight into that shard's `<table>_local`: the parser splits the
 * rows by the shard the Distributed tables' key places each ENI on (`shardKey`, computed by ClickHouse
 * itself for each ENI, once), so every shard parses its own part and none forwards rows. On one server,
 * two lanes into the same tables, split by the same key. Either way each row lands where an INSERT into
 * the plain table would have put it; what a load commits is still decided by its ledger row alone.
 */
import type { DuckDbStore } from "../duckdb/duckdb-store.js";
import { quoteString } from "../duckdb/flow-insert-sql.js";
import { literal } from "./bind-params.js";
import { shardKey } from "./clickhouse-schema.js";
import type { ClickHouseStore } from "./clickhouse-store.js";
import { shardTargets } from "./init-store.js";

export interface InsertLane {
  /** A store of the lane's own (its calls run beside the other lanes'). */
  readonly store: ClickHouseStore;
  /** The tables it inserts into: `<table>_local` on a cluster's shard, `<table>` on a single server. */
  table(name: string): string;
}

/** Lanes on one server: two INSERTs at once keep both of this machine's cores parsing. @default 2 */
const SINGLE_SERVER_LANES = 2;

/** The parser's table of each ENI's lane, filled as loads meet new ENIs. */
const ENI_LANES = "shipping_eni_lanes";

export class InsertLanes {
  private readonly known = new Set<string>();

  private constructor(
    readonly lanes: readonly InsertLane[],
    /** Lane i's slots: an ENI's key modulo slots.length names its lane (Distributed's shard weights). */
    private readonly slots: readonly number[],
    private readonly home: ClickHouseStore,
  ) {}

  static async open(home: ClickHouseStore): Promise<InsertLanes> {
    if (!home.target.cluster) {
      const lanes = await Promise.all(
        Array.from({ length: SINGLE_SERVER_LANES }, async () => ({
          store: await home.sibling(),
          table: (name: string) => name,
        })),
      );
      return new InsertLanes(
        lanes,
        lanes.map((_, i) => i),
        home,
      );
    }
    const weights = await home.rows<{ shard_weight: number }>(
      `SELECT any(shard_weight) AS shard_weight FROM system.clusters WHERE cluster = $cluster
       GROUP BY shard_num ORDER BY shard_num`,
      { cluster: home.target.cluster },
    );
    const targets = await shardTargets(home);
    const lanes: InsertLane[] = [];
    try {
      for (const target of targets)
        lanes.push({ store: await home.sibling(target), table: (name) => `${name}_local` });
    } catch (error) {
      await Promise.all(lanes.map((l) => l.store.close()));
      throw error;
    }
    // As Distributed does: shard i takes as many slots as its weight, in shard order.
    const slots = weights.flatMap((w, i) => Array.from({ length: Number(w.shard_weight) }, () => i));
    return new InsertLanes(lanes, slots, home);
  }

  /**
   * Makes the parser's `shipping_eni_lanes` name the lane of every ENI of its `flow_records` rows that
   * `where` selects; returns the DuckDB condition that keeps lane i's rows.
   */
  async split(parser: DuckDbStore, where: string): Promise<(lane: number) => string> {
    await parser.run(`CREATE TABLE IF NOT EXISTS ${ENI_LANES} (eni VARCHAR PRIMARY KEY, lane INTEGER)`);
    const enis = (
      await parser.rows<{ eni: string }>(
        `SELECT DISTINCT coalesce(interface_id, '') AS eni FROM flow_records WHERE ${where}`,
      )
    )
      .map((r) => r.eni)
      .filter((eni) => !this.known.has(eni));
    for (let i = 0; i < enis.length; i += 5000) {
      const some = enis.slice(i, i + 5000);
      const rows = await this.home.rows<{ eni: string; slot: number }>(
        `SELECT eni, toUInt32(${shardKey("eni")} % ${this.slots.length}) AS slot
         FROM (SELECT arrayJoin([${some.map(literal).join(", ")}]) AS eni)`,
      );
      const values = rows.map((r) => `(${quoteString(r.eni)}, ${this.slots[r.slot]})`);
      if (values.length > 0) await parser.run(`INSERT INTO ${ENI_LANES} VALUES ${values.join(", ")}`);
      for (const eni of some) this.known.add(eni);
    }
    return (lane) => `coalesce(interface_id, '') IN (SELECT eni FROM ${ENI_LANES} WHERE lane = ${lane})`;
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.store.close()));
  }
}
