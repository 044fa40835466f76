/**
 * Test setup for pulling from CloudWatch Logs through the real SDK: a local CloudWatch Logs API, static
 * credentials and a region in the environment (the way a user's shell provides them), and flow records as
 * log events. The server and the environment are restored when the test ends.
 */
import { onTestFinished, vi } from "vitest";
import {
  CLOUDWATCH_LOGS_TEST_CREDENTIALS,
  type CloudWatchLogsServer,
  type CloudWatchLogsServerOptions,
  startCloudWatchLogsServer,
} from "../../helpers/cloudwatch-logs-server.js";
import { emptyAwsEnvironment } from "../../secrets/secrets-manager-environment.js";

export const GROUP = "/aws/vpc/flow-logs";
export const DAY = "2025-11-20";
export const DAY_START_MS = Date.parse(`${DAY}T00:00:00Z`);
export const HOUR_MS = 3_600_000;

/** A local CloudWatch Logs API with test credentials and AWS_REGION us-east-1, closed when the test ends. */
export async function cloudWatchLogs(
  options: CloudWatchLogsServerOptions = {},
): Promise<CloudWatchLogsServer> {
  emptyAwsEnvironment();
  vi.stubEnv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", undefined);
  vi.stubEnv("AWS_ACCESS_KEY_ID", CLOUDWATCH_LOGS_TEST_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", CLOUDWATCH_LOGS_TEST_CREDENTIALS.secretAccessKey);
  vi.stubEnv("AWS_REGION", "us-east-1");
  const server = await startCloudWatchLogsServer(options);
  onTestFinished(() => server.close());
  return server;
}

/**
 * Puts `count` default-format records, numbered from `first`, into `stream` as events of the hour that
 * starts `hour` hours into DAY, one a minute; each record's start is its event's time.
 */
export function putRecords(
  server: CloudWatchLogsServer,
  stream: string,
  hour: number,
  count: number,
  first = 0,
  group = GROUP,
): void {
  const events = Array.from({ length: count }, (_, i) => {
    const timestamp = DAY_START_MS + hour * HOUR_MS + (i % 60) * 60_000;
    return { timestamp, message: recordAt(first + i, timestamp) };
  });
  server.putEvents(group, stream, events);
}

/** A default-format record numbered `i` (its bytes are 1000 + i) that starts at `timestampMs`. */
export function recordAt(i: number, timestampMs: number): string {
  const start = Math.floor(timestampMs / 1000);
  return `2 111111111111 eni-0a1 10.0.1.${i % 250} 52.216.8.1 ${40000 + (i % 20000)} 443 6 10 ${1000 + i} ${start} ${start + 60} ACCEPT OK`;
}
