/**
 * The `slack` section of the config file, as a zod fragment for the config schema. It references the
 * credentials, never holds them: a `token` (or `botToken`) key is refused with a sentence saying where the
 * token goes instead, and a token (or other credential) given as the secret's name or the channel is
 * refused without being echoed.
 *
 *   slack:
 *     secret: flowlens/slack            # Secrets Manager name or ARN
 *     channel: C0123456789              # overrides the secret's channelId
 *     apiUrl: https://slack-gov.com/api/
 */
import { z } from "zod";
import { credentialMessage, credentialShapeOf, SECRET_NAME } from "./credential-shape.js";
import { isChannelId } from "./slack-credential-shapes.js";

export const TOKEN_IN_CONFIG_MESSAGE =
  "a Slack token must not be written in the config file: store it in a Secrets Manager secret " +
  "(slack.secret or --slack-secret) or set SLACK_BOT_TOKEN";

const noToken = z.never({ error: TOKEN_IN_CONFIG_MESSAGE }).optional();

/** A name (or ID) that must not be a credential; the message never shows the value (its path names it). */
function nameNotCredential(expected: string) {
  return z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      const shape = credentialShapeOf(value);
      if (shape) ctx.addIssue({ code: "custom", message: credentialMessage(shape, "the value", expected) });
    });
}

export const slackConfigSchema = z
  .object({
    secret: nameNotCredential(SECRET_NAME)
      .optional()
      .describe('Secrets Manager secret (name or ARN) holding {"botToken": "xoxb-…", "channelId": "C…"}'),
    channel: nameNotCredential("a Slack channel ID (C… or G…)")
      .superRefine((value, ctx) => {
        // The rule delivery applies (to the trimmed value); a credential is refused above, unshown.
        const channel = value.trim();
        if (isChannelId(channel) || credentialShapeOf(value)) return;
        const name = channel.startsWith("#") ? ", a channel name" : "";
        ctx.addIssue({
          code: "custom",
          input: value,
          message: `expected a Slack channel ID (C… or G…, e.g. C0123456789), got ${JSON.stringify(value)}${name}: the ID is at the bottom of the channel's details in Slack`,
        });
      })
      .optional()
      .describe("Slack channel ID (C… or G…) to post to; overrides the secret's channelId"),
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("Slack Web API base URL, e.g. https://slack-gov.com/api/ for GovSlack (default: Slack's)"),
    retries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .optional()
      .describe("Retries of a Slack call after a 5xx or network error, with back-off from 1 s (default 5)"),
    token: noToken,
    botToken: noToken,
  })
  .strict();

export type SlackConfig = z.infer<typeof slackConfigSchema>;
