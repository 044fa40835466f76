/**
 * Temporary directories for tests, always removed: per test (`tempDir`), or per file (`sharedTempDir`,
 * removed after the file's last test by test/helpers/remove-temp-dirs.ts, a setup file, because a hook
 * registered from inside `beforeAll` would never run).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

const shared: string[] = [];

export function tempDir(prefix = "flowlens-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary directory for a whole file's tests (call it anywhere: at the top or in beforeAll). */
export function sharedTempDir(prefix = "flowlens-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  shared.push(dir);
  return dir;
}

/** Removes every directory `sharedTempDir` made in this file; the setup file calls it after the last test. */
export function removeSharedTempDirs(): void {
  for (const dir of shared.splice(0)) rmSync(dir, { recursive: true, force: true });
}
