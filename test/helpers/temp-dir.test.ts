import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { tempDir } from "./temp-dir.js";

const REPO = resolve(import.meta.dirname, "../..");
const FIXTURE = "test/helpers/fixtures/shared-temp-dir.fixture.ts";

it("shared temp dirs are removed after their file's tests, also those made inside beforeAll", async () => {
  const out = join(tempDir(), "dirs.json");
  await promisify(execFile)(
    process.execPath,
    [
      join(REPO, "node_modules/vitest/vitest.mjs"),
      "run",
      "--config",
      "test/helpers/fixtures/vitest.fixture.config.ts",
    ],
    {
      cwd: REPO,
      env: { ...process.env, FLOWLENS_FIXTURE: FIXTURE, FLOWLENS_FIXTURE_OUT: out },
      timeout: 60_000,
    },
  );
  const dirs = JSON.parse(readFileSync(out, "utf8")) as string[];
  expect(dirs).toHaveLength(2);
  expect(dirs.filter((dir) => existsSync(dir))).toEqual([]);
});
