import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { deliverToSlack } from "../../../src/deliver/slack/deliver-to-slack.js";
import { openTestStore } from "../../enrich/open-test-store.js";
import {
  SLACK_TEST_TOKEN,
  type SlackApiServer,
  type SlackFault,
  startSlackApiServer,
} from "../../helpers/slack-api-server.js";
import { deliveryTo, FAST_RETRY, sampleReport, writeSampleReport } from "./sample-report.js";

/** Everything written to stdout, stderr or the console until the test ends. */
function captureOutput(): string[] {
  const written: string[] = [];
  const keep = (...args: unknown[]) => {
    written.push(args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" "));
    return true;
  };
  for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, "write").mockImplementation(keep);
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, method).mockImplementation(keep);
  }
  return written;
}

/** The error, its causes and every property of each, as text. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e !== undefined && e !== null && parts.length < 20; e = (e as Error).cause) {
    parts.push(String(e), (e as Error).stack ?? "", inspect(e, { depth: null, showHidden: true }));
  }
  return parts.join("\n");
}

interface Scenario {
  readonly name: string;
  readonly token: string;
  readonly method: string;
  readonly fault?: SlackFault;
}

const WRONG_TOKEN = "xoxb-1111111111-2222222222-NotTheBotTokenButStillSecret";
const ALWAYS = FAST_RETRY.retries + 1;

const SCENARIOS: readonly Scenario[] = [
  { name: "a token Slack does not accept (invalid_auth)", token: WRONG_TOKEN, method: "chat.postMessage" },
  {
    name: "HTTP 500 until the retries run out",
    token: SLACK_TEST_TOKEN,
    method: "chat.postMessage",
    fault: { status: 500 },
  },
  {
    name: "a connection dropped on every try",
    token: SLACK_TEST_TOKEN,
    method: "chat.postMessage",
    fault: { drop: true },
  },
  {
    name: "429 on every try",
    token: SLACK_TEST_TOKEN,
    method: "chat.postMessage",
    fault: { rateLimited: 0 },
  },
  {
    name: "an upload URL answering HTTP 500",
    token: SLACK_TEST_TOKEN,
    method: "upload",
    fault: { status: 500 },
  },
];

async function failedDelivery(server: SlackApiServer, scenario: Scenario): Promise<unknown> {
  if (scenario.fault) server.failNext(scenario.method, scenario.fault, ALWAYS);
  const report = sampleReport();
  const options = deliveryTo(server, await openTestStore(), report, await writeSampleReport(report));
  return deliverToSlack({ ...options, token: scenario.token }).then(
    () => expect.unreachable("the delivery should fail"),
    (error: unknown) => error,
  );
}

describe("the bot token", () => {
  it.each(SCENARIOS)("appears in no error, cause or output after $name", async (scenario) => {
    const server = await startSlackApiServer();
    const output = captureOutput();
    const error = await failedDelivery(server, scenario);
    vi.restoreAllMocks();
    expect(error).toMatchObject({ code: "FLOWLENS_SLACK_FAILED" });
    expect(everythingIn(error)).not.toContain(scenario.token);
    expect(output.join("\n")).not.toContain(scenario.token);
  });
});
