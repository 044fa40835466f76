/**
 * The ingest pipeline: plan against the ledger, then fetch and sniff objects a chunk at a time — the next
 * chunk is fetched (and its text checked, see content-check.ts) while the current one loads (see load-chunk.ts).
 */
import pLimit from "p-limit";
import { messageOf } from "../errors.js";
import type { LogFormat } from "../records/log-format.js";
import type { FetchedObject, ObjectFetcher } from "../sources/object-fetcher.js";
import { type SniffedShape, sniffObject } from "../sources/sniff-object.js";
import type { SourceObject } from "../sources/source-object.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import { type PlannedObject, planIngest } from "../store/duckdb/ledger.js";
import { addPendingToRollups, refreshRollups } from "../store/duckdb/rollups.js";
import { chunkObjects } from "./chunk-objects.js";
import { ContentCheck } from "./content-check.js";
import { finishRun, type IngestFailure, type IngestSummary, startRun } from "./ingest-run.js";
import { loadChunk, type PreparedObject } from "./load-chunk.js";

export interface IngestProgress {
  readonly objectsTotal: number;
  readonly objectsDone: number;
  readonly bytesTotal: number;
  readonly bytesDone: number;
  readonly rows: number;
}

export interface IngestOptions {
  readonly fetcher: ObjectFetcher;
  /** Format of headerless text objects. @default the default format */
  readonly logFormat?: LogFormat;
  /** The command line, kept in ingest_runs. */
  readonly command: string;
  /** Compressed bytes loaded per transaction. @default 256 MiB */
  readonly batchBytes?: number;
  /** Objects loaded per transaction. @default 1000 */
  readonly batchObjects?: number;
  readonly onProgress?: (progress: IngestProgress) => void;
  /**
   * Paths the sources could not look into (an unreadable directory, a dangling link): counted as failed
   * and named in the summary, but not in the ledger, which holds objects. @default none
   */
  readonly unreadable?: readonly IngestFailure[];
  /** Stops between batches (each batch commits whole, so a re-run loads the rest). @default none */
  readonly signal?: AbortSignal;
  /**
   * What happens to each chunk once it has committed: by default its sums are added to the store's
   * rollups (and days left dirty are rebuilt at the end). A ClickHouse ingest loads into a scratch DuckDB
   * store that only parses, and ships each committed chunk to ClickHouse here instead. @default none
   */
  readonly onChunkCommitted?: () => Promise<void>;
}

/** Ingests the objects into the store and returns what happened. */
export async function ingestObjects(
  store: DuckDbStore,
  objects: readonly SourceObject[],
  options: IngestOptions,
): Promise<IngestSummary> {
  const run = await startRun(store, options.command, objects.length);
  run.failures.push(...(options.unreadable ?? []));
  const plan = await planIngest(store, objects);
  run.skipped = plan.unchanged.length;
  const progress = {
    objectsTotal: plan.toLoad.length,
    objectsDone: 0,
    bytesTotal: plan.toLoad.reduce((sum, p) => sum + p.object.size, 0),
    bytesDone: 0,
    rows: 0,
  };
  options.onProgress?.({ ...progress });

  const limit = pLimit(options.fetcher.concurrency);
  // Each content check holds a 1 MiB buffer (and a zlib stream): two at a time keep the spare core busy.
  const checkLimit = pLimit(2);
  const prepare = async (chunk: PlannedObject[]): Promise<PreparedObject[]> => {
    const sniffed = await Promise.all(chunk.map((planned) => limit(() => fetchAndSniff(planned, options))));
    // The checks start once the chunk is sniffed: their reading would otherwise slow the sniffing, and
    // with it the start of the chunk's load.
    return sniffed.map((p) => {
      if ("error" in p) return p;
      const { fetched, shape, planned } = p;
      const check =
        shape.kind === "text"
          ? ContentCheck.start(checkLimit, fetched.localPath, planned.object.uri, shape)
          : ContentCheck.none();
      return { ...p, check };
    });
  };

  const release = (prepared: readonly PreparedObject[]) =>
    Promise.all(prepared.map((p) => p.fetched?.release()));
  const chunks = chunkObjects(plan.toLoad, options.batchBytes ?? 256 * 2 ** 20, options.batchObjects ?? 1000);
  let next = chunks[0] ? prepare(chunks[0]) : undefined;
  try {
    for (let i = 0; next; i++) {
      options.signal?.throwIfAborted();
      const prepared = await next;
      const following = chunks[i + 1];
      next = following ? prepare(following) : undefined;
      try {
        await loadChunk(store, prepared, run);
      } finally {
        await release(prepared);
      }
      if (options.onChunkCommitted) await options.onChunkCommitted();
      else await addPendingToRollups(store);
      progress.objectsDone += prepared.length;
      progress.bytesDone += prepared.reduce((sum, p) => sum + p.planned.object.size, 0);
      progress.rows = run.rows;
      options.onProgress?.({ ...progress });
    }
  } finally {
    // A chunk being fetched when loading stopped still holds staged files.
    if (next) await next.then(release, () => undefined);
  }
  if (!options.onChunkCommitted) await refreshRollups(store);
  return finishRun(store, run);
}

async function fetchAndSniff(
  planned: PlannedObject,
  options: IngestOptions,
): Promise<
  | { planned: PlannedObject; fetched: FetchedObject; shape: SniffedShape }
  | Extract<PreparedObject, { error: string }>
> {
  let fetched: FetchedObject | undefined;
  try {
    fetched = await options.fetcher.fetch(planned.object);
    const shape = await sniffObject(fetched.localPath, planned.object.uri, options.logFormat);
    return { planned, fetched, shape };
  } catch (error) {
    return { planned, fetched, error: messageOf(error) };
  }
}
