/**
 * Moving committed loads from the parser (a scratch DuckDB store that read the files exactly as a DuckDB
 * ingest does) to ClickHouse. For each chunk: the rows (only the columns the parser stored) and their
 * rollup rows summed by the parser (parser-rollups.ts) go as CSV written by DuckDB (the fastest bulk
 * format 18.16 takes that DuckDB writes natively: BENCHMARKS.md), split into lanes sent at once (each
 * shard's own part straight into its local tables, or two halves on one server: insert-lanes.ts); then
 * the quarantined lines as JSONEachRow,
 * the negated rollup sums of the objects' previous loads, and last the ledger rows, whose one INSERT is
 * the commit (clickhouse-schema.ts). The parser's rows are dropped once written out, and a load is sent
 * while the parser reads the next chunk, so the disk holds about two chunks.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDbStore } from "../duckdb/duckdb-store.js";
import { quoteString } from "../duckdb/flow-insert-sql.js";
import { storedFlowColumns } from "../duckdb/flow-tables.js";
import { FLOW_COLUMNS, SOURCE_COLUMNS } from "../schema.js";
import { literal } from "./bind-params.js";
import { flowRollupSelect, hourlyRollupSelect, SOURCE_VERSION_COLUMNS } from "./clickhouse-schema.js";
import type { ClickHouseStore } from "./clickhouse-store.js";
import type { InsertLane, InsertLanes } from "./insert-lanes.js";
import { parserRollups } from "./parser-rollups.js";

interface CurrentLoad {
  readonly loadId: number;
  readonly status: string;
}

/** Load ids grow with time (readers take an object's latest ledger row by it) and stay below 2^53. */
let lastLoadId = 0;
export function nextLoadId(): number {
  lastLoadId = Math.max(lastLoadId + 1, Date.now() * 1024 + Math.floor(Math.random() * 1024));
  return lastLoadId;
}

const LEDGER_NAMES = SOURCE_COLUMNS.map(([name]) => name);

/**
 * A record's time as whole epoch seconds, which ClickHouse's DateTime reads from CSV as it reads
 * 'YYYY-MM-DD hh:mm:ss' (the parser's times are whole seconds): cheaper to write and to parse than the
 * text, by about a sixth of the rows' COPY (BENCHMARKS.md).
 */
const epochSeconds = (column: string) => `CAST(floor(epoch(${column})) AS BIGINT)`;

export class LoadShipper {
  private readonly current = new Map<number, CurrentLoad>();
  private readonly shipped = new Set<number>();
  private files = 0;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly parser: DuckDbStore,
    private readonly target: ClickHouseStore,
    private readonly lanes: InsertLanes,
    private readonly workDir: string,
    private readonly runId: number,
  ) {}

  /**
   * Copies the ledger rows ClickHouse has for these URIs into the parser, so that its plan (new, changed,
   * unchanged) and its source ids are ClickHouse's, and sets the parser's id sequences past ClickHouse's.
   */
  async seed(uris: readonly string[]): Promise<void> {
    const maxId = (await this.target.value<number>("SELECT max(source_id) FROM source_versions")) ?? 0;
    await this.parser.run("DROP SEQUENCE IF EXISTS source_ids");
    await this.parser.run(`CREATE SEQUENCE source_ids START ${Number(maxId) + 1}`);
    await this.parser.run("DROP SEQUENCE IF EXISTS run_ids");
    await this.parser.run(`CREATE SEQUENCE run_ids START ${this.runId}`);
    const chunk = 2000;
    for (let i = 0; i < uris.length; i += chunk) {
      const some = uris.slice(i, i + chunk);
      const rows = await this.target.rows(
        `SELECT ${LEDGER_NAMES.join(", ")}, load_id FROM sources WHERE uri IN (${some.map(literal).join(", ")})`,
      );
      if (rows.length === 0) continue;
      const path = join(this.workDir, `seed-${i}.json`);
      await writeFile(path, rows.map((r) => JSON.stringify(r)).join("\n"));
      const columns = SOURCE_COLUMNS.map(([name, type]) => `${name}: '${type.split(" ")[0]}'`).join(", ");
      await this.parser.run(
        `INSERT INTO sources (${LEDGER_NAMES.join(", ")}) SELECT ${LEDGER_NAMES.join(", ")}
         FROM read_json(${quoteString(path)}, format = 'newline_delimited', columns = {${columns}})`,
      );
      for (const r of rows)
        this.current.set(Number(r.source_id), { loadId: Number(r.load_id), status: String(r.status) });
    }
  }

  /**
   * Ships what the parser committed since the last call, as one load: its files are written here, and
   * sent to ClickHouse while the parser reads the next chunk (one load in flight at a time, in order; a
   * failed send fails the next call, or `flush`).
   */
  async ship(): Promise<void> {
    await this.sending;
    const load = await this.prepare();
    if (!load) return;
    this.sending = this.send(load);
    // Awaited by the next ship or flush; until then its failure must not count as unhandled.
    this.sending.catch(() => undefined);
  }

  /** Waits for the load in flight: once it resolves, every load shipped is committed. */
  async flush(): Promise<void> {
    await this.sending;
  }

  /** The parser's side of a load: its files, and its rows dropped from the parser. */
  private async prepare(): Promise<PreparedLoad | undefined> {
    const ids = (
      await this.parser.rows<{ source_id: number }>(
        "SELECT source_id FROM sources WHERE run_id = $1 ORDER BY source_id",
        [this.runId],
      )
    )
      .map((r) => r.source_id)
      .filter((id) => !this.shipped.has(id));
    if (ids.length === 0) return undefined;
    const loadId = nextLoadId();
    const idList = ids.join(", ");
    const where = `source_id IN (${idList})`;
    const file = (ext: string) => join(this.workDir, `load-${++this.files}.${ext}`);

    // Only the columns the parser stored (its loads' formats fill them); ClickHouse fills the rest with NULL.
    const stored = await storedFlowColumns(this.parser);
    const written = FLOW_COLUMNS.filter((c) => stored.has(c.name));
    const ofLane = await this.lanes.split(this.parser, where);
    const lanes: LoadFile[][] = [];
    for (let lane = 0; lane < this.lanes.lanes.length; lane++) {
      const inLane = `${where} AND ${ofLane(lane)}`;
      const parts: LoadFile[] = [];
      for (const part of [
        {
          table: "flow_records",
          columns: [...written.map((c) => c.name), "load_id"],
          select: `SELECT ${written.map((c) => (c.type === "TIMESTAMP" ? epochSeconds(c.name) : c.name)).join(", ")}, ${loadId}
            FROM flow_records WHERE ${inLane}`,
        },
        ...parserRollups(stored, inLane, loadId),
      ]) {
        const path = file("csv");
        await this.parser.run(
          `COPY (${part.select}) TO ${quoteString(path)} (FORMAT csv, HEADER false, NULLSTR '\\N')`,
        );
        parts.push({ table: part.table, columns: part.columns, path });
      }
      lanes.push(parts);
    }

    const rejects = file("json");
    await this.parser.run(
      `COPY (SELECT source_id, line, reason, text, ${loadId} AS load_id FROM rejects WHERE ${where})
       TO ${quoteString(rejects)} (FORMAT json)`,
    );

    const previous = ids.flatMap((id) => {
      const load = this.current.get(id);
      return load?.status === "loaded" ? [`(${id}, ${load.loadId})`] : [];
    });
    // A list of one tuple, ((1, 2)), would be read as the set {1, 2}: the first tuple is given twice.
    const loads = `(source_id, load_id) IN (${[...previous, previous[0]].join(", ")})`;
    const negations =
      previous.length === 0
        ? []
        : [
            `INSERT INTO flow_rollup_parts ${flowRollupSelect("flow_records", loads, -1, String(loadId))}`,
            `INSERT INTO hourly_rollup_parts ${hourlyRollupSelect("flow_records", loads, -1, String(loadId))}`,
          ];

    const ledger = file("json");
    const ledgerColumns = SOURCE_COLUMNS.map(([name, type]) =>
      type.startsWith("TIMESTAMP") ? `strftime(${name}, '%Y-%m-%d %H:%M:%S') AS ${name}` : name,
    );
    await this.parser.run(
      `COPY (SELECT ${ledgerColumns.join(", ")}, ${loadId} AS load_id FROM sources WHERE ${where})
       TO ${quoteString(ledger)} (FORMAT json)`,
    );

    for (const r of await this.parser.rows<{ source_id: number; status: string }>(
      `SELECT source_id, status FROM sources WHERE ${where}`,
    ))
      this.current.set(r.source_id, { loadId, status: r.status });
    for (const id of ids) this.shipped.add(id);
    await this.parser.run(`DELETE FROM flow_records WHERE ${where}`);
    await this.parser.run(`DELETE FROM rejects WHERE ${where}`);
    await this.parser.run("DELETE FROM rollup_pending");
    return { lanes, rejects, negations, ledger };
  }

  /**
   * ClickHouse's side: the rows and rollup rows (every lane at once), the quarantine, the negations, and
   * last the ledger rows.
   */
  private async send(load: PreparedLoad): Promise<void> {
    const files = [...load.lanes.flat().map((p) => p.path), load.rejects, load.ledger];
    try {
      const sent = load.lanes.map(async (parts, i) => {
        const lane = this.lanes.lanes[i] as InsertLane;
        for (const part of parts)
          await lane.store.insertFile(lane.table(part.table), part.columns, part.path, "CSV");
      });
      // Every lane ends (or fails) before the load goes on, so no INSERT outlives its files.
      const failed = (await Promise.allSettled(sent)).find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
      await this.target.insertFile("reject_records", REJECT_COLUMNS, load.rejects, "JSONEachRow");
      for (const negation of load.negations) await this.target.run(negation);
      // The commit: from here on readers see this load, and no longer the objects' previous ones.
      await this.target.insertFile("source_versions", SOURCE_VERSION_COLUMNS, load.ledger, "JSONEachRow");
    } finally {
      await Promise.all(files.map((f) => rm(f, { force: true })));
    }
  }
}

interface LoadFile {
  readonly table: string;
  readonly columns: readonly string[];
  /** CSV. */
  readonly path: string;
}

const REJECT_COLUMNS = ["source_id", "line", "reason", "text", "load_id"];

interface PreparedLoad {
  /** Each lane's CSV files of rows and rollup rows (insert-lanes.ts). */
  readonly lanes: readonly (readonly LoadFile[])[];
  /** The quarantined lines, JSONEachRow. */
  readonly rejects: string;
  /** Statements that insert the negated sums of the objects' previous loads. */
  readonly negations: readonly string[];
  readonly ledger: string;
}
