/**
 * A user insight as an InsightDefinition: its SQL runs with `$from` and `$to` (the period's first and last
 * day, as text) and `$<param>` for each parameter; its rows become the table, findings from the sentence
 * template, and the chart. It runs through the same runner as the built-in insights. Its SQL must pass
 * the query sandbox's statement rules (one statement that only reads, `sql-sandbox/check-statement.ts`);
 * the store itself is the report's, open for writing, so DuckDB's file guards do not apply.
 *
 * Its SQL is in one dialect or several, by file name: `<name>.sql` (or `<name>.duckdb.sql`) is DuckDB SQL,
 * `<name>.clickhouse.sql` is ClickHouse SQL. On a store of a dialect it has no file for, it fails saying
 * which dialect its SQL is in and which file to add. On ClickHouse the statement must be one SELECT (or
 * WITH): the server runs one statement per request, and a SELECT only reads.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { z } from "zod";
import { messageOf } from "../../errors.js";
import { checkStatement } from "../../sql-sandbox/check-statement.js";
import type { Store } from "../../store/store.js";
import { type DialectName, requireDuckDb } from "../../store/store.js";
import type { ChartSpec, Finding, InsightDefinition } from "../insight.js";
import { paramsFor } from "../read-sql.js";
import type { UserInsightSpec } from "./user-insight-spec.js";

type Params = Record<string, number | string | boolean>;

/** Overrides must have the type of the default they replace. */
function paramsSchema(defaults: Params): z.ZodType<Params> {
  const shape = Object.fromEntries(
    Object.entries(defaults).map(([name, value]) => {
      const type: z.ZodType =
        typeof value === "number" ? z.number() : typeof value === "string" ? z.string() : z.boolean();
      return [name, type.default(value)];
    }),
  );
  return z.object(shape).strict() as unknown as z.ZodType<Params>;
}

/** `{{column}}` becomes the row's value; a column the row lacks is left visible as `{{column?}}`. */
export function fillTemplate(template: string, row: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) =>
    name in row ? String(row[name] ?? "-") : `{{${name}?}}`,
  );
}

function chartOf(spec: NonNullable<UserInsightSpec["chart"]>, title: string, rows: object[]): ChartSpec {
  return {
    title: spec.title ?? title,
    data: { values: rows },
    mark: { type: spec.type, tooltip: true },
    encoding:
      spec.type === "bar"
        ? {
            y: { field: spec.x, type: "nominal", sort: "-x", title: spec.x },
            x: { field: spec.y, type: "quantitative", title: spec.y },
          }
        : {
            x: { field: spec.x, type: "ordinal", title: spec.x },
            y: { field: spec.y, type: "quantitative", title: spec.y },
          },
  };
}

function numberOrText(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "number" || typeof value === "string" ? value : String(value);
}

/** A user insight's SQL per dialect, with the file each came from. */
export type UserInsightSql = Readonly<
  Partial<Record<DialectName, { readonly sql: string; readonly file: string }>>
>;

const DIALECT_FILE: Record<DialectName, string> = { duckdb: ".sql", clickhouse: ".clickhouse.sql" };
const DIALECT_TITLE: Record<DialectName, string> = { duckdb: "DuckDB", clickhouse: "ClickHouse" };

/** The user's SQL for the store's dialect, checked as far as that dialect allows; else why not. */
async function statementFor(
  store: Store,
  sources: UserInsightSql,
  base: string,
): Promise<{ sql: string; file: string }> {
  const dialect = store.dialect.name;
  const source = sources[dialect];
  if (!source) {
    const written = (Object.keys(sources) as DialectName[]).map((d) => DIALECT_TITLE[d]).join(" and ");
    throw new Error(
      `${base}: its SQL is ${written} SQL, and the store is ${DIALECT_TITLE[dialect]} (${store.location}): add ${base.replace(/\.sql$/, DIALECT_FILE[dialect])} in ${DIALECT_TITLE[dialect]}'s SQL`,
    );
  }
  if (dialect === "duckdb") {
    await checkStatement(requireDuckDb(store, "user insights").connection, source.sql).catch(
      (error: unknown) => {
        throw new Error(`${source.file}: ${messageOf(error)}`);
      },
    );
  } else if (!/^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(?:SELECT|WITH)\b/i.test(source.sql)) {
    throw new Error(`${source.file}: on ClickHouse a user insight is one SELECT (or WITH … SELECT)`);
  }
  return source;
}

export function userInsight(
  id: string,
  spec: UserInsightSpec,
  sql: string | UserInsightSql,
  file: string,
): InsightDefinition<Params> {
  const sources: UserInsightSql = typeof sql === "string" ? { duckdb: { sql, file } } : sql;
  return {
    id,
    title: spec.title,
    description: spec.description,
    params: paramsSchema(spec.params),
    source: file,
    ...(spec.timeoutSeconds === undefined ? {} : { timeLimitMs: spec.timeoutSeconds * 1000 }),
    timeLimitHint: `make it faster, or allow more time with timeoutSeconds in ${file.replace(/\.sql$/, ".yaml")}`,
    async run({ store, period, params }) {
      const { sql, file: sqlFile } = await statementFor(store, sources, file);
      const values: Record<string, DuckDBValue> = { ...params, from: period.from, to: period.to };
      const rows = await store.rows(sql, paramsFor(sql, values)).catch((error: unknown) => {
        throw new Error(`${sqlFile}: ${messageOf(error)}`);
      });
      const findings: Finding[] = [];
      const f = spec.finding;
      for (const row of f ? rows.slice(0, f.max) : []) {
        if (!f) break;
        const usd = f.usd === undefined ? undefined : Number(row[f.usd]);
        findings.push({
          insight: id,
          severity: f.severity,
          sentence: fillTemplate(f.sentence, row),
          ...(usd === undefined || Number.isNaN(usd) ? {} : { usd }),
          ...(f.rate ? { rate: f.rate } : {}),
          numbers: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, numberOrText(v)])),
        });
      }
      const table = rows.slice(0, spec.limit);
      return {
        findings,
        table,
        notes: [`A user insight from ${file}.`],
        chart: spec.chart && table.length > 0 ? chartOf(spec.chart, spec.title, table) : undefined,
      };
    },
  };
}
