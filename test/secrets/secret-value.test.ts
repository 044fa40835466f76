import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { redactSecrets, SecretValue } from "../../src/secrets/secret-value.js";

const TOKEN = "xoxb-1234-5678-secretvalue";

describe("SecretValue", () => {
  it("prints as [redacted] through String, templates, JSON.stringify and util.inspect", () => {
    const secret = new SecretValue(TOKEN);

    expect([
      String(secret),
      `${secret}`,
      // biome-ignore lint/style/useTemplate: concatenation is one of the ways a value gets printed
      "" + secret,
      JSON.stringify({ secret }),
      inspect({ secret }, { showHidden: true, depth: 5 }),
    ]).toEqual([
      "[redacted]",
      "[redacted]",
      "[redacted]",
      '{"secret":"[redacted]"}',
      "{ secret: [redacted] }",
    ]);
  });

  it("gives the value only through reveal()", () => {
    expect(new SecretValue(TOKEN).reveal()).toBe(TOKEN);
  });

  it("is not copied by spreading, Object.entries or structuredClone", () => {
    const secret = new SecretValue(TOKEN);

    expect(JSON.stringify([{ ...secret }, Object.entries(secret), structuredClone(secret)])).not.toContain(
      TOKEN,
    );
  });
});

describe("redactSecrets", () => {
  it("replaces every given secret in a text", () => {
    expect(redactSecrets("a=s3cr3t b=s3cr3t c=other", [new SecretValue("s3cr3t"), "other"])).toBe(
      "a=[redacted] b=[redacted] c=[redacted]",
    );
  });

  it("masks anything shaped like a Slack token, even when its value is not known", () => {
    expect(redactSecrets("invalid_auth for xoxb-99-88-unknown and xapp-1-A1-2", [])).toBe(
      "invalid_auth for [redacted] and [redacted]",
    );
  });

  it("ignores empty and missing secrets", () => {
    expect(redactSecrets("nothing secret", ["", undefined])).toBe("nothing secret");
  });
});
