import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createCloudWatchLogsClient } from "../../../src/sources/cloudwatch/cloudwatch-logs-client.js";
import type { LogHour } from "../../../src/sources/cloudwatch/cloudwatch-uri.js";
import { pullLogHour } from "../../../src/sources/cloudwatch/pull-log-hour.js";
import type { CloudWatchLogsError } from "../../helpers/cloudwatch-logs-server.js";
import { failureOf } from "../../helpers/flowlens-failure.js";
import { tempDir } from "../../helpers/temp-dir.js";
import { cloudWatchLogs, DAY_START_MS, GROUP, HOUR_MS } from "./cloudwatch-environment.js";

const HOUR_5: LogHour = { group: GROUP, region: "us-east-1", startMs: DAY_START_MS + 5 * HOUR_MS };

/** The FlowlensError pulling HOUR_5 (or `hour`) from `endpoint` fails with. */
async function failure(endpoint: string, hour: LogHour = HOUR_5) {
  const client = createCloudWatchLogsClient({ endpointUrl: endpoint, region: hour.region });
  try {
    return await failureOf(pullLogHour(client, hour, join(tempDir(), "hour.log")));
  } finally {
    client.destroy();
  }
}

/** The FlowlensError when the server answers every attempt with `answer`. */
async function failureWhenAnswered(answer: CloudWatchLogsError) {
  const server = await cloudWatchLogs();
  server.createGroup(GROUP);
  server.failNext(3, answer);
  return failure(server.endpoint);
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("a FilterLogEvents call that fails", () => {
  it("names the log group and region when the group does not exist", async () => {
    const server = await cloudWatchLogs();
    const error = await failure(server.endpoint, { ...HOUR_5, group: "/aws/vpc/no-such-group" });
    expect(error.code).toBe("FLOWLENS_CLOUDWATCH_FAILED");
    expect(error.sentence).toBe(
      'cannot read log group "/aws/vpc/no-such-group" in us-east-1: ResourceNotFoundException (The specified log group does not exist.) — check the log group\'s name and the region (--region, AWS_REGION): `aws logs describe-log-groups --region us-east-1` lists them',
    );
  });

  it("names the permission when access is denied", async () => {
    const server = await cloudWatchLogs();
    server.createGroup(GROUP);
    server.deny(GROUP);
    const error = await failure(server.endpoint);
    expect(error.message).toMatch(
      /^cannot read log group "\/aws\/vpc\/flow-logs" in us-east-1: AccessDeniedException \(User: .* is not authorized to perform: logs:FilterLogEvents/,
    );
    expect(error.hint).toBe("allow logs:FilterLogEvents on the log group");
  });

  it("says CloudWatch Logs throttles when every attempt was throttled", async () => {
    const server = await cloudWatchLogs();
    server.createGroup(GROUP);
    server.failNext(3);
    const error = await failure(server.endpoint);
    expect(error.sentence).toBe(
      'cannot read log group "/aws/vpc/flow-logs" in us-east-1: ThrottlingException (Rate exceeded) — CloudWatch Logs is throttling this account\'s calls (FilterLogEvents allows 5 a second per account and region, shared with other programs); try again later, or raise aws.maxAttempts',
    );
    expect(server.requests).toHaveLength(3);
  });
  it("points to the credentials when CloudWatch Logs does not know them", async () => {
    const error = await failureWhenAnswered({
      type: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
    expect(error.sentence).toBe(
      'cannot read log group "/aws/vpc/flow-logs" in us-east-1: UnrecognizedClientException (The security token included in the request is invalid.) — check the AWS credentials in use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws/credentials)',
    );
  });

  it("says the session has expired", async () => {
    const error = await failureWhenAnswered({
      type: "ExpiredTokenException",
      message: "The security token included in the request is expired",
    });
    expect(error.hint).toBe("the AWS session has expired; refresh it (for example with aws sso login)");
  });

  it("says to run again later when the service stays unavailable", async () => {
    const error = await failureWhenAnswered({
      type: "ServiceUnavailableException",
      message: "The service cannot complete the request.",
      status: 503,
    });
    expect(error.sentence).toBe(
      'cannot read log group "/aws/vpc/flow-logs" in us-east-1: ServiceUnavailableException (The service cannot complete the request.) — CloudWatch Logs is unavailable for now; run the same command again later',
    );
  });

  it("names the permission for any other refusal with HTTP 403", async () => {
    const error = await failureWhenAnswered({ type: "Forbidden", message: "no", status: 403 });
    expect(error.hint).toBe("allow logs:FilterLogEvents on the log group");
  });

  it("names the endpoint it cannot reach and the retries", async () => {
    await cloudWatchLogs();
    const port = await closedPort();
    const error = await failure(`http://127.0.0.1:${port}`);
    expect(error.sentence).toBe(
      `cannot read log group "/aws/vpc/flow-logs" in us-east-1: cannot reach CloudWatch Logs at http://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}), after 2 retries — check the network connection, any proxy, and the CloudWatch Logs endpoint (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, --endpoint-url)`,
    );
  });

  it("says how to configure credentials when there are none", async () => {
    const server = await cloudWatchLogs();
    vi.stubEnv("AWS_ACCESS_KEY_ID", undefined);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", undefined);
    const error = await failure(server.endpoint);
    expect(error.sentence).toBe(
      'cannot read log group "/aws/vpc/flow-logs" in us-east-1: Could not load credentials from any providers — configure AWS credentials (--profile, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
    );
    expect(server.requests).toHaveLength(0);
  });
});
