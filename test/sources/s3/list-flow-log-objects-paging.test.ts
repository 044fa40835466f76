import { describe, expect, it, onTestFinished } from "vitest";
import { listFlowLogObjects } from "../../../src/sources/s3/list-flow-log-objects.js";
import { startS3Server } from "../../helpers/s3-server.js";
import { flowLogKey } from "./flow-log-keys.js";

const BUCKET = "flow-logs";
const DAY = "2024-03-01";

describe("listFlowLogObjects paging", () => {
  it("follows continuation tokens until a day folder is listed in full", async () => {
    const server = await startS3Server();
    onTestFinished(() => server.close());
    const keys = Array.from({ length: 7 }, (_, i) =>
      flowLogKey({ layout: "default", day: DAY, hour: i % 3, minute: i * 5 }),
    );
    for (const key of keys) await server.put(BUCKET, key, "x");

    const objects = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: DAY,
      to: DAY,
      pageSize: 3,
    });

    expect(objects.map((o) => o.uri)).toEqual(keys.map((key) => `s3://${BUCKET}/${key}`).sort());
    const dayListings = server.commands.filter(
      (c) =>
        c.command === "ListObjectsV2Command" &&
        c.input.Prefix === "AWSLogs/111111111111/vpcflowlogs/us-east-1/2024/03/01/",
    );
    expect(dayListings.map((c) => [c.input.MaxKeys, c.input.ContinuationToken !== undefined])).toEqual([
      [3, false],
      [3, true],
      [3, true],
    ]);
  });
});
