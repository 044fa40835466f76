/**
 * The Firehose access key `flowlens serve` expects: `serve.accessKey` (or FLOWLENS_SERVE_ACCESS_KEY), or a
 * Secrets Manager secret in the shape Firehose itself stores it, `{"api_key": "…"}`.
 */
import type { AwsNetworkSettings } from "../aws/aws-network.js";
import type { ServeConfig } from "../config/serve-config.js";
import { FlowlensError } from "../errors.js";
import { readSecret } from "../secrets/read-secret.js";
import { parseSecretJson } from "../secrets/secret-json.js";
import { SecretValue } from "../secrets/secret-value.js";

export const ACCESS_KEY_SECRET_SHAPE = '{"api_key": "…"}';

/** @throws FlowlensError FLOWLENS_SECRET_INVALID when the secret holds no api_key, and what readSecret throws */
export async function readAccessKey(
  serve: ServeConfig,
  network?: AwsNetworkSettings,
): Promise<SecretValue | undefined> {
  if (serve.accessKey !== undefined) return new SecretValue(serve.accessKey);
  if (serve.accessKeySecret === undefined) return undefined;
  const secret = await readSecret(serve.accessKeySecret, { network });
  const json = parseSecretJson(secret, {
    shape: ACCESS_KEY_SECRET_SHAPE,
    hint: `store the key as key/value pairs: ${ACCESS_KEY_SECRET_SHAPE}`,
  });
  const key = json.string("api_key");
  if (key === undefined || key.reveal() === "") {
    throw new FlowlensError(
      "FLOWLENS_SECRET_INVALID",
      `secret "${serve.accessKeySecret}" holds no access key: expected key api_key; found ${json.keys.length > 0 ? json.keys.join(", ") : "no keys"}`,
      { hint: `store the key under "api_key": ${ACCESS_KEY_SECRET_SHAPE}` },
    );
  }
  return key;
}
