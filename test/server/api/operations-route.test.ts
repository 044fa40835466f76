/** GET /api/operations: the ledger, quarantine, streams, runs and deliveries as the store records them. */
import { describe, expect, it } from "vitest";
import {
  cloudWatchData,
  dataMessage,
  defaultRecords,
  firehoseRequest,
} from "../../helpers/firehose-payloads.js";
import { startTestServer } from "../../helpers/test-server.js";

describe("GET /api/operations", () => {
  it("shows a delivery stream's requests and records once the spool is loaded", async () => {
    const server = await startTestServer();
    const { headers, body } = firehoseRequest({
      requestId: "r-1",
      records: [{ data: cloudWatchData(dataMessage(defaultRecords(7))) }],
    });
    expect((await server.post("/firehose", headers, body)).status).toBe(200);
    await server.loader.loadAll();
    const answer = await server.app.inject({ method: "GET", url: "/api/operations" });
    expect(answer.statusCode).toBe(200);
    const operations = answer.json();
    expect(operations.streams).toEqual([
      expect.objectContaining({ deliveryStream: "vpc-flows", requests: 1, flowRecords: 7 }),
    ]);
    expect(operations.ledger).toEqual([expect.objectContaining({ status: "loaded", rows: 7 })]);
    expect(operations.failedObjects).toEqual([]);
    expect(operations.dailyRuns).toEqual([]);
    expect(operations.slackDeliveries).toEqual([]);
    expect(operations.spool).toMatchObject({ waitingRequests: 0, lastError: null });
  });

  it("lists quarantined lines with their reasons", async () => {
    const server = await startTestServer();
    const [good] = defaultRecords(1);
    const { headers, body } = firehoseRequest({
      requestId: "r-1",
      records: [{ data: cloudWatchData(dataMessage([good as string, "2 not a flow log line"])) }],
    });
    await server.post("/firehose", headers, body);
    await server.loader.loadAll();
    const { quarantine } = (await server.app.inject({ method: "GET", url: "/api/operations" })).json();
    expect(quarantine.lines).toBe(1);
    expect(quarantine.reasons).toEqual([{ reason: expect.any(String), lines: 1 }]);
  });

  it("refuses a query parameter, since it takes none", async () => {
    const server = await startTestServer();
    const answer = await server.app.inject({ method: "GET", url: "/api/operations?limit=5" });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe(
      "query parameter limit: unknown query parameter: expected no query parameters here",
    );
  });
});
