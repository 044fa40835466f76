/**
 * Reads one secret's current value with GetSecretValue and hands it back as text wrapped in a SecretValue:
 * SecretString as is, SecretBinary (base64 on the wire, bytes from the SDK) decoded as UTF-8. A full ARN
 * names its region, so the call goes there unless a region is given; a name uses the SDK's region chain.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { FlowlensError } from "../errors.js";
import { refuseCredential, SECRET_NAME } from "./credential-shape.js";
import { secretFailure } from "./secret-failure.js";
import { SecretValue } from "./secret-value.js";
import { createSecretsManagerClient, type SecretsManagerOptions } from "./secrets-manager-client.js";

export interface SecretText {
  /** The name or ARN asked for. */
  readonly secretId: string;
  /** The region the secret was read from. */
  readonly region: string;
  /** The secret's ARN, as Secrets Manager gave it. */
  readonly arn: string | undefined;
  /** Which field held the value. */
  readonly storedAs: "SecretString" | "SecretBinary";
  readonly text: SecretValue;
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:/;

/** The region in a full secret ARN, e.g. `eu-west-1`. */
export function regionOfSecretArn(secretId: string): string | undefined {
  return SECRET_ARN.exec(secretId)?.[1];
}

/**
 * @param secretId the secret's name or ARN
 * @throws FlowlensError FLOWLENS_SECRET_FAILED when it cannot be read, FLOWLENS_SECRET_INVALID when it holds
 *   neither a string nor UTF-8 bytes, FLOWLENS_USAGE when no region is configured or `secretId` is shaped
 *   like a credential (it is then neither sent nor shown)
 */
export async function readSecret(secretId: string, options: SecretsManagerOptions = {}): Promise<SecretText> {
  // Never send a credential to Secrets Manager as a SecretId (it would be logged in CloudTrail).
  refuseCredential(secretId, "the secret id", SECRET_NAME);
  const region = options.region ?? regionOfSecretArn(secretId);
  const client = createSecretsManagerClient({ ...options, ...(region === undefined ? {} : { region }) });
  try {
    const resolvedRegion = await configuredRegion(client, secretId);
    const output = await client
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .catch((error: unknown) => {
        throw secretFailure(error, { secretId, region: resolvedRegion });
      });
    const read = { secretId, region: resolvedRegion, arn: output.ARN };
    if (output.SecretString !== undefined) {
      return { ...read, storedAs: "SecretString", text: new SecretValue(output.SecretString) };
    }
    if (output.SecretBinary !== undefined) {
      return {
        ...read,
        storedAs: "SecretBinary",
        text: new SecretValue(utf8(output.SecretBinary, secretId)),
      };
    }
    throw new FlowlensError(
      "FLOWLENS_SECRET_INVALID",
      `secret "${secretId}" holds no value: neither SecretString nor SecretBinary is set`,
      { hint: "store a value in the secret (aws secretsmanager put-secret-value)" },
    );
  } finally {
    client.destroy();
  }
}

async function configuredRegion(client: SecretsManagerClient, secretId: string): Promise<string> {
  try {
    return await client.config.region();
  } catch {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `no AWS region is configured to read secret "${secretId}" from`,
      {
        hint: "set AWS_REGION, set region in the AWS profile, or give the secret's full ARN",
      },
    );
  }
}

function utf8(bytes: Uint8Array, secretId: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new FlowlensError(
      "FLOWLENS_SECRET_INVALID",
      `secret "${secretId}" holds SecretBinary bytes that are not UTF-8 text`,
      { hint: "store the JSON as the secret's string value (SecretString)" },
    );
  }
}
