/**
 * The insight contract. An insight is a small folder: a definition (id, title, description, parameters with
 * defaults — no thresholds buried in SQL), SQL files, a `summarize` that turns rows into findings with
 * numbers and sentences, and a Vega-Lite chart. Built-in and user insights have the same shape and run
 * through the same runner, so they appear in reports alike.
 */
import type { z } from "zod";
import type { PriceTable } from "../pricing/price-table.js";
import type { JsonRow, Store } from "../store/store.js";

export const SEVERITIES = ["info", "low", "medium", "high"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The UTC days an insight looks at, both included. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

/** One thing an insight found: a sentence for people and the numbers behind it for machines. */
export interface Finding {
  readonly insight: string;
  /**
   * What the finding measures, stable across versions (`nat_processing`, `cross_az`, …), so that the
   * dashboard's panels and trends can find it without reading sentences. @default none (not a panel figure)
   */
  readonly measure?: string;
  readonly severity: Severity;
  readonly sentence: string;
  /** Dollars this finding costs (or would save) over the period, when it is about money. */
  readonly usd?: number;
  /** The price the dollars were computed with, in words ("$0.045/GB, us-east-1 list price …"). */
  readonly rate?: string;
  readonly numbers: Readonly<Record<string, number | string | null>>;
}

/** A Vega-Lite specification (kept loose: the chart renderer validates it by compiling). */
export type ChartSpec = Record<string, unknown>;

export interface InsightContext<P> {
  readonly store: Store;
  readonly period: Period;
  readonly params: P;
  /** List prices with the config's overrides; every dollar figure says which it used. */
  readonly prices: PriceTable;
}

export interface InsightOutput {
  readonly findings: readonly Finding[];
  /** Rows worth showing in a table (already limited). */
  readonly table: readonly JsonRow[];
  readonly chart?: ChartSpec;
  /** What the insight could not do or attribute, said plainly ("no inventory: subnets unknown"). */
  readonly notes: readonly string[];
}

export interface InsightDefinition<P = Record<string, unknown>> {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Parameters with their defaults; users override them in config. */
  readonly params: z.ZodType<P>;
  /** Where it comes from when that is not flowlens itself (a user insight's SQL file); failures name it. */
  readonly source?: string;
  /** Stop it after this long (its queries share the store's connection, which is interrupted). @default INSIGHT_TIME_LIMIT_MS */
  readonly timeLimitMs?: number;
  /** How to give it more time or make it faster, said when it is stopped. */
  readonly timeLimitHint?: string;
  run(context: InsightContext<P>): Promise<InsightOutput>;
}
