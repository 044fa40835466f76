import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIELDS } from "../../../src/records/fields.js";
import { toHeaderLine } from "../../../src/records/log-format.js";
import { DEMO_LOG_FORMAT } from "../../../src/sources/demo/flow-record.js";
import { parseKeyLayout } from "../../../src/sources/key-layout.js";
import { type DemoFixture, generateInTemp, loadRecords, openDuckDb, query } from "./demo-records.js";

const V5_HEADER =
  "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action " +
  "log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id flow-direction " +
  "traffic-path pkt-src-aws-service pkt-dst-aws-service";

describe("demo objects", () => {
  let demo: DemoFixture;
  let db: DuckDBConnection;
  const textFiles = () => demo.result.files.filter((f) => f.endsWith(".log.gz"));
  const parquetFiles = () => demo.result.files.filter((f) => f.endsWith(".log.parquet"));

  beforeAll(async () => {
    demo = await generateInTemp({ startDate: "2026-03-01", days: 1, seed: 42, recordsPerDay: 10_000 });
    db = await openDuckDb();
    await loadRecords(db, demo.result.files);
  });
  afterAll(() => {
    db?.closeSync();
    demo?.remove();
  });

  it("writes the platform account as gzip text in the default layout, one object per 5-minute window", () => {
    const files = textFiles();
    expect(files).toHaveLength(288);
    for (const file of files) {
      const key = parseKeyLayout(file);
      expect(key).toMatchObject({
        accountId: "111111111111",
        region: "us-east-1",
        date: "2026-03-01",
        layout: "default",
        flowLogId: "fl-0123456789abcdef0",
      });
      expect(file).toMatch(/_20260301T\d{2}[0-5][05]Z_[0-9a-f]{8}\.log\.gz$/);
    }
  });

  it("writes the data account as Parquet in the Hive layout with hourly partitions", () => {
    const files = parquetFiles();
    expect(new Set(files.map((f) => /_(\d{8}T\d{4}Z)_/.exec(f)?.[1])).size).toBe(files.length);
    expect(files.length).toBeGreaterThan(250);
    for (const file of files) {
      const key = parseKeyLayout(file);
      expect(key).toMatchObject({
        accountId: "222222222222",
        region: "us-east-1",
        date: "2026-03-01",
        layout: "hive",
      });
      expect(key.flowLogId).toBe("fl-0fedcba9876543210");
      const nameHour = /_20260301T(\d{2})\d{2}Z_/.exec(file)?.[1];
      expect(file).toContain(`/hour=${nameHour}/`);
      expect(key.hour).toBe(Number(nameHour));
    }
  });

  it("starts every text object with the custom v5 header line", () => {
    expect(toHeaderLine(DEMO_LOG_FORMAT)).toBe(V5_HEADER);
    for (const file of textFiles().slice(0, 20)) {
      const firstLine = gunzipSync(readFileSync(file)).toString("latin1").split("\n", 1)[0];
      expect(firstLine).toBe(V5_HEADER);
    }
  });

  it("writes every text line with the header's field count and values of each field's type", () => {
    const names = V5_HEADER.split(" ");
    const pattern = names
      .map((name) => (FIELDS.find((f) => f.name === name)?.type === "string" ? "[^ ]+" : "(?:-|\\d+)"))
      .join(" ");
    const line = new RegExp(`^${pattern}$`);
    expect(names).toHaveLength(27);
    for (const file of textFiles()) {
      const lines = gunzipSync(readFileSync(file)).toString("latin1").split("\n");
      expect(lines.pop()).toBe("");
      const bad = lines.slice(1).filter((text) => !line.test(text));
      expect(bad).toEqual([]);
    }
  });

  it("names Parquet columns with underscores and types them as AWS does", async () => {
    const file = parquetFiles()[0] as string;
    const columns = await query<{ column_name: string; column_type: string }>(
      db,
      `DESCRIBE SELECT * FROM read_parquet('${file}', hive_partitioning = false)`,
    );
    const expected = DEMO_LOG_FORMAT.fields.map((f) => ({
      column_name: f.column,
      column_type: { int32: "INTEGER", int64: "BIGINT", string: "VARCHAR" }[f.type],
    }));
    expect(columns.map(({ column_name, column_type }) => ({ column_name, column_type }))).toEqual(expected);
  });

  it("stores fields that do not apply as NULL in Parquet, never as '-'", async () => {
    const [row] = await query<{ dashes: number; nulls: number }>(
      db,
      `SELECT count(*) FILTER (WHERE instance_id = '-' OR pkt_src_aws_service = '-') AS dashes,
              count(*) FILTER (WHERE traffic_path IS NULL) AS nulls
       FROM records WHERE filename LIKE '%.parquet'`,
    );
    expect(row?.dashes).toBe(0);
    expect(row?.nulls).toBeGreaterThan(0);
  });

  it("places each record in the object of the 5-minute window its end falls in", async () => {
    const misplaced = await query(
      db,
      `SELECT filename FROM records
       WHERE strftime(make_timestamp(("end" // 300 * 300) * 1000000), '%Y%m%dT%H%MZ')
             <> regexp_extract(filename, '_(\\d{8}T\\d{4}Z)_', 1)
       LIMIT 5`,
    );
    expect(misplaced).toEqual([]);
  });

  it("keeps every record's start and end within one 60-second aggregation window", async () => {
    const [row] = await query<{ widest: number; backwards: number }>(
      db,
      `SELECT max("end" - start) AS widest, count(*) FILTER (WHERE "end" < start) AS backwards FROM records`,
    );
    expect(row?.widest).toBeLessThanOrEqual(59);
    expect(row?.backwards).toBe(0);
  });
});
