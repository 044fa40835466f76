/**
 * What every rule kind hands the state machine: its datapoints over a range of buckets, by instance.
 * A bucket is `[start, start + period)` of capture time (a record's start), in epoch seconds, aligned to
 * UTC midnight. `present` says which buckets hold data for the rule's scope (records of its accounts,
 * VPCs, subnets, ENIs — whose logs arrived); a bucket outside it is *missing* (treatMissingData decides
 * what that means). Inside it, an instance without a value of its own
 * is 0 (nothing of it was seen) unless `missingWhenEmpty` (a share, which has no value without records).
 */
export interface DatapointValue {
  readonly value: number;
  /** Dollars the value stands for, for metrics about money. */
  readonly usd: number | null;
  /** Set where the kind decides by itself (a row of an SQL rule, a finding): no threshold applies. */
  readonly breaching?: boolean;
}

export interface RuleDatapoints {
  readonly present: ReadonlySet<number>;
  /** instance → bucket start → value */
  readonly values: ReadonlyMap<string, ReadonlyMap<number, DatapointValue>>;
  readonly missingWhenEmpty: boolean;
}

/** The range whose datapoints a rule needs: buckets starting from `from` (inclusive) to `to` (exclusive). */
export interface BucketRange {
  readonly from: number;
  readonly to: number;
  /** Seconds per bucket. */
  readonly period: number;
}

export interface DatapointRow {
  readonly bucket: number;
  readonly instance: string;
  readonly value: number | null;
  readonly usd?: number | null;
  readonly breaching?: boolean;
}

/** Groups rows (bucket, instance, value) into RuleDatapoints. */
export function datapointsFrom(
  rows: readonly DatapointRow[],
  present: Iterable<number>,
  missingWhenEmpty = false,
): RuleDatapoints {
  const values = new Map<string, Map<number, DatapointValue>>();
  for (const row of rows) {
    if (row.value === null || !Number.isFinite(row.value)) continue;
    let byBucket = values.get(row.instance);
    if (!byBucket) {
      byBucket = new Map();
      values.set(row.instance, byBucket);
    }
    byBucket.set(row.bucket, {
      value: row.value,
      usd: row.usd ?? null,
      ...(row.breaching === undefined ? {} : { breaching: row.breaching }),
    });
  }
  return { present: new Set(present), values, missingWhenEmpty };
}

/** `TIMESTAMP '…'` of epoch seconds, for SQL text (numbers only reach it). */
export function timestampSql(epochSeconds: number): string {
  return `TIMESTAMP '${new Date(epochSeconds * 1000).toISOString().replace("T", " ").replace("Z", "")}'`;
}

/** YYYY-MM-DD of epoch seconds. */
export function dayOf(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}
