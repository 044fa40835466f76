/**
 * Turns a plain text object of the demo format into a Parquet object (Snappy) as AWS writes them: the
 * field names with underscores as columns, typed from the field catalog (INT32, INT64, strings), NULL
 * where the text says `-`. DuckDB does the reading and writing off the JavaScript thread.
 */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { FieldType } from "../../records/fields.js";
import type { LogFormat } from "../../records/log-format.js";

const SQL_TYPES: Record<FieldType, string> = { int32: "INTEGER", int64: "BIGINT", string: "VARCHAR" };

function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Conversions run side by side, one per connection (one DuckDB thread each: small files gain nothing from more). */
const CONNECTIONS = 2;

interface Lane {
  readonly connection: DuckDBConnection;
  /** The lane's last conversion: the next one starts after it. */
  tail: Promise<void>;
}

export class ParquetConverter {
  private next = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly lanes: readonly Lane[],
    private readonly columns: string,
  ) {}

  static async open(format: LogFormat): Promise<ParquetConverter> {
    const instance = await DuckDBInstance.create(":memory:", { memory_limit: "512MB", threads: "1" });
    const lanes: Lane[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      lanes.push({ connection: await instance.connect(), tail: Promise.resolve() });
    }
    const columns = format.fields.map((f) => `${quoted(f.column)}: ${quoted(SQL_TYPES[f.type])}`).join(", ");
    return new ParquetConverter(instance, lanes, `{${columns}}`);
  }

  /** Reads the text file (header line first) and writes it as Parquet to parquetPath. */
  convert(textPath: string, parquetPath: string): Promise<void> {
    const lane = this.lanes[this.next++ % this.lanes.length] as Lane;
    const done = lane.tail.then(() => this.copy(lane.connection, textPath, parquetPath));
    lane.tail = done.catch(() => undefined);
    return done;
  }

  close(): void {
    for (const lane of this.lanes) lane.connection.closeSync();
    this.instance.closeSync();
  }

  private async copy(connection: DuckDBConnection, textPath: string, parquetPath: string): Promise<void> {
    await connection.run(
      `COPY (SELECT * FROM read_csv(${quoted(textPath)}, delim = ' ', header = true, nullstr = '-', ` +
        `auto_detect = false, quote = '', escape = '', columns = ${this.columns})) ` +
        `TO ${quoted(parquetPath)} (FORMAT parquet, COMPRESSION snappy)`,
    );
  }
}
