/**
 * Which windows a run judges for one rule: those ending after the watermark up to the latest complete
 * bucket, and again those before it that records loaded since the last run can change — a record counts
 * in the windows holding its bucket — as far back as `lateData`. A rule's first run reaches back
 * `backfill` (never before the first record). `alerts test` gives the range itself.
 */
import type { Watermark } from "../alert-tables.js";
import type { BucketRange } from "../datapoints/datapoints.js";

/** The most windows one rule judges in one run (the latest ones). */
export const MAX_WINDOWS = 5000;

export interface WindowPlan {
  /** Windows ending after this are judged… */
  readonly judgedFrom: number;
  /** …up to this one. */
  readonly judgedTo: number;
  readonly watermark: Watermark | undefined;
  /** The buckets the judged windows hold. */
  readonly range: BucketRange;
}

export interface PlanInput {
  readonly period: number;
  readonly evaluationPeriods: number;
  /** Capture time of the earliest record, and the end of the latest complete bucket is found from `last`. */
  readonly first: number;
  readonly last: number;
  readonly backfill: number;
  readonly lateData: number;
  readonly watermark: Watermark | undefined;
  /**
   * The earliest capture time of the records loaded since the watermark was written: null when none
   * were; undefined when it is not known (the whole `lateData` is judged again).
   */
  readonly loadedSince?: number | null;
  readonly dryRun?: { readonly from: number; readonly to: number };
}

export const alignDown = (t: number, period: number) => Math.floor(t / period) * period;

export function planWindows(input: PlanInput): WindowPlan | undefined {
  const p = input.period;
  const complete = alignDown(input.last, p);
  let judgedFrom: number;
  let judgedTo = complete;
  if (input.dryRun) {
    judgedFrom = Math.max(alignDown(input.dryRun.from, p), alignDown(input.first, p));
    judgedTo = Math.min(complete, alignDown(input.dryRun.to, p));
  } else if (input.watermark === undefined) {
    judgedFrom = Math.max(alignDown(input.first, p), alignDown(complete - input.backfill, p));
  } else if (input.watermark.to > complete) {
    return undefined;
  } else {
    // Never before the first run's start: windows older than that were never judged, so nothing was said.
    const late = input.watermark.to - Math.ceil(input.lateData / p) * p;
    const touched =
      input.loadedSince === undefined
        ? late
        : Math.min(input.watermark.to, alignDown(input.loadedSince ?? Number.POSITIVE_INFINITY, p));
    judgedFrom = Math.max(input.watermark.from, late, touched);
  }
  judgedFrom = Math.max(judgedFrom, judgedTo - MAX_WINDOWS * p);
  if (judgedTo <= judgedFrom) return undefined;
  return {
    judgedFrom,
    judgedTo,
    watermark: input.dryRun ? undefined : input.watermark,
    range: { period: p, from: judgedFrom + p - input.evaluationPeriods * p, to: judgedTo },
  };
}
