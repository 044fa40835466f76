/**
 * An insight's statements on one store: each file read in the store's dialect (read-sql.ts) with the
 * period written in (`{{from}}`, `{{to}}`) and given only the `$values` it names.
 *
 * An intermediate result that several statements read (`nat_processed`, `rejected`, …) is a _derived
 * table_, whose file is a SELECT. The statements run in one session of the store where it has sessions
 * (ClickHouse over HTTP: `Store.session`), so a derived table becomes a temporary table computed once
 * (the `temporaryTables` capability, DuckDB's and a ClickHouse session's); where there are none, each
 * later statement that reads `FROM name` or `JOIN name` reads the SELECT as a subquery of that name. So
 * both dialects' statements name the table alike. An insight declares its derived tables once, in the
 * order it builds them (`derivedTables`), so that alert metrics build the same ones on their own source
 * (`reading`).
 *
 * @example
 *   export const natTables = derivedTables(import.meta.url, [["nat_processed", "nat-processed.sql"]]);
 *   const sql = new InsightSql(store, import.meta.url, period);
 *   await sql.deriveAll(natTables);
 *   const rows = await sql.rows("by-gateway.sql");
 */
import type { DuckDBValue } from "@duckdb/node-api";
import type { DialectName, JsonRow, Store } from "../store/store.js";
import type { Period } from "./insight.js";
import { paramsFor, periodSql } from "./read-sql.js";

export type SqlValues = Readonly<Record<string, DuckDBValue>>;

/** The statements that make `table` a temporary table of `select`, replacing one of that name. */
const TEMPORARY_TABLE: Record<DialectName, (table: string, select: string) => string[]> = {
  duckdb: (table, select) => [`CREATE OR REPLACE TEMP TABLE ${table} AS\n${select}`],
  clickhouse: (table, select) => [
    `DROP TEMPORARY TABLE IF EXISTS ${table}`,
    `CREATE TEMPORARY TABLE ${table} ENGINE = Memory AS\n${select}`,
  ],
};

/** An insight's derived tables in the order it builds them (a later one may read an earlier one). */
export interface DerivedTables {
  /** The insight's module: its SQL files sit beside it. */
  readonly moduleUrl: string;
  readonly tables: readonly (readonly [table: string, file: string])[];
}

export function derivedTables(moduleUrl: string, tables: DerivedTables["tables"]): DerivedTables {
  return { moduleUrl, tables };
}

export interface InsightSqlOptions {
  /** Tables the statements read under another name, e.g. `{ flow_rollup: "alert_flow_buckets" }`. @default none */
  readonly reading?: Readonly<Record<string, string>>;
}

export class InsightSql {
  readonly #derived = new Map<string, string>();

  private readonly store: Store;

  constructor(
    store: Store,
    private readonly moduleUrl: string,
    private readonly period: Period,
    private readonly options: InsightSqlOptions = {},
  ) {
    this.store = store.session?.() ?? store;
  }

  /** The statement of `name` in the store's dialect, derived tables written in where the dialect needs it. */
  text(name: string): string {
    let sql = periodSql(this.moduleUrl, name, this.period, this.store.dialect.name);
    for (const [table, instead] of Object.entries(this.options.reading ?? {}))
      sql = sql.replace(new RegExp(`\\b${table}\\b`, "g"), instead);
    for (const [table, select] of this.#derived) {
      sql = sql.replace(
        new RegExp(`\\b(FROM|JOIN)\\s+${table}\\b(?!\\s*\\()`, "gi"),
        (_, keyword: string) => `${keyword} (${select}) AS ${table}`,
      );
    }
    return sql;
  }

  /** Makes the derived table `table` of the file `name` readable by the statements that follow. */
  async derive(table: string, name: string): Promise<void> {
    const sql = this.text(name);
    const select = sql.trim().replace(/;\s*$/, "");
    if (this.store.dialect.capabilities.temporaryTables) {
      for (const ddl of TEMPORARY_TABLE[this.store.dialect.name](table, select)) await this.store.run(ddl);
    } else this.#derived.set(table, select);
  }

  /** Makes each of an insight's derived tables readable, in their order. */
  async deriveAll(derived: DerivedTables): Promise<void> {
    for (const [table, name] of derived.tables) await this.derive(table, name);
  }

  rows<T extends JsonRow = JsonRow>(name: string, values: SqlValues = {}): Promise<T[]> {
    const sql = this.text(name);
    return this.store.rows<T>(sql, this.params(sql, values));
  }

  value<T = unknown>(name: string, values: SqlValues = {}): Promise<T> {
    const sql = this.text(name);
    return this.store.value<T>(sql, this.params(sql, values));
  }

  /** `$from` and `$to` are always the period's days; `values` add the insight's own. */
  private params(sql: string, values: SqlValues): Record<string, DuckDBValue> | undefined {
    const named = paramsFor(sql, { from: this.period.from, to: this.period.to, ...values });
    return Object.keys(named).length > 0 ? named : undefined;
  }
}
