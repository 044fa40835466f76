/**
 * The S3 source: finds the flow log objects of a range of days in a bucket, reading only the folders of
 * those days — never the whole bucket. It discovers accounts, regions and key layouts with a few delimiter
 * listings (see discover-log-folders.ts), then lists each day folder in full, hourly subfolders included.
 *
 * Requests made: one delimiter listing of `{prefix}AWSLogs/`, one per account of its `vpcflowlogs/` folder
 * (skipped when regions are given), then one listing per account, region and day (more when a day holds
 * over `pageSize` keys). IAM needs s3:ListBucket on the bucket.
 */
import type { _Object, S3Client } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { FlowlensError } from "../../errors.js";
import { isFlowLogName } from "../flow-log-name.js";
import { dayPrefix, parseKeyLayout } from "../key-layout.js";
import type { SourceObject } from "../source-object.js";
import { daysInRange } from "./day-range.js";
import { discoverLogFolders } from "./discover-log-folders.js";
import { listPrefix } from "./list-prefix.js";

export interface ListFlowLogObjectsOptions {
  readonly bucket: string;
  /**
   * The part of the keys before `AWSLogs/`, as given in the flow log's destination; a missing trailing `/`
   * is added.
   * @default "" (AWSLogs/ at the top of the bucket)
   */
  readonly prefix?: string;
  /** First UTC day to read, `YYYY-MM-DD`, inclusive. */
  readonly from: string;
  /** Last UTC day to read, `YYYY-MM-DD`, inclusive. */
  readonly to: string;
  /**
   * Only these 12-digit account ids.
   * @default every account found under AWSLogs/ (an empty list means the same)
   */
  readonly accounts?: readonly string[];
  /**
   * Only these regions, e.g. `eu-west-1`.
   * @default every region found under each account (an empty list means the same)
   */
  readonly regions?: readonly string[];
  /**
   * Keys per ListObjectsV2 page; S3 never returns more than 1000.
   * @default 1000
   */
  readonly pageSize?: number;
  /**
   * Listings in flight at once.
   * @default 8
   */
  readonly concurrency?: number;
  /** Cancels the listing; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

/**
 * Lists the flow log objects (`.log.gz`, `.log`, `.parquet`) of the days `from`…`to`, sorted by key.
 * Each result's fingerprint is the object's ETag without quotes.
 *
 * @example
 * const objects = await listFlowLogObjects(createS3Client(), { bucket: "my-logs", from: "2024-03-01", to: "2024-03-02" });
 * @throws FlowlensError FLOWLENS_USAGE for bad days, accounts, regions or prefix; FLOWLENS_SOURCE_NOT_FOUND
 *   when the prefix holds no AWSLogs/ account folders; FLOWLENS_S3_FAILED when S3 refuses a listing
 */
export async function listFlowLogObjects(
  client: S3Client,
  options: ListFlowLogObjectsOptions,
): Promise<SourceObject[]> {
  const { bucket, from, to, pageSize, concurrency = 8 } = options;
  const accounts = options.accounts?.length ? options.accounts : undefined;
  const regions = options.regions?.length ? options.regions : undefined;
  const prefix = checkPrefix(bucket, options.prefix ?? "");
  const days = daysInRange(from, to);
  checkAll("account id", accounts, ACCOUNT_ID, "12 digits, e.g. 123456789012");
  checkAll("region", regions, REGION, "a region code, e.g. eu-west-1");

  // The first failure cancels the listings still running or queued: their results would be thrown away.
  const failed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
  const limit = pLimit(concurrency);
  try {
    const folders = await discoverLogFolders(client, {
      bucket,
      prefix,
      accounts,
      regions,
      pageSize,
      concurrency,
      signal,
    });
    const dayFolders = folders.flatMap((f) =>
      days.map((day) => dayPrefix(f.layout, prefix, f.accountId, f.region, day)),
    );
    const listings = await limit.map(dayFolders, (dayFolder) =>
      listPrefix(client, { bucket, prefix: dayFolder, pageSize, signal }),
    );
    return listings
      .flatMap((listing) => listing.objects.flatMap((object) => sourceObjectOf(bucket, object)))
      .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  } catch (error) {
    failed.abort(error);
    throw error;
  }
}

function sourceObjectOf(bucket: string, object: _Object): SourceObject[] {
  const key = object.Key;
  if (key === undefined || !isFlowLogName(key)) return [];
  // S3 always sends an ETag; the fallback only keeps a stray S3-compatible store from breaking the run.
  const fingerprint =
    object.ETag?.replaceAll('"', "") ?? `${object.Size}@${object.LastModified?.toISOString()}`;
  return [{ uri: `s3://${bucket}/${key}`, size: object.Size ?? 0, fingerprint, key: parseKeyLayout(key) }];
}

function checkPrefix(bucket: string, prefix: string): string {
  const awsLogs = /(?:^|\/)AWSLogs\//.exec(prefix);
  if (awsLogs) {
    const base = prefix.slice(0, awsLogs.index + awsLogs[0].length - "AWSLogs/".length);
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `prefix "${prefix}" goes into AWSLogs/: expected only the part before AWSLogs/ (${base === "" ? "none" : `"${base}"`})`,
      { hint: `use s3://${bucket}/${base} and choose accounts, regions and days with their own options` },
    );
  }
  return prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
}

function checkAll(
  what: string,
  values: readonly string[] | undefined,
  pattern: RegExp,
  expected: string,
): void {
  for (const value of values ?? []) {
    if (!pattern.test(value)) {
      throw new FlowlensError("FLOWLENS_USAGE", `${what} "${value}" is not valid: expected ${expected}`);
    }
  }
}
