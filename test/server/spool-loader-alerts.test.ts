/**
 * Alert evaluation after each streaming load of `flowlens serve`: the events are recorded in the load's
 * store, and a failing evaluation is reported without undoing or stopping the load.
 */
import { describe, expect, it } from "vitest";
import {
  cloudWatchData,
  dataMessage,
  defaultRecords,
  firehoseRequest,
} from "../helpers/firehose-payloads.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const START = 1_764_547_200; // 2025-12-01T00:00:00Z

async function deliver(server: TestServer, requestId: string, records: string[]): Promise<void> {
  const { headers, body } = firehoseRequest({
    requestId,
    records: [{ data: cloudWatchData(dataMessage(records)) }],
  });
  expect((await server.post("/firehose", headers, body)).status).toBe(200);
}

const busy = { name: "busy", kind: "threshold", metric: "records", threshold: 20, period: "10m" };

describe("alerts after a streaming load", () => {
  it("records the events of the records each load brought", async () => {
    const server = await startTestServer({}, { settings: { alerts: { rules: [busy] } } });
    await deliver(server, "r-1", defaultRecords(50, { start: START }));
    await deliver(server, "r-2", defaultRecords(1, { start: START + 600, first: 51 }));
    await server.loader.loadAll();
    expect(
      await server.rows("SELECT rule, to_state, strftime(window_end, '%H:%M') AS at FROM alert_events"),
    ).toEqual([{ rule: "busy", to_state: "ALARM", at: "00:10" }]);
  });

  it("reports a failing evaluation and keeps what the load stored", async () => {
    const errors: string[] = [];
    const refused = { name: "q", kind: "sql", sql: "DELETE FROM flow_records", period: "10m" };
    const server = await startTestServer(
      {},
      { settings: { alerts: { rules: [refused] } }, onLoadError: (message) => errors.push(message) },
    );
    await deliver(server, "r-1", defaultRecords(50, { start: START }));
    await deliver(server, "r-2", defaultRecords(1, { start: START + 600, first: 51 }));
    await server.loader.loadAll();
    expect(await server.rows("SELECT count(*)::INTEGER AS n FROM flows")).toEqual([{ n: 51 }]);
    expect(errors).toEqual([
      "alert evaluation failed: alert rule q: the query is a DELETE statement, and flowlens runs only queries that read: one SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN of one — the store changes only through flowlens commands (ingest, inventory, ip-ranges)",
    ]);
    expect(server.loader.lastError).toBeUndefined();
  });
});
