/**
 * The Firehose access key `flowlens serve` expects: `serve.accessKey` (or FLOWLENS_SERVE_ACCESS_KEY), or a
 * Secrets Manager secret in the shape Firehose itself stores it, `{"api_key": "…"}`.
 */
import type { AwsNetworkSettings } from "../aws/aws-network.js";
import type { ServeConfig } from "../config/serve-config.js";
import { readSecretKey } from "../secrets/secret-key.js";
import { SecretValue } from "../secrets/secret-value.js";

/** @throws FlowlensError FLOWLENS_SECRET_INVALID when the secret holds no api_key, and what readSecret throws */
export async function readAccessKey(
  serve: ServeConfig,
  network?: AwsNetworkSettings,
): Promise<SecretValue | undefined> {
  if (serve.accessKey !== undefined) return new SecretValue(serve.accessKey);
  if (serve.accessKeySecret === undefined) return undefined;
  return readSecretKey(serve.accessKeySecret, { key: "api_key", what: "access key" }, network);
}
