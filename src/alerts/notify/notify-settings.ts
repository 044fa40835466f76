/**
 * Where alert notifications go, as zod fragments for the `alerts:` section of the config. The Slack bot is
 * the one `slack:` configures (its secret, never a token in the file); a rule may name its own channel.
 * Webhooks are named once under `alerts.webhooks` and referred to by name from rules; the HMAC key is read
 * from an environment variable or a Secrets Manager secret, never written in the file.
 *
 *   alerts:
 *     webhooks:
 *       pager: { url: https://hooks.example.com/flowlens, secretEnv: FLOWLENS_PAGER_HMAC }
 *     rules:
 *       - name: s3-back-through-nat
 *         notify: { slack: { channel: C0123456789 }, webhooks: [pager] }
 */
import { z } from "zod";
import type { AlertTargets } from "./alert-targets.js";

export const webhookSettingsSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).describe("Where the JSON event is POSTed"),
    secretEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name")
      .optional()
      .describe("Environment variable holding the HMAC-SHA256 signing key"),
    secret: z.string().min(1).optional().describe('Secrets Manager secret (name or ARN) {"hmacKey": "…"}'),
    timeoutSeconds: z.number().positive().max(60).default(10),
  })
  .strict();

export const ruleNotifySchema = z
  .object({
    slack: z
      .union([z.literal(false), z.object({ channel: z.string().min(1).optional() }).strict()])
      .optional()
      .describe("Post to Slack (the `slack:` bot; channel defaults to slack.channel); false: never"),
    webhooks: z.array(z.string().min(1)).default([]).describe("Names from alerts.webhooks"),
  })
  .strict();

export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;
export type RuleNotify = z.infer<typeof ruleNotifySchema>;

/**
 * A rule's targets for `deliverAlertEvents`: Slack unless its `notify.slack` is false (and only when a
 * Slack bot is configured), and the webhooks it names (`config check` refuses a name `alerts.webhooks`
 * lacks; one slipping through is left out here).
 */
export function alertTargets(
  notify: RuleNotify | undefined,
  webhooks: Readonly<Record<string, WebhookSettings>>,
  slackConfigured: boolean,
): AlertTargets {
  const slack = notify?.slack;
  return {
    ...(slack === false || !slackConfigured ? {} : { slack: { channel: slack?.channel } }),
    webhooks: (notify?.webhooks ?? []).flatMap((name) => {
      const settings = webhooks[name];
      return settings === undefined ? [] : [{ ...settings, name }];
    }),
  };
}
