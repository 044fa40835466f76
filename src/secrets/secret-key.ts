/**
 * One credential kept under one key of a Secrets Manager secret of key/value pairs, as Firehose keeps its
 * access key (`{"api_key": "…"}`) and flowlens its dashboard token (`{"token": "…"}`). Errors name the
 * secret, the key expected and the keys found, never a value.
 */
import type { AwsNetworkSettings } from "../aws/aws-network.js";
import { FlowlensError } from "../errors.js";
import { readSecret } from "./read-secret.js";
import { parseSecretJson } from "./secret-json.js";
import type { SecretValue } from "./secret-value.js";

export interface SecretKey {
  /** The key the value is under, e.g. `api_key`. */
  readonly key: string;
  /** What the value is, in words: "access key", "dashboard token". */
  readonly what: string;
}

/** @throws FlowlensError FLOWLENS_SECRET_INVALID when the secret holds no such key, and what readSecret throws */
export async function readSecretKey(
  secretId: string,
  { key, what }: SecretKey,
  network?: AwsNetworkSettings,
): Promise<SecretValue> {
  const shape = `{"${key}": "…"}`;
  const json = parseSecretJson(await readSecret(secretId, { network }), {
    shape,
    hint: `store the ${what.split(" ").at(-1)} as key/value pairs: ${shape}`,
  });
  const value = json.string(key);
  if (value === undefined || value.reveal() === "") {
    throw new FlowlensError(
      "FLOWLENS_SECRET_INVALID",
      `secret "${secretId}" holds no ${what}: expected key ${key}; found ${json.keys.length > 0 ? json.keys.join(", ") : "no keys"}`,
      { hint: `store the ${what.split(" ").at(-1)} under "${key}": ${shape}` },
    );
  }
  return value;
}
