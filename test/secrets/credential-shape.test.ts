import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FlowlensError } from "../../src/errors.js";
import {
  credentialShapeOf,
  maskCredentials,
  refuseCredential,
  SECRET_NAME,
} from "../../src/secrets/credential-shape.js";

/** Real-looking values, built at run time so no scanner mistakes this file for a leak. */
const SLACK_BOT = ["xoxb", "4242424242", "1717171717", "Zq8RkT2vLm9XwP4sNc7YhJ3d"].join("-");
const AWS_SECRET_KEY = ["Zk8vQm2R/xL9pT4wN7cB", "+hY3sD6fJ1gK5eA0uV8i"].join("");

describe("credentialShapeOf recognises credentials", () => {
  it.each([
    ["a Slack token", SLACK_BOT],
    ["a Slack token", `xapp-1-A0123456789-${"4242".repeat(4)}`],
    ["a Slack token", `xoxp-${"1".repeat(10)}-abcdef`],
    ["an AWS access key ID", `AKIA${"Q7X2M4K9P3L8R5T1"}`],
    ["an AWS secret access key", AWS_SECRET_KEY],
    ["a GitHub token", `ghp_${"a1B2c3D4e5F6g7H8i9J0".repeat(2)}`],
    ["a private key", "-----BEGIN RSA PRIVATE KEY-----"],
    ["a long hexadecimal string", randomBytes(20).toString("hex")],
    ["a long base64 string", "Mq3Z9vXb7Lk2Rt8Wp4Ns6Yc1Hd5Jf0Gs3Qa7Ue2Io9Pl4Kx8Vm"],
  ])("calls %s by its shape", (shape, value) => {
    expect(credentialShapeOf(value)).toBe(shape);
  });
});

describe("credentialShapeOf leaves real names alone", () => {
  it.each([
    "flowlens/slack",
    "flowlens/production/SlackBotCredentialsForDaily2024",
    "MyVeryLongSecretNameForTheFlowlensDailyJob2025X1",
    "prod_flowlens-slack_bot-token_2024-main",
    "arn:aws:secretsmanager:us-east-1:111111111111:secret:flowlens/slack-AbCdEf",
    "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:team/ops/slack-bot-x1Y2z3",
    "C0123456789",
    "logs-reader",
    "111111111111",
  ])("takes %s as a name", (name) => {
    expect(credentialShapeOf(name)).toBeUndefined();
  });
});

describe("refuseCredential", () => {
  it("names the setting and the shape, never the value", () => {
    let error: unknown;
    try {
      refuseCredential(SLACK_BOT, "--slack-secret", SECRET_NAME);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FlowlensError);
    const refusal = error as FlowlensError;
    expect(refusal.code).toBe("FLOWLENS_USAGE");
    expect(refusal.sentence).toBe(
      "--slack-secret holds what looks like a Slack token, not a Secrets Manager secret name or ARN: it was not used, sent or shown — give a Secrets Manager secret name or ARN instead; if the credential was pasted into a shell or a file, rotate it",
    );
  });

  it("lets a name through", () => {
    expect(() => refuseCredential("flowlens/slack", "--slack-secret", SECRET_NAME)).not.toThrow();
  });
});

describe("maskCredentials", () => {
  it("replaces each credential in a text and keeps the rest", () => {
    expect(maskCredentials(`token ${SLACK_BOT} and key ${AWS_SECRET_KEY} in flowlens/slack`)).toBe(
      "token [redacted] and key [redacted] in flowlens/slack",
    );
  });
});
