/**
 * Recognises values shaped like credentials — a Slack token, an AWS access key ID or secret access key, a
 * GitHub token, a private key, a JSON Web Token, a long random hex or base64 string — so one pasted where a
 * name or ARN belongs (`--slack-secret xoxb-…`) is refused without being echoed, logged or sent anywhere.
 *
 * The shapes are chosen to stay off real names: Secrets Manager names and ARNs, profile names and channel
 * IDs are words separated by `/`, `-`, `_`, `.` or `:`, while a random blob is one long run of mixed
 * characters. `CREDENTIAL_SHAPES` also serves tests that scan output for leaks.
 */
import { FlowlensError } from "../errors.js";

export interface CredentialShape {
  /** What the value looks like, e.g. `a Slack token`. */
  readonly name: string;
  /** Finds candidates anywhere in a text (global). */
  readonly pattern: RegExp;
  /** Keeps only candidates that look random, not like words. @default every candidate */
  readonly random?: true;
}

const BASE64_RUN = "(?<![A-Za-z0-9/+_-])[A-Za-z0-9/+_-]";

export const CREDENTIAL_SHAPES: readonly CredentialShape[] = [
  { name: "a Slack token", pattern: /\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{6,}/g },
  { name: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { name: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g },
  { name: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/g },
  { name: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  {
    name: "an AWS secret access key",
    pattern: new RegExp(`${BASE64_RUN}{40}(?![A-Za-z0-9/+=_-])`, "g"),
    random: true,
  },
  { name: "a long base64 string", pattern: new RegExp(`${BASE64_RUN}{48,}={0,2}`, "g"), random: true },
  {
    name: "a long hexadecimal string",
    pattern: /\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{32,}\b/g,
  },
];

/**
 * Random base64 mixes lower case, upper case and digits with few runs of three or more lower-case letters
 * (about a sixth of its characters lie in such runs, rarely nearly half); a name made of words
 * (`flowlens/production/SlackBotToken2024`, `MyLongSecretName2025`) has most of its letters in them.
 */
function looksRandom(run: string): boolean {
  const hasAll = /[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run);
  const inWords = [...run.matchAll(/[a-z]{3,}/g)].reduce((sum, m) => sum + m[0].length, 0);
  return hasAll && inWords / run.length < 0.45;
}

export interface FoundCredential {
  /** What it looks like, e.g. `a Slack token`. */
  readonly shape: string;
  /** The matching text (for tests that scan output; never print it). */
  readonly text: string;
}

/** Every credential-shaped run in a text, e.g. to check that output holds none. */
export function findCredentials(text: string): FoundCredential[] {
  const found: FoundCredential[] = [];
  for (const { name, pattern, random } of CREDENTIAL_SHAPES) {
    for (const match of text.matchAll(pattern)) {
      if (!random || looksRandom(match[0])) found.push({ shape: name, text: match[0] });
    }
  }
  return found;
}

/** The text with every credential-shaped run replaced by `[redacted]`, for any text shown to people. */
export function maskCredentials(text: string): string {
  let masked = text;
  // Longest first, so a run that contains another is replaced whole.
  const runs = [...new Set(findCredentials(text).map((f) => f.text))].sort((a, b) => b.length - a.length);
  for (const run of runs) masked = masked.replaceAll(run, "[redacted]");
  return masked;
}

/**
 * @returns what the value looks like (`a Slack token`), or undefined when it looks like no credential
 */
export function credentialShapeOf(value: string): string | undefined {
  return findCredentials(value)[0]?.shape;
}

/** What belongs where a secret is named. */
export const SECRET_NAME = "a Secrets Manager secret name or ARN";

/**
 * Refuses a credential given where a name or ARN belongs, naming the place and never the value.
 * @param where where the value was given, e.g. `--slack-secret`, `slack.secret in the config file`
 * @param expected what belongs there, e.g. `a Secrets Manager secret name or ARN`
 * @param code the error's code: FLOWLENS_USAGE for a flag, FLOWLENS_CONFIG_INVALID for the config …
 * @throws FlowlensError when the value is shaped like a credential
 */
export function refuseCredential(
  value: string | undefined,
  where: string,
  expected: string,
  code:
    | "FLOWLENS_USAGE"
    | "FLOWLENS_CONFIG_INVALID"
    | "FLOWLENS_SLACK_CREDENTIALS_INVALID" = "FLOWLENS_USAGE",
): void {
  const shape = value === undefined ? undefined : credentialShapeOf(value);
  if (shape === undefined) return;
  throw new FlowlensError(code, credentialMessage(shape, where, expected), {
    hint: `give ${expected} instead; if the credential was pasted into a shell or a file, rotate it`,
  });
}

/** `--slack-secret holds what looks like a Slack token, not a Secrets Manager secret name or ARN: …` */
export function credentialMessage(shape: string, where: string, expected: string): string {
  return `${where} holds what looks like ${shape}, not ${expected}: it was not used, sent or shown`;
}
