import { describe, expect, it } from "vitest";
import { FlowlensError } from "../../../src/errors.js";
import { logHourUri, parseCloudWatchUri } from "../../../src/sources/cloudwatch/cloudwatch-uri.js";

function refusal(uri: string): FlowlensError {
  try {
    parseCloudWatchUri(uri);
  } catch (error) {
    if (error instanceof FlowlensError) return error;
    throw error;
  }
  throw new Error(`${uri} was accepted`);
}

describe("cloudwatch:// URIs", () => {
  it("reads a log group whose name starts with a slash, and its stream prefix", () => {
    expect(parseCloudWatchUri("cloudwatch:///aws/vpc/flow-logs?stream-prefix=eni-")).toEqual({
      group: "/aws/vpc/flow-logs",
      streamPrefix: "eni-",
    });
  });

  it("reads a log group without options", () => {
    expect(parseCloudWatchUri("cloudwatch://vpc-flow-logs")).toEqual({ group: "vpc-flow-logs" });
  });

  it("refuses a URI that names no log group", async () => {
    const error = await refusal("cloudwatch://");
    expect(error.code).toBe("FLOWLENS_USAGE");
    expect(error.sentence).toBe(
      "cloudwatch:// names no log group: expected cloudwatch://<log-group>[?stream-prefix=<prefix>] — give the log group the flow log publishes to, e.g. cloudwatch:///aws/vpc/flow-logs",
    );
  });

  it("refuses a log group name with characters CloudWatch Logs does not allow", async () => {
    expect((await refusal("cloudwatch://flow logs")).sentence).toBe(
      '"flow logs" in cloudwatch://flow logs is not a log group name: expected 1 to 512 letters, digits and . - _ / # — copy the name from the console or `aws logs describe-log-groups`',
    );
  });

  it("refuses an option other than stream-prefix", async () => {
    expect((await refusal("cloudwatch://g?prefix=eni-")).sentence).toBe(
      'cloudwatch://g?prefix=eni- has an unknown option "prefix": expected cloudwatch://<log-group>[?stream-prefix=<prefix>] — stream-prefix is the one option; leave the others out',
    );
  });

  it("refuses a stream prefix that no stream name can start with", async () => {
    expect((await refusal("cloudwatch://g?stream-prefix=eni:1")).sentence).toBe(
      'stream-prefix "eni:1" in cloudwatch://g?stream-prefix=eni:1 is not a log stream prefix: expected 1 to 512 characters other than : and * — VPC Flow Logs names each stream after its ENI, e.g. stream-prefix=eni-',
    );
  });

  it("names an hour by group, UTC hour and region, with the stream prefix percent-encoded", () => {
    const startMs = Date.parse("2025-11-20T05:00:00Z");
    expect(
      logHourUri({ group: "/aws/vpc/flow", region: "eu-west-1", startMs, streamPrefix: "eni a&b" }),
    ).toBe("cloudwatch:///aws/vpc/flow/2025-11-20T05?region=eu-west-1&stream-prefix=eni+a%26b");
  });
});
