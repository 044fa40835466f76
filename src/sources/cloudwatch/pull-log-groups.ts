/**
 * The cloudwatch:// source: every UTC hour of the days asked for, of each log group in each region, pulled
 * into a private staging directory and described as a SourceObject (size and fingerprint from the pull).
 *
 * The pull is the listing: the ledger can only tell an unchanged hour from a changed one by its events,
 * so every run reads every hour it is asked for, and the ledger then loads only the hours whose events
 * differ from the last load (a late event changes its hour's fingerprint; the hour's rows are replaced,
 * so nothing is counted twice). Hours that have not begun yet are left out.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import pLimit from "p-limit";
import { FlowlensError } from "../../errors.js";
import { daysInRange } from "../s3/day-range.js";
import type { SourceObject } from "../source-object.js";
import { makeStagingDir } from "../staging-dir.js";
import { type CloudWatchLogsClientOptions, createCloudWatchLogsClient } from "./cloudwatch-logs-client.js";
import { HOUR_MS, hourLabel, type LogGroupSource, type LogHour, logHourUri } from "./cloudwatch-uri.js";
import { pullLogHour } from "./pull-log-hour.js";

export interface PullLogGroupsOptions {
  /** First UTC day, YYYY-MM-DD. */
  readonly from: string;
  /** Last UTC day, inclusive. */
  readonly to: string;
  /** Regions to read each group in. @default the configured region (AWS_REGION, the profile's region) */
  readonly regions?: readonly string[];
  /** How the clients are built (endpoint, profile, network limits); `region` is set per region. */
  readonly client?: Omit<CloudWatchLogsClientOptions, "region">;
  /** Hours starting after this are left out. @default now */
  readonly now?: Date;
}

export interface PulledLogGroups {
  readonly objects: SourceObject[];
  /** The staged file of each object, by URI. */
  readonly staged: ReadonlyMap<string, string>;
  /** Removes the staging directory. */
  cleanup(): void;
}

/** Hours pulled at once; the shared pacer keeps the requests within FilterLogEvents' quota. */
const CONCURRENCY = 4;

/**
 * @throws FlowlensError FLOWLENS_CLOUDWATCH_FAILED for a call that failed (the first, when several did),
 *   FLOWLENS_USAGE when no region is given or configured
 */
export async function pullLogGroups(
  sources: readonly LogGroupSource[],
  options: PullLogGroupsOptions,
): Promise<PulledLogGroups> {
  const clients = new Map<string, CloudWatchLogsClient>();
  const dir = makeStagingDir();
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    for (const region of options.regions ?? []) checkRegion(region);
    const regions = options.regions ?? [await configuredRegion(options.client)];
    for (const region of regions) {
      clients.set(region, createCloudWatchLogsClient({ ...options.client, region }));
    }
    const hours = logHours(sources, regions, options);
    const staged = new Map<string, string>();
    const limit = pLimit(CONCURRENCY);
    let failed = false;
    const pulls = hours.map((hour, i) =>
      limit(async (): Promise<SourceObject | undefined> => {
        if (failed) return undefined;
        const client = clients.get(hour.region) as CloudWatchLogsClient;
        const path = join(dir, `${i + 1}-${hourLabel(hour.startMs)}.log`);
        try {
          const pulled = await pullLogHour(client, hour, path);
          const uri = logHourUri(hour);
          staged.set(uri, path);
          const [date = "", hh = ""] = hourLabel(hour.startMs).split("T");
          return {
            uri,
            size: pulled.size,
            fingerprint: pulled.fingerprint,
            key: { region: hour.region, date, hour: Number(hh) },
          };
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    );
    // Every pull settles before the first failure is thrown, so none writes into a removed directory.
    const results = await Promise.allSettled(pulls);
    const rejected = results.find((r) => r.status === "rejected");
    if (rejected) throw rejected.reason;
    const objects = results.flatMap((r) => (r.status === "fulfilled" && r.value ? [r.value] : []));
    return { objects, staged, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

function logHours(
  sources: readonly LogGroupSource[],
  regions: readonly string[],
  options: PullLogGroupsOptions,
): LogHour[] {
  const now = (options.now ?? new Date()).getTime();
  const starts = daysInRange(options.from, options.to)
    .flatMap((day) => Array.from({ length: 24 }, (_, h) => Date.parse(`${day}T00:00:00Z`) + h * HOUR_MS))
    .filter((start) => start <= now);
  // A group named twice (the same prefix, or none) is pulled once.
  const distinct = [...new Map(sources.map((s) => [`${s.group}?${s.streamPrefix ?? ""}`, s])).values()];
  return distinct.flatMap((source) =>
    regions.flatMap((region) => starts.map((startMs) => ({ ...source, region, startMs }))),
  );
}

/** An AWS region's name, e.g. us-east-1, eu-central-2, us-gov-west-1. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function checkRegion(region: string): void {
  if (!REGION.test(region)) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `--region "${region}" is not an AWS region: expected e.g. us-east-1`,
      { hint: "give the region the log group is in; repeat --region for several" },
    );
  }
}

async function configuredRegion(options: PullLogGroupsOptions["client"]): Promise<string> {
  const client = createCloudWatchLogsClient(options);
  try {
    return await client.config.region();
  } catch (error) {
    throw new FlowlensError("FLOWLENS_USAGE", "no AWS region is configured to read CloudWatch Logs in", {
      hint: "pass --region us-east-1, set AWS_REGION, or set region in the profile",
      cause: error,
    });
  } finally {
    client.destroy();
  }
}
