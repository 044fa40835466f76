import { createHash } from "node:crypto";
import { describe, expect, it, onTestFinished } from "vitest";
import { listFlowLogObjects } from "../../../src/sources/s3/list-flow-log-objects.js";
import { startS3Server } from "../../helpers/s3-server.js";
import { flowLogKey, listedPrefixes } from "./flow-log-keys.js";

const BUCKET = "flow-logs";
const FIVE_DAYS = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"];

async function s3() {
  const server = await startS3Server();
  onTestFinished(() => server.close());
  return server;
}

describe("listFlowLogObjects", () => {
  it("lists only the requested days of a bucket holding five, in the default layout", async () => {
    const server = await s3();
    for (const day of FIVE_DAYS) {
      for (const minute of [0, 5])
        await server.put(BUCKET, flowLogKey({ layout: "default", day, minute }), day);
    }

    const objects = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: "2024-03-02",
      to: "2024-03-03",
    });

    expect(objects.map((o) => o.uri)).toEqual(
      ["2024-03-02", "2024-03-03"].flatMap((day) =>
        [0, 5].map((minute) => `s3://${BUCKET}/${flowLogKey({ layout: "default", day, minute })}`),
      ),
    );
    expect(listedPrefixes(server.commands)).toEqual([
      "AWSLogs/",
      "AWSLogs/111111111111/vpcflowlogs/",
      "AWSLogs/111111111111/vpcflowlogs/us-east-1/2024/03/02/",
      "AWSLogs/111111111111/vpcflowlogs/us-east-1/2024/03/03/",
    ]);
  });

  it("lists only the requested days in the Hive layout with hourly partitions", async () => {
    const server = await s3();
    for (const day of FIVE_DAYS) {
      for (const hour of [0, 13, 23])
        await server.put(BUCKET, flowLogKey({ layout: "hive", day, hour }), day);
    }

    const objects = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: "2024-03-04",
      to: "2024-03-05",
    });

    expect(objects.map((o) => o.key)).toEqual(
      ["2024-03-04", "2024-03-05"].flatMap((date) =>
        [0, 13, 23].map((hour) => expect.objectContaining({ layout: "hive", date, hour })),
      ),
    );
    expect(listedPrefixes(server.commands)).toEqual([
      "AWSLogs/",
      "AWSLogs/aws-account-id=111111111111/aws-service=vpcflowlogs/",
      "AWSLogs/aws-account-id=111111111111/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=03/day=04/",
      "AWSLogs/aws-account-id=111111111111/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=03/day=05/",
    ]);
  });

  it("finds both layouts side by side under a prefix", async () => {
    const server = await s3();
    for (const day of FIVE_DAYS) {
      await server.put(
        BUCKET,
        flowLogKey({ layout: "default", day, prefix: "vpc/", account: "111111111111" }),
        "a",
      );
      await server.put(
        BUCKET,
        flowLogKey({ layout: "hive", day, prefix: "vpc/", account: "222222222222", hour: 7 }),
        "b",
      );
    }

    const objects = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      prefix: "vpc",
      from: "2024-03-03",
      to: "2024-03-03",
    });

    expect(objects.map((o) => [o.key.layout, o.key.accountId, o.key.date])).toEqual([
      ["default", "111111111111", "2024-03-03"],
      ["hive", "222222222222", "2024-03-03"],
    ]);
    expect(listedPrefixes(server.commands)).toEqual([
      "vpc/AWSLogs/",
      "vpc/AWSLogs/111111111111/vpcflowlogs/",
      "vpc/AWSLogs/111111111111/vpcflowlogs/us-east-1/2024/03/03/",
      "vpc/AWSLogs/aws-account-id=222222222222/aws-service=vpcflowlogs/",
      "vpc/AWSLogs/aws-account-id=222222222222/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=03/day=03/",
    ]);
  });

  it("describes each object by its URI, size, ETag and key", async () => {
    const server = await s3();
    const key = flowLogKey({ layout: "default", day: "2024-03-01", region: "eu-west-1", minute: 35 });
    await server.put(BUCKET, key, "version 2 account-id\n");

    const [object] = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: "2024-03-01",
      to: "2024-03-01",
    });

    expect(object).toEqual({
      uri: `s3://${BUCKET}/${key}`,
      size: 21,
      fingerprint: createHash("md5").update("version 2 account-id\n").digest("hex"),
      key: {
        accountId: "111111111111",
        region: "eu-west-1",
        date: "2024-03-01",
        hour: 0,
        flowLogId: "fl-0abc123def4567890",
        layout: "default",
      },
    });
  });

  it("keeps text, gzip and Parquet objects and skips folder markers and other files", async () => {
    const server = await s3();
    const day = "2024-03-01";
    const kept = [".log.gz", ".log", ".parquet", ".log.parquet"].map((extension, minute) =>
      flowLogKey({ layout: "default", day, minute, extension }),
    );
    for (const key of kept) await server.put(BUCKET, key, "x");
    const folder = "AWSLogs/111111111111/vpcflowlogs/us-east-1/2024/03/01/";
    await server.put(BUCKET, folder, "");
    await server.put(BUCKET, `${folder}13/`, "");
    await server.put(BUCKET, `${folder}manifest.json`, "{}");

    const objects = await listFlowLogObjects(server.client, { bucket: BUCKET, from: day, to: day });

    expect(objects.map((o) => o.uri)).toEqual(kept.map((key) => `s3://${BUCKET}/${key}`).sort());
  });

  it("gives an overwritten object a new fingerprint", async () => {
    const server = await s3();
    const key = flowLogKey({ layout: "default", day: "2024-03-01" });
    const range = { bucket: BUCKET, from: "2024-03-01", to: "2024-03-01" };
    await server.put(BUCKET, key, "first content");
    const [before] = await listFlowLogObjects(server.client, range);
    await server.put(BUCKET, key, "second content");
    const [after] = await listFlowLogObjects(server.client, range);

    expect(before?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(after?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(after?.fingerprint).not.toBe(before?.fingerprint);
  });

  it("returns nothing for days without flow logs", async () => {
    const server = await s3();
    await server.put(BUCKET, flowLogKey({ layout: "default", day: "2024-03-01" }), "x");

    const objects = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: "2024-04-01",
      to: "2024-04-02",
    });

    expect(objects).toEqual([]);
  });
});
