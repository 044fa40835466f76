/**
 * A secret (a Slack bot token) that cannot be printed by accident: String(), template literals,
 * JSON.stringify, console.log and util.inspect all show "[redacted]". The value is reachable only through
 * `reveal()`, to be called where it is sent and nowhere else. `redactSecrets` cleans text on error paths.
 */
import { inspect } from "node:util";
import { maskCredentials } from "./credential-shape.js";

export const REDACTED = "[redacted]";

/** Anything shaped like a Slack token (bot, user, app, refresh …), whether or not we know its value. */
const SLACK_TOKEN = /\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g;

export class SecretValue {
  // A private field: not an own property, so spreading, Object.entries and structuredClone miss it too.
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /**
   * The secret itself. Call it only where the secret leaves the process for its one purpose.
   * @example new SecretValue(token).reveal() // for the Authorization header
   */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/**
 * The text with every given secret, and anything shaped like a Slack token or another credential (see
 * credential-shape.ts), replaced by "[redacted]".
 * @example redactSecrets(`Slack said: ${body}`, [credentials.token])
 */
export function redactSecrets(text: string, secrets: readonly (SecretValue | string | undefined)[]): string {
  const values = secrets
    .map((secret) => (secret instanceof SecretValue ? secret.reveal() : secret))
    .filter((value): value is string => value !== undefined && value !== "")
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  let redacted = text;
  for (const value of values) redacted = redacted.replaceAll(value, REDACTED);
  return maskCredentials(redacted.replace(SLACK_TOKEN, REDACTED));
}
