/**
 * Moving committed loads from the parser (a scratch DuckDB store that read the files exactly as a DuckDB
 * ingest does) to ClickHouse. For each chunk: the rows (only the columns the parser stored) and their
 * rollup rows summed by the parser (parser-rollups.ts) go as CSV written by DuckDB (the fastest bulk
 * format 18.16 takes that DuckDB writes natively: BENCHMARKS.md), the quarantined lines as JSONEachRow,
 * the negated rollup sums of the objects' previous loads, and last the ledger rows, whose one INSERT is
 * the commit (clickhouse-schema.ts). The parser's rows are then dropped, so its disk holds one chunk.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDbStore } from "../duckdb/duckdb-store.js";
import { quoteString } from "../duckdb/flow-insert-sql.js";
import { storedFlowColumns } from "../duckdb/flow-tables.js";
import { FLOW_COLUMNS, SOURCE_COLUMNS } from "../schema.js";
import {
  FLOW_RECORD_COLUMNS,
  flowRollupSelect,
  hourlyRollupSelect,
  SOURCE_VERSION_COLUMNS,
} from "./clickhouse-schema.js";
import type { ClickHouseStore } from "./clickhouse-store.js";
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

export class LoadShipper {
  private readonly current = new Map<number, CurrentLoad>();
  private readonly shipped = new Set<number>();
  private files = 0;

  constructor(
    private readonly parser: DuckDbStore,
    private readonly target: ClickHouseStore,
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
        `SELECT ${LEDGER_NAMES.join(", ")}, load_id FROM sources WHERE uri IN (${some.map(literalText).join(", ")})`,
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

  /** Ships what the parser committed since the last call, as one load; returns its id (or none). */
  async ship(): Promise<number | undefined> {
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
    const file = (ext: string) => join(this.workDir, `load-${++this.files}.${ext}`);

    // Only the columns the parser stored (its loads' formats fill them); ClickHouse fills the rest with NULL.
    const stored = await storedFlowColumns(this.parser);
    const written = FLOW_COLUMNS.filter((c) => stored.has(c.name));
    const where = `source_id IN (${idList})`;
    const csv = [
      {
        table: "flow_records",
        columns: [...written.map((c) => c.name), "load_id"],
        select: `SELECT ${written.map((c) => (c.type === "TIMESTAMP" ? `strftime(${c.name}, '%Y-%m-%d %H:%M:%S')` : c.name)).join(", ")}, ${loadId}
          FROM flow_records WHERE ${where}`,
      },
      ...parserRollups(stored, where, loadId),
    ].map((part) => ({ ...part, path: file("csv") }));
    for (const part of csv) {
      await this.parser.run(
        `COPY (${part.select}) TO ${quoteString(part.path)} (FORMAT csv, HEADER false, NULLSTR '\\N')`,
      );
      await this.target.insertFile(part.table, part.columns, part.path, "CSV");
    }

    const rejects = file("json");
    await this.parser.run(
      `COPY (SELECT source_id, line, reason, text, ${loadId} AS load_id FROM rejects WHERE source_id IN (${idList}))
       TO ${quoteString(rejects)} (FORMAT json)`,
    );
    await this.target.insertFile(
      "reject_records",
      ["source_id", "line", "reason", "text", "load_id"],
      rejects,
      "JSONEachRow",
    );

    const previous = ids.flatMap((id) => {
      const load = this.current.get(id);
      return load?.status === "loaded" ? [`(${id}, ${load.loadId})`] : [];
    });
    if (previous.length > 0) {
      // A list of one tuple, ((1, 2)), would be read as the set {1, 2}: the first tuple is given twice.
      const loads = `(source_id, load_id) IN (${[...previous, previous[0]].join(", ")})`;
      await this.target.run(
        `INSERT INTO flow_rollup_parts ${flowRollupSelect("flow_records", loads, -1, String(loadId))}`,
      );
      await this.target.run(
        `INSERT INTO hourly_rollup_parts ${hourlyRollupSelect("flow_records", loads, -1, String(loadId))}`,
      );
    }

    const ledger = file("json");
    const ledgerColumns = SOURCE_COLUMNS.map(([name, type]) =>
      type.startsWith("TIMESTAMP") ? `strftime(${name}, '%Y-%m-%d %H:%M:%S') AS ${name}` : name,
    );
    await this.parser.run(
      `COPY (SELECT ${ledgerColumns.join(", ")}, ${loadId} AS load_id FROM sources WHERE source_id IN (${idList}))
       TO ${quoteString(ledger)} (FORMAT json)`,
    );
    // The commit: from here on readers see this load, and no longer the objects' previous ones.
    await this.target.insertFile("source_versions", SOURCE_VERSION_COLUMNS, ledger, "JSONEachRow");

    for (const r of await this.parser.rows<{ source_id: number; status: string }>(
      `SELECT source_id, status FROM sources WHERE source_id IN (${idList})`,
    ))
      this.current.set(r.source_id, { loadId, status: r.status });
    for (const id of ids) this.shipped.add(id);
    await this.parser.run(`DELETE FROM flow_records WHERE source_id IN (${idList})`);
    await this.parser.run(`DELETE FROM rejects WHERE source_id IN (${idList})`);
    await this.parser.run("DELETE FROM rollup_pending");
    await Promise.all([...csv.map((c) => c.path), rejects, ledger].map((f) => rm(f, { force: true })));
    return loadId;
  }
}

function literalText(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
