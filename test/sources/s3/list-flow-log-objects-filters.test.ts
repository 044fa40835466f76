import { describe, expect, it, onTestFinished } from "vitest";
import { listFlowLogObjects } from "../../../src/sources/s3/list-flow-log-objects.js";
import { type S3Server, startS3Server } from "../../helpers/s3-server.js";
import { flowLogKey, listedPrefixes } from "./flow-log-keys.js";

const BUCKET = "flow-logs";
const DAY = "2024-03-01";
const ALICE = "111111111111";
const BOB = "222222222222";

/** Two accounts (one per layout) logging two regions each, on one day. */
async function twoAccountsTwoRegions(): Promise<S3Server> {
  const server = await startS3Server();
  onTestFinished(() => server.close());
  for (const region of ["us-east-1", "eu-west-1"]) {
    await server.put(BUCKET, flowLogKey({ layout: "default", day: DAY, account: ALICE, region }), "a");
    await server.put(BUCKET, flowLogKey({ layout: "hive", day: DAY, account: BOB, region }), "b");
  }
  return server;
}

function accountsAndRegions(objects: readonly { key: { accountId?: string; region?: string } }[]): string[] {
  return objects.map((o) => `${o.key.accountId} ${o.key.region}`).sort();
}

describe("listFlowLogObjects with account and region filters", () => {
  it("reads only the named accounts, discovering their regions", async () => {
    const server = await twoAccountsTwoRegions();

    const objects = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: DAY,
      to: DAY,
      accounts: [BOB],
    });

    expect(accountsAndRegions(objects)).toEqual([`${BOB} eu-west-1`, `${BOB} us-east-1`]);
    expect(listedPrefixes(server.commands)).toEqual([
      "AWSLogs/",
      `AWSLogs/aws-account-id=${BOB}/aws-service=vpcflowlogs/`,
      `AWSLogs/aws-account-id=${BOB}/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2024/month=03/day=01/`,
      `AWSLogs/aws-account-id=${BOB}/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=03/day=01/`,
    ]);
  });

  it("reads only the named regions without listing region folders", async () => {
    const server = await twoAccountsTwoRegions();

    const objects = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: DAY,
      to: DAY,
      regions: ["eu-west-1"],
    });

    expect(accountsAndRegions(objects)).toEqual([`${ALICE} eu-west-1`, `${BOB} eu-west-1`]);
    expect(listedPrefixes(server.commands)).toEqual([
      "AWSLogs/",
      `AWSLogs/${ALICE}/vpcflowlogs/eu-west-1/2024/03/01/`,
      `AWSLogs/aws-account-id=${BOB}/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2024/month=03/day=01/`,
    ]);
  });

  it("lists just one day folder when account, region and day are all named", async () => {
    const server = await twoAccountsTwoRegions();

    const objects = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: DAY,
      to: DAY,
      accounts: [ALICE],
      regions: ["us-east-1"],
    });

    expect(accountsAndRegions(objects)).toEqual([`${ALICE} us-east-1`]);
    expect(listedPrefixes(server.commands)).toEqual([
      "AWSLogs/",
      `AWSLogs/${ALICE}/vpcflowlogs/us-east-1/2024/03/01/`,
    ]);
  });

  it("treats empty account and region lists as no filter", async () => {
    const server = await twoAccountsTwoRegions();

    const objects = await listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: DAY,
      to: DAY,
      accounts: [],
      regions: [],
    });

    expect(objects).toHaveLength(4);
  });

  it("fails naming the accounts present when none of the named accounts has flow logs", async () => {
    const server = await twoAccountsTwoRegions();

    const listing = listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: DAY,
      to: DAY,
      accounts: ["333333333333"],
    });

    await expect(listing).rejects.toMatchObject({
      code: "FLOWLENS_SOURCE_NOT_FOUND",
      sentence: `no flow logs for account 333333333333 under s3://${BUCKET}/AWSLogs/: found ${ALICE}, ${BOB} — check the account ids, or leave them out to read every account`,
    });
  });

  it("rejects an account id that is not 12 digits before calling S3", async () => {
    const server = await twoAccountsTwoRegions();

    const listing = listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: DAY,
      to: DAY,
      accounts: ["12345"],
    });

    await expect(listing).rejects.toMatchObject({
      code: "FLOWLENS_USAGE",
      message: 'account id "12345" is not valid: expected 12 digits, e.g. 123456789012',
    });
    expect(server.commands).toEqual([]);
  });

  it("rejects a region that is not a region code", async () => {
    const server = await twoAccountsTwoRegions();

    const listing = listFlowLogObjects(server.client, {
      bucket: BUCKET,
      from: DAY,
      to: DAY,
      regions: ["Ireland"],
    });

    await expect(listing).rejects.toMatchObject({
      code: "FLOWLENS_USAGE",
      message: 'region "Ireland" is not valid: expected a region code, e.g. eu-west-1',
    });
  });
});
