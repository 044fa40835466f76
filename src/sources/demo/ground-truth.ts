/**
 * The ground truth of a demo data set: counters per UTC day, their total, the special events and every
 * object written, as the JSON document `ground-truth.json`. A record counts on the day its start falls
 * in, as every insight assigns it (the store's `day`), so a report for one day can be checked against that
 * day alone; objects are still placed by end, as AWS places them.
 */
import type { FlowRecord } from "./flow-record.js";
import type { SpecialEventsTruth } from "./special-events.js";
import { TruthCounters } from "./truth-counters.js";
import { TRUTH_DEFINITIONS } from "./truth-definitions.js";

const DAY = 86_400;

/** One object written by the generator. */
export interface WrittenObject {
  /** Path relative to outDir, POSIX separators (absolute when outside outDir). */
  readonly path: string;
  /** The account whose flow log the object belongs to; null for a single file holding all accounts. */
  readonly account: string | null;
  readonly format: "text" | "parquet";
  /** Start of the 5-minute window of record end times the object covers; null for a single file. */
  readonly windowStart: string | null;
  readonly records: number;
  /** Size of the object on disk. */
  readonly bytes: number;
}

export interface GroundTruthHeader {
  readonly options: Readonly<Record<string, unknown>>;
  /** The header line of the records' format. */
  readonly logFormat: string;
}

export class GroundTruth {
  private readonly days = new Map<number, TruthCounters>();
  private currentDay = Number.NaN;
  private current: TruthCounters | undefined;

  constructor(private readonly isVpcAddress: (address: string) => boolean) {}

  count(record: FlowRecord): void {
    const day = Math.floor(record.start / DAY);
    if (day !== this.currentDay || !this.current) {
      this.current = this.days.get(day);
      if (!this.current) {
        this.current = new TruthCounters(this.isVpcAddress);
        this.days.set(day, this.current);
      }
      this.currentDay = day;
    }
    this.current.count(record);
  }

  toJSON(header: GroundTruthHeader, events: SpecialEventsTruth, objects: readonly WrittenObject[]) {
    const total = new TruthCounters(this.isVpcAddress);
    const days = [...this.days.keys()].sort((a, b) => a - b);
    for (const day of days) total.add(this.days.get(day) as TruthCounters);
    return {
      generator: "flowlens demo",
      ...header,
      definitions: TRUTH_DEFINITIONS,
      total: total.toJSON(),
      days: days.map((day) => ({
        date: new Date(day * DAY * 1000).toISOString().slice(0, 10),
        ...(this.days.get(day) as TruthCounters).toJSON(),
      })),
      events,
      objects,
    };
  }
}
