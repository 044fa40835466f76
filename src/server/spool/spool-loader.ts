/**
 * Loads what waits in the spool into the store, every `everyMs`, through the same ledger and load path as
 * files: each spooled file is one ledger object (`firehose://<stream>/<request id>/<n>`), so a request
 * loaded once is never loaded again, even when the server stopped before removing it from the spool. The
 * store is opened for each load and closed after it, so other flowlens commands can use it in between;
 * while one of them holds it, records keep waiting (durably) and the load runs when it is free.
 */
import { messageOf } from "../../errors.js";
import { ingestToStore } from "../../ingest/ingest-to-store.js";
import type { FetchedObject, ObjectFetcher } from "../../sources/object-fetcher.js";
import type { SourceObject } from "../../sources/source-object.js";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { compactRollups } from "../../store/duckdb/rollups.js";
import { type DuplicateSeen, recordDeliveries } from "../../store/duckdb/stream-requests.js";
import type { Store } from "../../store/store.js";
import type { StoreGate } from "../store-gate.js";
import type { Spool, SpooledRequest } from "./spool.js";

/** Rollup parts a day may collect between loads before the loader compacts it. */
const COMPACT_AT_PARTS = 32;
/** At most this much spooled text per load (one transaction per chunk of the ingest pipeline). */
const MAX_LOAD_BYTES = 512 * 2 ** 20;
const MAX_LOAD_FILES = 2000;

export interface LoadOutcome {
  readonly requests: number;
  readonly rows: number;
  readonly rejected: number;
  readonly failed: number;
  readonly ms: number;
}

export interface SpoolLoaderOptions {
  readonly spool: Spool;
  /** Opens the store (either backend) for one load; the loader closes it. */
  readonly openStore: () => Promise<Store>;
  /** Keeps the dashboard's readers in this process off the store while a load writes it. */
  readonly gate: StoreGate;
  readonly everyMs: number;
  readonly takeDuplicates: () => DuplicateSeen[];
  readonly onLoad?: (outcome: LoadOutcome) => void;
  readonly onError?: (message: string) => void;
  /**
   * Runs after each load that stored rows, with the store still open and the gate still held (alert
   * evaluation). What it throws is reported through onError; the load stands.
   */
  readonly afterLoad?: (store: Store) => Promise<void>;
}

/** The ledger URI of a spooled file. */
export function spooledObjectUri(request: SpooledRequest, file: number): string {
  const { endpoint, deliveryStream, logGroups, requestId } = request.meta;
  const where = deliveryStream ?? logGroups[0] ?? "-";
  return `${endpoint}://${encodeURIComponent(where)}/${encodeURIComponent(requestId)}/${file}`;
}

/** Reads spooled files where they are. */
class SpoolFetcher implements ObjectFetcher {
  readonly concurrency = 8;
  constructor(private readonly paths: ReadonlyMap<string, string>) {}
  async fetch(object: SourceObject): Promise<FetchedObject> {
    return { localPath: this.paths.get(object.uri) as string, release: async () => undefined };
  }
  async cleanup(): Promise<void> {}
}

function takeBatch(ready: readonly SpooledRequest[]): SpooledRequest[] {
  const batch: SpooledRequest[] = [];
  let bytes = 0;
  let files = 0;
  for (const request of ready) {
    if (
      batch.length > 0 &&
      (bytes + request.bytes > MAX_LOAD_BYTES || files + request.meta.files.length > MAX_LOAD_FILES)
    )
      break;
    batch.push(request);
    bytes += request.bytes;
    files += request.meta.files.length;
  }
  return batch;
}

export class SpoolLoader {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  /** Retries answered but not yet recorded in the store. */
  private duplicates: DuplicateSeen[] = [];
  /** Why the last load did not happen or failed, until one succeeds. */
  lastError: string | undefined;
  lastLoadAt: number | undefined;

  constructor(private readonly options: SpoolLoaderOptions) {}

  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.loadAll().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.options.everyMs);
  }

  /** Stops the timer, waits for a load under way, then loads what is left (best effort). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.loadAll();
  }

  /** Loads everything waiting, a batch at a time; errors are reported and left for the next round. */
  async loadAll(): Promise<void> {
    try {
      let outcome: LoadOutcome;
      do outcome = await this.options.gate.writing(() => this.loadOnce());
      while (outcome.requests > 0 && this.options.spool.ready().length > 0);
    } catch (error) {
      this.lastError = messageOf(error);
      this.options.onError?.(this.lastError);
    }
  }

  /** One load: opens the store, loads one batch of spooled requests, records them, closes the store. */
  async loadOnce(): Promise<LoadOutcome> {
    const started = Date.now();
    const batch = takeBatch(this.options.spool.ready());
    this.duplicates.push(...this.options.takeDuplicates());
    const duplicates = this.duplicates;
    if (batch.length === 0 && duplicates.length === 0)
      return { requests: 0, rows: 0, rejected: 0, failed: 0, ms: 0 };
    const store = await this.options.openStore();
    const paths = new Map<string, string>();
    const objects: SourceObject[] = [];
    for (const request of batch) {
      request.meta.files.forEach((file, i) => {
        const uri = spooledObjectUri(request, i);
        paths.set(uri, `${request.dir}/${file.name}`);
        objects.push({ uri, size: file.bytes, fingerprint: request.name, key: {} });
      });
    }
    let loaded: SpooledRequest[];
    let summary: Awaited<ReturnType<typeof ingestToStore>>;
    try {
      summary = await ingestToStore(store, objects, {
        fetcher: new SpoolFetcher(paths),
        command: "flowlens serve",
      });
      const failed = new Set(summary.failures.map((f) => f.uri));
      loaded = batch.filter((r) => r.meta.files.every((_, i) => !failed.has(spooledObjectUri(r, i))));
      await recordDeliveries(
        store,
        loaded.map((r) => ({
          ...r.meta,
          flowLines: r.meta.files.reduce((sum, f) => sum + f.lines, 0),
          uris: r.meta.files.map((_, i) => spooledObjectUri(r, i)),
        })),
        duplicates,
      );
      this.duplicates = [];
      // ClickHouse's engine maintains its rollups and has no WAL to checkpoint.
      if (store.dialect.name === "duckdb") await compactRollups(store as DuckDbStore, COMPACT_AT_PARTS);
      if (this.options.afterLoad && summary.rowsLoaded > 0) {
        try {
          await this.options.afterLoad(store);
        } catch (error) {
          this.options.onError?.(messageOf(error));
        }
      }
      // Closing checkpoints what the WAL holds, synchronously: done here, on DuckDB's threads, it no
      // longer holds the event loop (and the requests waiting on it) for up to most of a second.
      if (store.dialect.name === "duckdb") await store.run("CHECKPOINT");
    } finally {
      await store.close();
    }
    for (const request of loaded) this.options.spool.remove(request);
    const outcome = {
      requests: loaded.length,
      rows: summary.rowsLoaded,
      rejected: summary.rowsRejected,
      failed: summary.objectsFailed,
      ms: Date.now() - started,
    };
    this.lastLoadAt = Date.now();
    this.lastError = summary.failures[0]
      ? `${summary.failures[0].uri}: ${summary.failures[0].error}`
      : undefined;
    this.options.onLoad?.(outcome);
    return outcome;
  }
}
