import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

const HOSTILE = "<img/src=x/onerror=alert(1)>";

let dir: string;
let db: string;

/** The report's Markdown, from the CLI over a store that holds a record with a hostile srcaddr. */
async function markdown(out: string, extra: string[] = []): Promise<string> {
  const args = ["report", "--date", "2025-11-30", "--formats", "md", "--db", db, "--out-dir", out];
  await runCli([...args, ...extra]);
  return readFileSync(join(out, "2025-11-30", "report.md"), "utf8");
}

describe("the Markdown report shows data as text", () => {
  beforeAll(async () => {
    dir = sharedTempDir();
    db = join(dir, "flowlens.duckdb");
    const log = join(dir, "hostile.log");
    writeFileSync(
      log,
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" +
        `2 123456789012 eni-1 ${HOSTILE} 10.0.0.2 1 443 6 10 99999 1764460800 1764460860 ACCEPT OK\n`,
    );
    expect((await runCli(["ingest", log, "--db", db])).code).toBe(0);
  });

  it("writes a hostile address from the records as escaped text, never as HTML", async () => {
    const md = await markdown(join(dir, "report"));
    expect(md).toContain("&lt;img/src=x/onerror=alert(1)&gt;");
    expect(md).not.toContain("<img");
  });

  it("writes a user insight's hostile title, sentence and cells as escaped text on their own line and cell", async () => {
    const insights = join(dir, "insights");
    mkdirSync(insights);
    writeFileSync(
      join(insights, "evil.sql"),
      "SELECT '<script>x</script> | `code` [link](javascript:alert(1))' || chr(10) || '# heading' AS what\n",
    );
    writeFileSync(
      join(insights, "evil.yaml"),
      'title: "<b>Evil</b>"\nfinding: { sentence: "said {{what}}" }\n',
    );
    const md = await markdown(join(dir, "user"), ["--insights-dir", insights]);
    const escaped = "&lt;script&gt;x&lt;/script&gt; \\| \\`code\\` \\[link\\](javascript:alert(1)) # heading";
    expect(md).toContain("## &lt;b&gt;Evil&lt;/b&gt;");
    expect(md).toContain(`- said ${escaped}`);
    expect(md).toContain(`| ${escaped} |`);
    expect(md).not.toMatch(/<(script|b)>/);
    expect(md).not.toMatch(/^# heading/m);
  });
});
