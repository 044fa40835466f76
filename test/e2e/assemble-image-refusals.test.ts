/**
 * scripts/assemble-image.sh refuses, before packing or installing anything, what would make an image that
 * is not the package: run before the build, into a folder that already holds files, or with a `files`
 * entry of package.json that names nothing (npm pack would leave it out without a word). Each case runs
 * the script from a small stand-in repository, so no install from the registry happens.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ASSEMBLE_SCRIPT } from "../helpers/assembled-image.js";
import { tempDir } from "../helpers/temp-dir.js";

interface StandIn {
  readonly built?: boolean;
  readonly readme?: boolean;
  /** More entries of package.json's files, each a folder holding one file. */
  readonly moreFiles?: readonly string[];
}

/** A repository holding the script, a package.json whose files are dist and README.md, and what `has` says. */
function standInRepo(has: StandIn = {}): string {
  const root = tempDir();
  mkdirSync(join(root, "scripts"));
  copyFileSync(ASSEMBLE_SCRIPT, join(root, "scripts", "assemble-image.sh"));
  const more = has.moreFiles ?? [];
  const packageJson = { name: "stand-in", version: "1.0.0", files: ["dist", "README.md", ...more] };
  for (const folder of more) {
    mkdirSync(join(root, folder));
    writeFileSync(join(root, folder, "index.ts"), "");
  }
  writeFileSync(join(root, "package.json"), JSON.stringify(packageJson));
  if (has.built ?? true) {
    mkdirSync(join(root, "dist", "cli"), { recursive: true });
    writeFileSync(join(root, "dist", "cli", "main.js"), "");
  }
  if (has.readme ?? true) writeFileSync(join(root, "README.md"), "# stand-in\n");
  return root;
}

function assemble(root: string, args: readonly string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      "bash",
      [join(root, "scripts", "assemble-image.sh"), ...args],
      (_, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe("scripts/assemble-image.sh", () => {
  it("refuses to run without exactly one folder to assemble into", async () => {
    const result = await assemble(standInRepo(), []);
    expect(result.stderr).toBe("assemble-image: expected one argument, the folder to assemble into; got 0\n");
    expect(result.code).toBe(1);
  });

  it("refuses to assemble before the build, naming the missing entry point", async () => {
    const root = standInRepo({ built: false });
    const result = await assemble(root, [join(tempDir(), "app")]);
    expect(result.stderr).toBe(
      `assemble-image: ${root}/dist/cli/main.js is missing: run npm run build first\n`,
    );
    expect(result.code).toBe(1);
  });

  it("refuses a folder that already holds files, naming it", async () => {
    const out = tempDir();
    writeFileSync(join(out, "left-over"), "");
    const result = await assemble(standInRepo(), [out]);
    expect(result.stderr).toBe(`assemble-image: ${out} is not empty: expected an empty or new folder\n`);
    expect(result.code).toBe(1);
  });

  it("refuses a files entry of package.json that names nothing in the repository", async () => {
    const root = standInRepo({ readme: false });
    const result = await assemble(root, [join(tempDir(), "app")]);
    expect(result.stderr).toBe(
      `assemble-image: package.json's files names README.md, which ${root} does not hold\n`,
    );
    expect(result.code).toBe(1);
  });

  it("refuses a package that would carry infra/, src/ or test/ files", async () => {
    const out = join(tempDir(), "app");
    const result = await assemble(standInRepo({ moreFiles: ["infra"] }), [out]);
    expect(result.stderr).toBe(
      "assemble-image: the package holds infra/, src/ or test/ files: check package.json's files\n",
    );
    expect(result.code).toBe(1);
  });
});
