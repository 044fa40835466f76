/**
 * Asserts that a CLI run leaked no credential: neither the values planted for the test (a real-looking
 * Slack token, say) nor anything shaped like a credential (src/secrets/credential-shape.ts) appears in its
 * stdout, its stderr or any file it wrote (reports, charts, run.json).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { findCredentials } from "../../src/secrets/credential-shape.js";

export interface CliOutput {
  readonly stdout: string;
  readonly stderr: string;
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/**
 * @param planted the secret values the test put where the run could reach them
 * @param written files or folders the run wrote (reports, charts), searched recursively
 * @param opaque files searched for the planted values only, such as the store: its ETags and compressed
 *   pages look random without being credentials
 */
export function expectNoCredentials(
  output: CliOutput,
  planted: readonly string[],
  written: readonly string[] = [],
  opaque: readonly string[] = [],
): void {
  for (const file of opaque.flatMap(filesUnder)) {
    const bytes = readFileSync(file);
    for (const value of planted) expect(bytes.includes(value), `${file} holds a planted secret`).toBe(false);
  }
  const texts: [string, string][] = [
    ["stdout", output.stdout],
    ["stderr", output.stderr],
    ...written.flatMap(filesUnder).map((file): [string, string] => [file, readFileSync(file, "latin1")]),
  ];
  for (const [where, text] of texts) {
    for (const value of planted) {
      expect(text.includes(value), `${where} holds a planted secret`).toBe(false);
    }
    // Shapes only, never the matching text: a failing test must not print the leak either.
    expect(findCredentials(text).map((found) => `${where}: ${found.shape}`)).toEqual([]);
  }
}
