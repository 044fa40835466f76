/**
 * Reads a secret's text as a JSON object of key/value pairs (what the Secrets Manager console's "Key/value"
 * editor stores). Errors name the secret and the expected shape, never the text: V8's JSON.parse messages
 * quote the input, so they are dropped.
 */
import { FlowlensError } from "../errors.js";
import { SecretValue } from "./secret-value.js";

export interface SecretJson {
  /** Every top-level key, in the secret's order. */
  readonly keys: readonly string[];
  /** A key's value when it is a string, trimmed; undefined when missing or not a string. */
  string(key: string): SecretValue | undefined;
}

export interface ExpectedSecret {
  /** e.g. `{"botToken": "xoxb-…", "channelId": "C…"}` */
  readonly shape: string;
  /** How to fix a secret that is not a JSON object. */
  readonly hint: string;
}

/** @throws FlowlensError FLOWLENS_SECRET_INVALID when the text is not a JSON object */
export function parseSecretJson(
  secret: { readonly secretId: string; readonly text: SecretValue },
  expected: ExpectedSecret,
): SecretJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret.text.reveal());
  } catch {
    throw invalid(`secret "${secret.secretId}" is not JSON: expected ${expected.shape}`, expected);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    const what = Array.isArray(parsed) ? "an array" : parsed === null ? "null" : `a ${typeof parsed}`;
    throw invalid(
      `secret "${secret.secretId}" is JSON ${what}, not an object: expected ${expected.shape}`,
      expected,
    );
  }
  const values = new Map<string, SecretValue>();
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === "string") values.set(key, new SecretValue(value.trim()));
  }
  return { keys: Object.keys(parsed), string: (key) => values.get(key) };
}

function invalid(message: string, expected: ExpectedSecret): FlowlensError {
  return new FlowlensError("FLOWLENS_SECRET_INVALID", message, { hint: expected.hint });
}
