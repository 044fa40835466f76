import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DELIVERY_STREAM_ARN, prepareFirehoseDataset } from "../../bench/lib/firehose-dataset.js";
import { type OutgoingRequest, sendRequests } from "../../bench/lib/firehose-sender.js";
import { loadConfig } from "../../src/config/config.js";
import { startServer } from "../../src/server/start-server.js";
import { withStoreIn } from "../helpers/store-in-dir.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("the streaming benchmark against flowlens serve", () => {
  it("stores every record of the prebuilt requests once, also when a request is sent again after its 200", async () => {
    const dir = tempDir("flowlens-bench-stream-");
    const dataset = await prepareFirehoseDataset(dir, 20_000, 3);
    const config = loadConfig({
      env: { FLOWLENS_SERVE_ACCESS_KEY: "k" },
      flags: { db: join(dir, "flowlens.duckdb"), serve: { port: "0" } },
    });
    const server = await startServer({ config });
    let stopped = false;
    try {
      const queue: OutgoingRequest[] = dataset.requests.map((r) => ({
        requestId: r.requestId,
        body: readFileSync(join(dataset.dir, r.body)),
        records: r.records,
        kind: "data",
      }));
      queue.push({ ...(queue[0] as OutgoingRequest), kind: "resend" });
      const sent = await sendRequests(queue, {
        url: `${server.url}/firehose`,
        accessKey: "k",
        sourceArn: DELIVERY_STREAM_ARN,
      });
      expect(sent.flatMap((r) => r.attempts.map((a) => a.status))).toEqual(queue.map(() => 200));
      await server.stop();
      stopped = true;
      const rows = await withStoreIn(dir, (store) => store.rows("SELECT count(*)::INTEGER AS n FROM flows"));
      expect(rows).toEqual([{ n: 20_000 }]);
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
