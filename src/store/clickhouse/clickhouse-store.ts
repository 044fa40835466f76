/**
 * A store on a ClickHouse server or cluster, over HTTP with @clickhouse/client. It speaks the Store
 * contract (store/store.ts): rows come back as JSONEachRow with 64-bit integers as numbers, parameters are
 * bound as literals (bind-params.ts), `interrupt` aborts the request and kills the query on the server.
 * Every call has a time limit, and every failure becomes a FlowlensError that names the server by its
 * shown URL (never the password): unreachable, credentials refused, database missing, statement refused.
 */

import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import {
  type ClickHouseClient,
  ClickHouseLogLevel,
  type ClickHouseSettings,
  createClient,
} from "@clickhouse/client";
import { FlowlensError, messageOf } from "../../errors.js";
import type { JsonRow, SqlParams, Store, StoreDialect } from "../store.js";
import { bindParams } from "./bind-params.js";
import { clickHouseCapabilities } from "./capabilities.js";
import type { ClickHouseTarget } from "./clickhouse-url.js";

export interface ClickHouseOpenOptions {
  /** The user's password. @default "" */
  readonly password?: string;
  /** How long one call may take, connecting included. @default 120 s */
  readonly requestTimeoutMs?: number;
  /** Create the database first if it does not exist (`flowlens store init`). @default false */
  readonly createDatabase?: boolean;
}

/** ClickHouse's error codes for credentials it refuses (18.16's and today's). */
/** The server's parser limit unless raised (max_query_size, bytes). */
const DEFAULT_MAX_QUERY_SIZE = 262_144;
const AUTH_CODES = new Set(["192", "193", "194", "516"]);
const UNKNOWN_DATABASE = "81";
const NETWORK =
  /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up|Timeout error/i;

interface Running {
  current?: { controller: AbortController; queryId: string };
}

export class ClickHouseStore implements Store {
  /** Whether this session has chosen the store's database (a session store's first call does). */
  #sessionInDatabase = false;

  private constructor(
    readonly target: ClickHouseTarget,
    private readonly client: ClickHouseClient,
    readonly dialect: StoreDialect,
    private readonly password: string,
    /** The server session every call of a `session()` store runs in. */
    private readonly sessionId?: string,
    /** The statement running now, shared with the store's sessions so that `interrupt` reaches theirs. */
    private readonly running: Running = {},
  ) {}

  get location(): string {
    return this.target.shown;
  }

  static async open(target: ClickHouseTarget, options: ClickHouseOpenOptions = {}): Promise<ClickHouseStore> {
    const password = options.password ?? "";
    const make = (database: string) =>
      createClient({
        url: target.endpoint,
        username: target.user,
        password,
        database,
        request_timeout: options.requestTimeoutMs ?? 120_000,
        application: "flowlens",
        // Failures reach the user as FlowlensErrors; the client's own log would repeat them on stderr.
        log: { level: ClickHouseLogLevel.OFF },
        // 18.16 answers 64-bit integers as numbers only when asked.
        // Inserts into a Distributed table return once every shard has its rows (not queued to send later).
        clickhouse_settings: {
          output_format_json_quote_64bit_integers: 0,
          insert_distributed_sync: 1,
        } as ClickHouseSettings,
      });
    if (options.createDatabase) {
      const bootstrap = new ClickHouseStore(target, make("default"), placeholderDialect, password);
      try {
        await bootstrap.run(`CREATE DATABASE IF NOT EXISTS ${target.database}`);
      } finally {
        await bootstrap.close();
      }
    }
    const store = new ClickHouseStore(target, make(target.database), placeholderDialect, password);
    try {
      const version = await store.value<string>("SELECT version()");
      return new ClickHouseStore(
        target,
        store.client,
        { name: "clickhouse", version, capabilities: clickHouseCapabilities(version) },
        password,
      );
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /** A store of its own on `target` (a shard of this store's cluster, or this server) with this store's password. */
  sibling(target: ClickHouseTarget = this.target): Promise<ClickHouseStore> {
    return ClickHouseStore.open(target, { password: this.password });
  }

  /**
   * A store whose calls run in one server session of their own, where temporary tables live from one
   * call to the next (an insight's derived tables, made once and read by several statements). Its calls
   * must follow one another (the server refuses two at once in a session); closing it leaves the
   * client open, and the server ends the session after its timeout.
   */
  session(): ClickHouseStore {
    const capabilities = { ...this.dialect.capabilities, temporaryTables: true };
    const dialect = { ...this.dialect, capabilities };
    return new ClickHouseStore(this.target, this.client, dialect, this.password, randomUUID(), this.running);
  }

  async rows<T extends JsonRow = JsonRow>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.call(
      sql,
      async (query, signal, queryId, settings) => {
        const result = await this.client.query({
          query,
          format: "JSONEachRow",
          abort_signal: signal,
          query_id: queryId,
          session_id: this.sessionId,
          clickhouse_settings: settings,
        });
        return (await result.json()) as T[];
      },
      params,
    );
  }

  async value<T = unknown>(sql: string, params?: SqlParams): Promise<T> {
    const [row] = await this.rows(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.call(
      sql,
      async (query, signal, queryId, settings) => {
        await this.client.command({
          query,
          abort_signal: signal,
          query_id: queryId,
          session_id: this.sessionId,
          clickhouse_settings: settings,
        });
      },
      params,
    );
  }

  /**
   * The rows of a query in chunks as the server sends them, under extra `settings` for this query only (the
   * query sandbox's readonly and limits). Failures are FlowlensErrors like every call's, with the
   * server's error as their `cause`; `cancel()` stops reading and the query.
   */
  async streamRows(
    sql: string,
    settings: ClickHouseSettings,
  ): Promise<{ chunks: AsyncGenerator<JsonRow[]>; cancel(): void }> {
    const controller = new AbortController();
    const queryId = randomUUID();
    let result: Awaited<ReturnType<ClickHouseClient["query"]>>;
    try {
      result = await this.client.query({
        query: sql,
        format: "JSONEachRow",
        clickhouse_settings: settings,
        abort_signal: controller.signal,
        query_id: queryId,
      });
    } catch (error) {
      throw this.failure(error, controller.signal.aborted);
    }
    const failure = (error: unknown) => this.failure(error, controller.signal.aborted);
    async function* chunks(): AsyncGenerator<JsonRow[]> {
      try {
        for await (const rows of result.stream<JsonRow>()) {
          yield (rows as { json(): JsonRow }[]).map((row) => row.json());
        }
      } catch (error) {
        throw failure(error);
      } finally {
        result.close();
      }
    }
    return {
      chunks: chunks(),
      cancel: () => {
        result.close();
        controller.abort();
        void this.client
          .command({ query: `KILL QUERY WHERE query_id = '${queryId}' ASYNC` })
          .catch(() => undefined);
      },
    };
  }

  /**
   * A file of rows into `table`'s `columns`: CSV is streamed as it is; newline-delimited JSON (small files:
   * the ledger, quarantined lines) is read and sent as rows.
   */
  async insertFile(
    table: string,
    columns: readonly string[],
    path: string,
    format: "CSV" | "JSONEachRow",
  ): Promise<void> {
    if (format === "JSONEachRow") {
      const text = await readFile(path, "utf8");
      const rows = text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as JsonRow);
      return this.insertRows(table, rows);
    }
    await this.call(`INSERT INTO ${table}`, async (_query, signal, queryId) => {
      await this.client.insert({
        table,
        columns: columns as [string, ...string[]],
        values: createReadStream(path),
        format,
        abort_signal: signal,
        query_id: queryId,
        session_id: this.sessionId,
      });
    });
  }

  /** Inserts rows given as objects (small writes: the ledger, run records). */
  async insertRows(table: string, rows: readonly JsonRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.call(`INSERT INTO ${table}`, async (_query, signal, queryId) => {
      await this.client.insert({
        table,
        values: rows as JsonRow[],
        format: "JSONEachRow",
        abort_signal: signal,
        query_id: queryId,
        session_id: this.sessionId,
      });
    });
  }

  interrupt(): void {
    const running = this.running.current;
    if (!running) return;
    running.controller.abort();
    // Aborting the request does not stop every statement on 18.16; killing it by id does.
    void this.client
      .command({ query: `KILL QUERY WHERE query_id = '${running.queryId}' ASYNC` })
      .catch(() => undefined);
  }

  /** Nothing to settle: each load ships its rollup rows and the engine merges them (SummingMergeTree). */
  async settleRollups(): Promise<void> {}

  async close(): Promise<void> {
    if (!this.sessionId) await this.client.close();
  }

  private async call<T>(
    sql: string,
    fn: (query: string, signal: AbortSignal, queryId: string, settings: ClickHouseSettings) => Promise<T>,
    params?: SqlParams,
  ): Promise<T> {
    const query = bindParams(sql, params);
    // The store's own statements can be long (a ledger lookup of thousands of object keys, a load's
    // source ids): beyond the server's 256 KiB parser limit, that limit is raised to fit the statement.
    const bytes = Buffer.byteLength(query);
    const settings: ClickHouseSettings =
      bytes < DEFAULT_MAX_QUERY_SIZE ? {} : { max_query_size: String(bytes + 1024) };
    const running = { controller: new AbortController(), queryId: randomUUID() };
    this.running.current = running;
    try {
      if (this.sessionId && !this.#sessionInDatabase) {
        // 18.16 reads CREATE TEMPORARY TABLE … AS SELECT in the default database unless the session USEd one.
        await this.client.command({
          query: `USE ${this.target.database}`,
          abort_signal: running.controller.signal,
          session_id: this.sessionId,
        });
        this.#sessionInDatabase = true;
      }
      return await fn(query, running.controller.signal, running.queryId, settings);
    } catch (error) {
      throw this.failure(error, running.controller.signal.aborted);
    } finally {
      if (this.running.current === running) this.running.current = undefined;
    }
  }

  /** The error as a user reads it, naming the server and never the password. */
  private failure(error: unknown, interrupted: boolean): FlowlensError {
    const redact = (text: string) => (this.password ? text.replaceAll(this.password, "[redacted]") : text);
    const message = redact(messageOf(error).split("\n")[0] ?? "");
    const code = serverCode(error);
    const where = `ClickHouse store ${this.target.shown}`;
    if (interrupted)
      return new FlowlensError("FLOWLENS_QUERY_FAILED", `${where}: the statement was interrupted`);
    if (AUTH_CODES.has(code)) {
      return new FlowlensError(
        "FLOWLENS_STORE_UNREACHABLE",
        `${where} refused user "${this.target.user}": ${message}`,
        {
          hint: "set the password in FLOWLENS_CLICKHOUSE_PASSWORD, or name a Secrets Manager secret with ?secret=ID",
        },
      );
    }
    if (code === UNKNOWN_DATABASE) {
      return new FlowlensError(
        "FLOWLENS_STORE_SCHEMA",
        `${where}: database "${this.target.database}" does not exist`,
        {
          hint: "run flowlens store init --store … to create it",
        },
      );
    }
    if (
      code === "" &&
      NETWORK.test(`${message} ${String((error as { cause?: { code?: string } }).cause?.code ?? "")}`)
    ) {
      return new FlowlensError("FLOWLENS_STORE_UNREACHABLE", `${where} does not answer: ${message}`, {
        hint: "check that the server is running and that the host and port in the store URL are right",
      });
    }
    if (code === "") {
      return new FlowlensError("FLOWLENS_STORE_UNREACHABLE", `${where} failed: ${message}`, {
        hint: "check that the server is running and that the host and port in the store URL are right",
      });
    }
    return new FlowlensError("FLOWLENS_QUERY_FAILED", `${where} refused a statement: ${message}`, {
      cause: error,
    });
  }
}

/** ClickHouse's error code ("81"), from the client's error, its cause, or the server's text; "" for none. */
export function serverCode(error: unknown): string {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^\d+$/.test(code)) return code;
    const match = /^Code: (\d+)/.exec(e instanceof Error ? e.message : "");
    if (match?.[1]) return match[1];
  }
  return "";
}

const placeholderDialect: StoreDialect = {
  name: "clickhouse",
  version: "",
  capabilities: clickHouseCapabilities(""),
};
