import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { expect, it } from "vitest";
import { RecordBytesChecker } from "../../src/records/check-record-bytes.js";
import { decodeRecordText } from "../../src/records/decode-record.js";
import { type LogFormat, toLogFormatString } from "../../src/records/log-format.js";
import { tempDir } from "../helpers/temp-dir.js";
import { carefulPathLine, mutatedVectorLines, typedReading } from "./mutated-vector-lines.js";

/**
 * The fast path's text reader with whole-number fields typed BIGINT, the way strict objects may be read
 * (options as store/duckdb/flow-insert-sql.ts sets them).
 */
function typedReaderSql(path: string, format: LogFormat, exportTimestamp: boolean): string {
  const columns = format.fields.map((f) => `'${f.column}': '${f.range ? "BIGINT" : "VARCHAR"}'`);
  if (exportTimestamp) columns.unshift("'export_timestamp': 'VARCHAR'");
  return `SELECT * FROM read_csv('${path}', columns = {${columns.join(", ")}}, delim = ' ', header = false, compression = 'none', quote = '', escape = '', nullstr = '-', auto_detect = false, hive_partitioning = false)`;
}

it("DuckDB's typed reader gives every strict mutated vector line the values the record decoder gives", async () => {
  const dir = tempDir();
  const decoder = new TextDecoder();
  const groups = new Map<string, { format: LogFormat; exportTimestamp: boolean; lines: string[] }>();
  for (const { format, exportTimestamp, bytes } of mutatedVectorLines()) {
    const checker = new RecordBytesChecker({ format, header: false, exportTimestamp });
    checker.push(bytes);
    if (!checker.end().strict) continue;
    const key = `${exportTimestamp} ${toLogFormatString(format)}`;
    const group = groups.get(key) ?? { format, exportTimestamp, lines: [] };
    group.lines.push(decoder.decode(bytes));
    groups.set(key, group);
  }
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection = await instance.connect();
  try {
    let compared = 0;
    for (const [index, { format, exportTimestamp, lines }] of [...groups.values()].entries()) {
      const path = join(dir, `strict-${index}.log`);
      writeFileSync(path, `${lines.join("\n")}\n`);
      const rows = (await connection.runAndReadAll(typedReaderSql(path, format, exportTimestamp))).getRows();
      expect(rows.length).toBe(lines.length);
      lines.forEach((text, i) => {
        const values = (rows[i] ?? []).slice(exportTimestamp ? 1 : 0) as (string | bigint | null)[];
        const typed = typedReading(format, values);
        const decoded = decodeRecordText(format, carefulPathLine(text, exportTimestamp));
        expect(decoded.ok, JSON.stringify(text)).toBe(typed.allowed);
        if (decoded.ok) expect(decoded.record, JSON.stringify(text)).toEqual(typed.record);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(5_000);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});
