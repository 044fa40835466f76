import { describe, expect, it } from "vitest";
import { ingestObjects } from "../../src/ingest/ingest-objects.js";
import type { IngestSummary } from "../../src/ingest/ingest-run.js";
import { resolveSources } from "../../src/ingest/resolve-sources.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { openTestStore } from "../enrich/open-test-store.js";
import type { CloudWatchLogsServer } from "../helpers/cloudwatch-logs-server.js";
import {
  cloudWatchLogs,
  DAY,
  DAY_START_MS,
  GROUP,
  HOUR_MS,
  putRecords,
} from "../sources/cloudwatch/cloudwatch-environment.js";

/**
 * A time in DAY after which its hours have not begun, so a run reads hours 0 to 6 only (7 requests at
 * least, where the whole day takes 24: the pace of 5 a second makes each one count).
 */
const SIX_AM = new Date(DAY_START_MS + 6 * HOUR_MS + 1);

/** Ingests the log group's DAY the way `flowlens ingest cloudwatch://… --from DAY` does at `now`. */
async function ingestDay(
  store: DuckDbStore,
  server: CloudWatchLogsServer,
  { source = `cloudwatch://${GROUP}`, now = SIX_AM }: { source?: string; now?: Date } = {},
): Promise<IngestSummary> {
  const sources = await resolveSources([source], {
    from: DAY,
    s3: { concurrency: 8 },
    cloudwatch: { endpointUrl: server.endpoint },
    now,
  });
  try {
    return await ingestObjects(store, sources.objects, {
      fetcher: sources.fetcher,
      unreadable: sources.unreadable,
      command: "test",
    });
  } finally {
    await sources.close();
  }
}

const totals = (store: DuckDbStore) =>
  store.rows("SELECT count(*) AS records, sum(bytes) AS bytes FROM flows").then((rows) => rows[0]);

/** 30 records in hour 0 and 25 in hour 5 (on another ENI's stream). */
function seedMorning(server: CloudWatchLogsServer): void {
  putRecords(server, "eni-0a1-all", 0, 30);
  putRecords(server, "eni-0b2-all", 5, 25, 100);
}

describe("ingesting a CloudWatch Logs log group hour by hour", () => {
  it("pulls every event of a day across pages and stores exactly those records", async () => {
    const server = await cloudWatchLogs({ pageSize: 10 });
    seedMorning(server);
    putRecords(server, "eni-0a1-all", 23, 20, 200);
    const store = await openTestStore();
    const summary = await ingestDay(store, server, { now: new Date() });
    expect(summary).toMatchObject({ objectsSeen: 24, objectsLoaded: 24, rowsLoaded: 75, objectsFailed: 0 });
    // bytes are 1000 + the record's number: 0–29, 100–124, 200–219.
    const bytes = 75 * 1000 + (29 * 30) / 2 + (100 * 25 + (24 * 25) / 2) + (200 * 20 + (19 * 20) / 2);
    expect(await totals(store)).toEqual({ records: 75, bytes });
  });

  it("reads no hour that has not begun yet", async () => {
    const server = await cloudWatchLogs();
    seedMorning(server);
    const store = await openTestStore();
    const summary = await ingestDay(store, server);
    expect(summary).toMatchObject({ objectsSeen: 7, rowsLoaded: 55 });
    expect(server.requests.map((r) => r.body.startTime)).not.toContain(DAY_START_MS + 7 * HOUR_MS);
    expect(server.requests).toHaveLength(7);
  });

  it("keeps one ledger object per hour, named by group, hour and region, with the hour's day", async () => {
    const server = await cloudWatchLogs();
    seedMorning(server);
    const store = await openTestStore();
    await ingestDay(store, server, { source: `cloudwatch://${GROUP}?stream-prefix=eni-0b2` });
    const rows = await store.rows(
      "SELECT uri, region, key_date::VARCHAR AS day, row_count FROM sources WHERE row_count > 0",
    );
    expect(rows).toEqual([
      {
        uri: `cloudwatch://${GROUP}/${DAY}T05?region=us-east-1&stream-prefix=eni-0b2`,
        region: "us-east-1",
        day: DAY,
        row_count: 25,
      },
    ]);
  });

  it("a second run adds nothing: every hour is unchanged and skipped", async () => {
    const server = await cloudWatchLogs();
    seedMorning(server);
    const store = await openTestStore();
    await ingestDay(store, server);
    const again = await ingestDay(store, server);
    expect(again).toMatchObject({ objectsSeen: 7, objectsSkipped: 7, objectsLoaded: 0, rowsLoaded: 0 });
    expect((await totals(store))?.records).toBe(55);
  });

  it("a late event is loaded by the next run, and its hour's records are not doubled", async () => {
    const server = await cloudWatchLogs();
    seedMorning(server);
    const store = await openTestStore();
    await ingestDay(store, server);
    // Published after the first run, with a time in hour 5 (flow logs reach CloudWatch minutes late).
    server.putEvents(GROUP, "eni-0b2-all", [
      {
        timestamp: DAY_START_MS + 5 * HOUR_MS + 59 * 60_000,
        message: `2 111111111111 eni-0b2 10.0.1.9 52.216.8.1 40009 443 6 10 5000 ${(DAY_START_MS + 5 * HOUR_MS) / 1000 + 3540} ${(DAY_START_MS + 5 * HOUR_MS) / 1000 + 3600} ACCEPT OK`,
      },
    ]);
    const again = await ingestDay(store, server);
    expect(again).toMatchObject({ objectsSkipped: 6, objectsLoaded: 1, rowsLoaded: 26 });
    expect((await totals(store))?.records).toBe(56);
  });

  it("stores an event that comes on two pages once", async () => {
    const server = await cloudWatchLogs({ pageSize: 4, repeatLastEvent: true });
    seedMorning(server);
    const store = await openTestStore();
    await ingestDay(store, server);
    expect((await totals(store))?.records).toBe(55);
  });

  it("quarantines a message that is not a flow record, with its reason, and loads the rest", async () => {
    const server = await cloudWatchLogs();
    putRecords(server, "eni-0a1-all", 3, 4);
    server.putEvents(GROUP, "eni-0a1-all", [
      { timestamp: DAY_START_MS + 3 * HOUR_MS + 30 * 60_000, message: "2 111111111111 eni-0a1 truncated" },
    ]);
    const store = await openTestStore();
    const summary = await ingestDay(store, server);
    expect(summary).toMatchObject({ rowsLoaded: 4, rowsRejected: 1, objectsFailed: 0 });
    expect(await store.rows("SELECT reason, text FROM rejects")).toEqual([
      { reason: "expected 14 fields, found 4", text: "2 111111111111 eni-0a1 truncated" },
    ]);
  });
});
