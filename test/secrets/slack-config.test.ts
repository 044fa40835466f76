import { describe, expect, it } from "vitest";
import { slackConfigSchema, TOKEN_IN_CONFIG_MESSAGE } from "../../src/secrets/slack-config.js";

describe("the slack config section", () => {
  it("accepts a secret, a channel and an API URL", () => {
    const slack = { secret: "flowlens/slack", channel: "C0123456789", apiUrl: "https://slack-gov.com/api/" };

    expect(slackConfigSchema.parse(slack)).toEqual(slack);
  });

  it("refuses a token, saying to use a secret or SLACK_BOT_TOKEN, without repeating it", () => {
    const result = slackConfigSchema.safeParse({ token: "xoxb-1-2-inconfig" });

    expect(result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)).toEqual([
      "token: a Slack token must not be written in the config file: store it in a Secrets Manager secret (slack.secret or --slack-secret) or set SLACK_BOT_TOKEN",
    ]);
    expect(JSON.stringify(result.error?.issues)).not.toContain("xoxb-1-2-inconfig");
  });

  it("refuses a botToken key the same way", () => {
    const result = slackConfigSchema.safeParse({ botToken: "xoxb-1-2-inconfig" });

    expect(result.error?.issues[0]?.message).toBe(TOKEN_IN_CONFIG_MESSAGE);
  });

  it("refuses an API URL that is not http(s)", () => {
    expect(slackConfigSchema.safeParse({ apiUrl: "slack-gov.com/api" }).success).toBe(false);
    expect(slackConfigSchema.safeParse({ apiUrl: "ftp://slack-gov.com/api/" }).success).toBe(false);
  });
});
