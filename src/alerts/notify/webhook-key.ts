/**
 * A webhook's HMAC key: from the environment variable `secretEnv` names, or from the Secrets Manager
 * secret `secret` (`{"hmacKey": "…"}`). The key travels as a SecretValue and is used only to sign.
 */
import type { AwsNetworkSettings } from "../../aws/aws-network.js";
import { FlowlensError } from "../../errors.js";
import { readSecretKey } from "../../secrets/secret-key.js";
import { SecretValue } from "../../secrets/secret-value.js";
import type { NamedWebhook } from "./alert-targets.js";

export const HMAC_SECRET_KEY = { key: "hmacKey", what: "webhook HMAC key" } as const;

/** @throws FlowlensError FLOWLENS_CONFIG_INVALID when no key is configured or the variable is unset */
export async function readWebhookKey(
  webhook: NamedWebhook,
  env: NodeJS.ProcessEnv,
  network?: AwsNetworkSettings,
): Promise<SecretValue> {
  if (webhook.secretEnv !== undefined) {
    const value = env[webhook.secretEnv];
    if (value === undefined || value === "") {
      throw new FlowlensError(
        "FLOWLENS_CONFIG_INVALID",
        `webhook ${webhook.name}: environment variable ${webhook.secretEnv} is not set; expected its HMAC signing key`,
        { hint: `set ${webhook.secretEnv} in the environment flowlens runs in` },
      );
    }
    return new SecretValue(value);
  }
  if (webhook.secret !== undefined) return readSecretKey(webhook.secret, HMAC_SECRET_KEY, network);
  throw new FlowlensError(
    "FLOWLENS_CONFIG_INVALID",
    `webhook ${webhook.name} has no signing key: expected alerts.webhooks.${webhook.name}.secretEnv or .secret`,
    {
      hint: 'name an environment variable (secretEnv) or a Secrets Manager secret holding {"hmacKey": "…"} (secret)',
    },
  );
}
