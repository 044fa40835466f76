import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("flowlens config check on alert rules", () => {
  it("names an invalid rule by its path, line and column", async () => {
    const file = join(tempDir(), "flowlens.yaml");
    writeFileSync(
      file,
      [
        "alerts:",
        "  rules:",
        "    - name: s3",
        "      kind: threshold",
        "      metric: s3-via-nat-bytes",
        "      threshold: 1GiB",
        "    - name: both",
        "      kind: composite",
        "      when: { all: [s3, cross-az] }",
        "",
      ].join("\n"),
    );
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: ${file}:9:25 (alerts.rules.1.when.all.1): expected the name of another rule, got "cross-az" (no rule has it)`,
    );
  });

  it("refuses to run a command with an invalid rule, exit 2", async () => {
    const dir = tempDir();
    const file = join(dir, "flowlens.yaml");
    writeFileSync(
      file,
      "alerts:\n  rules:\n    - name: x\n      kind: event\n      finding: scan\n      period: 7m\n",
    );
    const result = await runCli(["alerts", "list", "--config", file, "--db", join(dir, "x.duckdb")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `flowlens: ${file}:6:15 (alerts.rules.0.period): expected a duration such as 10m, 1h or 1d from 1m to 1d that divides a day, got "7m"\n`,
    );
  });
});
