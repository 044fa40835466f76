import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveSlackCredentials, type SlackCredentialSources } from "../../src/secrets/slack-credentials.js";
import type { SecretsManagerAnswer } from "../helpers/secrets-manager-server.js";
import { emptyAwsEnvironment, secretsManager } from "./secrets-manager-environment.js";

/** Every way an error can be shown: message, hint, stack, JSON, inspect — and the same for each cause. */
function everythingShownOf(error: unknown): string {
  const shown: string[] = [
    JSON.stringify(error),
    inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
  ];
  for (let current: unknown = error; current !== undefined; current = (current as Error).cause) {
    if (!(current instanceof Error)) {
      shown.push(String(current));
      break;
    }
    const { message, stack = "" } = current;
    shown.push(message, stack, JSON.stringify(current), JSON.stringify(Object.entries(current)));
    if ("hint" in current) shown.push(String(current.hint));
  }
  return shown.join("\n");
}

/** Everything written to stdout, stderr or the console while `run` runs. */
async function writtenDuring(run: () => Promise<unknown>): Promise<string> {
  const written: unknown[] = [];
  const record = (...args: unknown[]) => {
    written.push(...args);
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(record);
  vi.spyOn(process.stderr, "write").mockImplementation(record);
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation(record);
  }
  await run().catch(() => undefined);
  vi.restoreAllMocks();
  return written.map((item) => (typeof item === "string" ? item : inspect(item))).join("\n");
}

/** Every 8-character piece of the token, so that a quoted start of it (V8's JSON errors) counts too. */
function piecesOf(token: string): string[] {
  return Array.from({ length: token.length - 7 }, (_, start) => token.slice(start, start + 8));
}

function expectNoPieceOf(token: string, text: string): void {
  expect(piecesOf(token).filter((piece) => text.includes(piece))).toEqual([]);
}

interface LeakCase {
  readonly name: string;
  readonly token: string;
  /** The secret "flowlens/slack" holds this text, or the server answers this instead. */
  readonly secret?: string;
  readonly answer?: SecretsManagerAnswer;
  readonly sources: SlackCredentialSources;
}

const FROM_SECRET: SlackCredentialSources = { slackSecret: "flowlens/slack", env: {} };

const CASES: readonly LeakCase[] = [
  {
    name: "the secret holds a bare token",
    token: "xoxb-1-2-bare",
    secret: "xoxb-1-2-bare",
    sources: FROM_SECRET,
  },
  {
    name: "the secret is not JSON and not token-shaped",
    token: "hunter2-plain-text-secret",
    secret: "hunter2-plain-text-secret",
    sources: FROM_SECRET,
  },
  {
    name: "the token is under a wrong key and a key is the token itself",
    token: "xoxb-3-4-wrongkey",
    secret: JSON.stringify({ token: "xoxb-3-4-wrongkey", "xoxb-3-4-wrongkey": "C0123456789" }),
    sources: FROM_SECRET,
  },
  {
    name: "the secret holds a user token",
    token: "xoxp-5-6-usertoken",
    secret: JSON.stringify({ botToken: "xoxp-5-6-usertoken", channelId: "C0123456789" }),
    sources: FROM_SECRET,
  },
  {
    name: "the secret holds a value that is not a token",
    token: "not-a-token-9f8e7d",
    secret: JSON.stringify({ botToken: "not-a-token-9f8e7d", channelId: "C0123456789" }),
    sources: FROM_SECRET,
  },
  {
    name: "SLACK_BOT_TOKEN and SLACK_CHANNEL_ID are swapped",
    token: "xoxb-7-8-swapped",
    sources: { env: { SLACK_BOT_TOKEN: "C0123456789", SLACK_CHANNEL_ID: "xoxb-7-8-swapped" } },
  },
  {
    name: "SLACK_CHANNEL_ID holds the token from SLACK_BOT_TOKEN",
    token: "xoxb-9-10-envtoken",
    sources: { env: { SLACK_BOT_TOKEN: "xoxb-9-10-envtoken", SLACK_CHANNEL_ID: "xoxb-9-10-envtoken" } },
  },
  {
    name: "Secrets Manager's answer is cut off",
    token: "xoxb-11-12-truncated",
    answer: {
      status: 200,
      rawBody: '{"Name":"flowlens/slack","SecretString":"{\\"botToken\\":\\"xoxb-11-12-truncated',
    },
    sources: FROM_SECRET,
  },
  {
    name: "Secrets Manager's answer has trailing garbage",
    token: "xoxb-13-14-garbage",
    answer: { status: 200, rawBody: '{"SecretString":"{\\"botToken\\":\\"xoxb-13-14-garbage\\"}"} garbage' },
    sources: FROM_SECRET,
  },
  {
    name: "Secrets Manager's error answer starts with the token",
    token: "xoxb-15-16-errorbody",
    answer: { status: 500, rawBody: "xoxb-15-16-errorbody is what went wrong" },
    sources: FROM_SECRET,
  },
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the Slack token is never shown", () => {
  it.each(CASES)(
    "keeps the token out of the error when $name",
    async ({ token, secret, answer, sources }) => {
      await secretsManager({
        secrets: secret === undefined ? [] : [{ name: "flowlens/slack", secretString: secret }],
        ...(answer === undefined ? {} : { failures: { "flowlens/slack": answer } }),
      });

      const failure = await resolveSlackCredentials(sources).then(
        () => expect.unreachable("resolving should fail"),
        (error: unknown) => error,
      );

      expectNoPieceOf(token, everythingShownOf(failure));
    },
  );

  it.each(CASES)("writes nothing holding the token to stdout or stderr when $name", async (leak) => {
    await secretsManager({
      secrets: leak.secret === undefined ? [] : [{ name: "flowlens/slack", secretString: leak.secret }],
      ...(leak.answer === undefined ? {} : { failures: { "flowlens/slack": leak.answer } }),
    });

    expectNoPieceOf(leak.token, await writtenDuring(() => resolveSlackCredentials(leak.sources)));
  });

  it("resolved credentials print and serialise without the token", async () => {
    emptyAwsEnvironment();
    const token = "xoxb-17-18-resolved";

    const slack = await resolveSlackCredentials({
      env: { SLACK_BOT_TOKEN: token, SLACK_CHANNEL_ID: "C0123456789" },
    });

    expect(
      `${JSON.stringify(slack)} ${inspect(slack, { showHidden: true })} ${String(slack.token)}`,
    ).not.toContain(token);
    expect(JSON.stringify(slack)).toBe(
      '{"token":"[redacted]","channel":"C0123456789","source":"environment"}',
    );
  });
});
