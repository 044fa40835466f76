/**
 * A day that arrives by streaming gives the same report as the same records ingested as files, number for
 * number: the demo's day (gzip text and Parquet objects) is ingested by `flowlens demo`, and its records,
 * read from the same objects, are delivered to `flowlens serve` as CloudWatch subscription payloads.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { parseHeaderLine, toLogFormatString } from "../../src/records/log-format.js";
import { deliverAll } from "../helpers/firehose-client.js";
import { cloudWatchData, dataMessage } from "../helpers/firehose-payloads.js";
import { runCli } from "../helpers/run-cli.js";
import { smallDemoStore } from "../helpers/small-demo.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startTestServer } from "../helpers/test-server.js";

/** The record lines of the demo's objects, Parquet rows written as text in the text objects' field order. */
async function demoLines(demoDir: string): Promise<{ header: string; lines: string[] }> {
  const textFiles = await glob("**/*.log.gz", { cwd: demoDir, absolute: true });
  const lines: string[] = [];
  let header = "";
  for (const file of textFiles.sort()) {
    const [first, ...records] = gunzipSync(readFileSync(file)).toString("utf8").trimEnd().split("\n");
    header = first as string;
    lines.push(...records);
  }
  const columns = header
    .split(" ")
    .map((name) => `coalesce(CAST("${name.replaceAll("-", "_")}" AS VARCHAR), '-')`);
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  try {
    for (const file of (await glob("**/*.parquet", { cwd: demoDir, absolute: true })).sort()) {
      const reader = await connection.runAndReadAll(
        `SELECT concat_ws(' ', ${columns.join(", ")}) AS line FROM read_parquet('${file.replaceAll("'", "''")}')`,
      );
      lines.push(...reader.getRowObjectsJson().map((r) => String(r.line)));
    }
  } finally {
    connection.closeSync();
    db.closeSync();
  }
  return { header, lines };
}

function reportJson(dir: string): unknown {
  return JSON.parse(readFileSync(join(dir, "2026-11-30", "report.json"), "utf8"));
}

describe("a day delivered by streaming", () => {
  it("has the same report as the same records ingested as files", async () => {
    const dir = tempDir("flowlens-serve-report-");
    const filesDb = await smallDemoStore(dir);
    const { header, lines } = await demoLines(join(dir, "demo"));
    expect(lines.length).toBeGreaterThan(8000);

    const server = await startTestServer({
      streams: [{ deliveryStream: "vpc-flows", logFormat: toLogFormatString(parseHeaderLine(header)) }],
    });
    const requests = [];
    for (let i = 0; i < lines.length; i += 2000) {
      const chunk = lines.slice(i, i + 2000);
      const records = [];
      for (let j = 0; j < chunk.length; j += 500)
        records.push({ data: cloudWatchData(dataMessage(chunk.slice(j, j + 500))) });
      requests.push({ requestId: `demo-${i}`, records });
    }
    await deliverAll(requests, { url: () => server.url });
    await server.stop();

    expect(
      (await runCli(["inventory", "import", join(dir, "demo", "inventory.json"), "--db", server.db])).code,
    ).toBe(0);
    for (const [db, out] of [
      [filesDb, join(dir, "files-report")],
      [server.db, join(dir, "stream-report")],
    ] as const) {
      const result = await runCli([
        "report",
        "--db",
        db,
        "--date",
        "2026-11-30",
        "--out-dir",
        out,
        "--formats",
        "json",
      ]);
      expect(result.code).toBe(0);
    }
    const fromFiles = reportJson(join(dir, "files-report"));
    expect(JSON.stringify(fromFiles)).toContain("nat-gateway");
    expect(reportJson(join(dir, "stream-report"))).toEqual(fromFiles);
  });
});
