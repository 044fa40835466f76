/**
 * A user insight as an InsightDefinition: its SQL runs with `$from` and `$to` (the period's first and last
 * day, as text) and `$<param>` for each parameter; its rows become the table, findings from the sentence
 * template, and the chart. It runs through the same runner as the built-in insights. Its SQL must pass
 * the query sandbox's statement rules (one statement that only reads, `sql-sandbox/check-statement.ts`);
 * the store itself is the report's, open for writing, so DuckDB's file guards do not apply.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { z } from "zod";
import { messageOf } from "../../errors.js";
import { checkStatement } from "../../sql-sandbox/check-statement.js";
import { requireDuckDb } from "../../store/store.js";
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

export function userInsight(
  id: string,
  spec: UserInsightSpec,
  sql: string,
  file: string,
): InsightDefinition<Params> {
  return {
    id,
    title: spec.title,
    description: spec.description,
    params: paramsSchema(spec.params),
    source: file,
    ...(spec.timeoutSeconds === undefined ? {} : { timeLimitMs: spec.timeoutSeconds * 1000 }),
    timeLimitHint: `make it faster, or allow more time with timeoutSeconds in ${file.replace(/\.sql$/, ".yaml")}`,
    async run({ store, period, params }) {
      await checkStatement(requireDuckDb(store, "user insights").connection, sql).catch((error: unknown) => {
        throw new Error(`${file}: ${messageOf(error)}`);
      });
      const values: Record<string, DuckDBValue> = { ...params, from: period.from, to: period.to };
      const rows = await store.rows(sql, paramsFor(sql, values)).catch((error: unknown) => {
        throw new Error(`${file}: ${messageOf(error)}`);
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
