import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCloudWatchLogsClient } from "../../../src/sources/cloudwatch/cloudwatch-logs-client.js";
import type { LogHour } from "../../../src/sources/cloudwatch/cloudwatch-uri.js";
import { pullLogHour } from "../../../src/sources/cloudwatch/pull-log-hour.js";
import type { CloudWatchLogsServer } from "../../helpers/cloudwatch-logs-server.js";
import { tempDir } from "../../helpers/temp-dir.js";
import { cloudWatchLogs, DAY_START_MS, GROUP, HOUR_MS, putRecords } from "./cloudwatch-environment.js";

const HOUR_5: LogHour = { group: GROUP, region: "us-east-1", startMs: DAY_START_MS + 5 * HOUR_MS };

async function pull(server: CloudWatchLogsServer, hour: LogHour = HOUR_5) {
  const client = createCloudWatchLogsClient({ endpointUrl: server.endpoint, region: hour.region });
  const path = join(tempDir(), "hour.log");
  try {
    const pulled = await pullLogHour(client, hour, path);
    return { ...pulled, lines: readFileSync(path, "utf8").split("\n").filter(Boolean) };
  } finally {
    client.destroy();
  }
}

describe("pulling one hour of a log group with FilterLogEvents", () => {
  it("follows nextToken through pages, empty ones included, and writes every event's message once", async () => {
    const server = await cloudWatchLogs({ pageSize: 4, emptyPages: 2 });
    putRecords(server, "eni-0a1-all", 5, 10);
    const pulled = await pull(server);
    expect(pulled.lines).toHaveLength(10);
    expect(pulled.events).toBe(10);
    // 3 pages of events, each after 2 empty pages.
    expect(pulled.pages).toBe(9);
    expect(server.requests.filter((r) => r.body.nextToken === undefined)).toHaveLength(1);
  });

  it("asks for exactly the hour: startTime and endTime are both inclusive", async () => {
    const server = await cloudWatchLogs();
    server.putEvents(GROUP, "eni-0a1-all", [
      { timestamp: HOUR_5.startMs - 1, message: "before" },
      { timestamp: HOUR_5.startMs, message: "first" },
      { timestamp: HOUR_5.startMs + HOUR_MS - 1, message: "last" },
      { timestamp: HOUR_5.startMs + HOUR_MS, message: "next hour" },
    ]);
    const pulled = await pull(server);
    expect(pulled.lines.sort()).toEqual(["first", "last"]);
    expect(server.requests[0]?.body).toMatchObject({
      logGroupName: GROUP,
      startTime: HOUR_5.startMs,
      endTime: HOUR_5.startMs + HOUR_MS - 1,
    });
  });

  it("writes an event that comes on two pages once", async () => {
    const server = await cloudWatchLogs({ pageSize: 3, repeatLastEvent: true });
    putRecords(server, "eni-0a1-all", 5, 7);
    const pulled = await pull(server);
    expect(pulled.pages).toBe(3);
    expect(pulled.lines).toHaveLength(7);
    expect(new Set(pulled.lines).size).toBe(7);
  });

  it("reads only the streams whose names start with the stream prefix", async () => {
    const server = await cloudWatchLogs();
    putRecords(server, "eni-0a1-all", 5, 3);
    putRecords(server, "other-stream", 5, 4, 100);
    const pulled = await pull(server, { ...HOUR_5, streamPrefix: "eni-" });
    expect(pulled.lines).toHaveLength(3);
    expect(server.requests[0]?.body.logStreamNamePrefix).toBe("eni-");
  });

  it("the fingerprint is the same for the same events and changes when an event is added", async () => {
    const server = await cloudWatchLogs({ pageSize: 2 });
    putRecords(server, "eni-0a1-all", 5, 5);
    const first = await pull(server);
    const again = await pull(server);
    putRecords(server, "eni-0a1-all", 5, 1, 50);
    const later = await pull(server);
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(later.fingerprint).not.toBe(first.fingerprint);
    expect(later.fingerprint).toMatch(/^events:6:sha256:[0-9a-f]{32}$/);
  });

  it("retries a throttled call and succeeds", async () => {
    const server = await cloudWatchLogs();
    putRecords(server, "eni-0a1-all", 5, 3);
    server.failNext(2);
    const pulled = await pull(server);
    expect(pulled.lines).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
  });

  it("sends at most 5 requests in any second, retries included", async () => {
    const server = await cloudWatchLogs({ pageSize: 1 });
    putRecords(server, "eni-0a1-all", 5, 10);
    server.failNext(2);
    await pull(server);
    const times = server.requests.map((r) => r.arrivedAt);
    expect(times).toHaveLength(12);
    const mostInASecond = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    expect(mostInASecond).toBeLessThanOrEqual(5);
  });
});
