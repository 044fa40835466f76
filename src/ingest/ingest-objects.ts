/**
 * The ingest pipeline: plan against the ledger, fetch and sniff objects a chunk at a time (the next chunk
 * is fetched while the current one loads), group each chunk by shape and load every group in one
 * transaction. An object that cannot be read is named, recorded as failed and the rest still load.
 */
import pLimit, { type LimitFunction } from "p-limit";
import { messageOf } from "../errors.js";
import { type LogFormat, toLogFormatString } from "../records/log-format.js";
import type { FetchedObject, ObjectFetcher } from "../sources/object-fetcher.js";
import { type SniffedShape, sniffObject } from "../sources/sniff-object.js";
import type { SourceObject } from "../sources/source-object.js";
import { verifyGzip } from "../sources/verify-gzip.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import type { LoadBatchShape } from "../store/duckdb/flow-insert-sql.js";
import { type PlannedObject, planIngest, reserveSourceIds } from "../store/duckdb/ledger.js";
import { type BatchItem, loadBatch, markFailed } from "../store/duckdb/load-batch.js";
import { type ParquetShape, readParquetShape } from "../store/duckdb/parquet-shape.js";
import { chunkObjects } from "./chunk-objects.js";
import { finishRun, type IngestSummary, startRun } from "./ingest-run.js";

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
}

type Prepared =
  | {
      planned: PlannedObject;
      fetched: FetchedObject;
      shape: SniffedShape;
      /** The gzip check, running while earlier batches load: resolves to an error, or undefined. */
      verified: Promise<string | undefined>;
    }
  | { planned: PlannedObject; fetched?: FetchedObject; error: string };

/** An object on its way into a batch, with its pending gzip check. */
interface IngestItem extends BatchItem {
  readonly verified: Promise<string | undefined>;
}

interface LoadGroup {
  readonly shape: LoadBatchShape;
  readonly formatLabel: string;
  readonly parquetTypes?: ReadonlyMap<string, string>;
  readonly items: IngestItem[];
}

/** Throws the first failed gzip check among the items, so their batch rolls back instead of committing. */
async function checkVerified(items: readonly IngestItem[]): Promise<void> {
  for (const item of items) {
    const error = await item.verified;
    if (error) throw new Error(error);
  }
}

/** Ingests the objects into the store and returns what happened. */
export async function ingestObjects(
  store: DuckDbStore,
  objects: readonly SourceObject[],
  options: IngestOptions,
): Promise<IngestSummary> {
  const run = await startRun(store, options.command, objects.length);
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
  // Each gzip check holds a 1 MiB buffer and a zlib stream: two at a time keep the spare core busy.
  const verifyLimit = pLimit(2);
  const prepare = (chunk: PlannedObject[]) =>
    Promise.all(chunk.map((planned) => limit(() => prepareObject(planned, options, verifyLimit))));

  const chunks = chunkObjects(plan.toLoad, options.batchBytes ?? 256 * 2 ** 20, options.batchObjects ?? 1000);
  let next = chunks[0] ? prepare(chunks[0]) : undefined;
  for (let i = 0; next; i++) {
    const prepared = await next;
    const following = chunks[i + 1];
    next = following ? prepare(following) : undefined;
    try {
      await loadChunk(store, prepared, run);
    } finally {
      await Promise.all(prepared.map((p) => p.fetched?.release()));
    }
    progress.objectsDone += prepared.length;
    progress.bytesDone += prepared.reduce((sum, p) => sum + p.planned.object.size, 0);
    progress.rows = run.rows;
    options.onProgress?.({ ...progress });
  }
  return finishRun(store, run);
}

async function prepareObject(
  planned: PlannedObject,
  options: IngestOptions,
  verifyLimit: LimitFunction,
): Promise<Prepared> {
  let fetched: FetchedObject | undefined;
  try {
    fetched = await options.fetcher.fetch(planned.object);
    const { localPath } = fetched;
    const shape = await sniffObject(localPath, planned.object.uri, options.logFormat);
    const verified =
      shape.kind === "text" && shape.gzip
        ? verifyLimit(() => verifyGzip(localPath, planned.object.uri)).then(
            () => undefined,
            (error: unknown) => messageOf(error),
          )
        : Promise.resolve(undefined);
    return { planned, fetched, shape, verified };
  } catch (error) {
    return { planned, fetched, error: messageOf(error) };
  }
}

type Run = Awaited<ReturnType<typeof startRun>>;

async function loadChunk(store: DuckDbStore, prepared: Prepared[], run: Run): Promise<void> {
  const fresh = await reserveSourceIds(store, prepared.filter((p) => !p.planned.existing).length);
  const groups = new Map<string, LoadGroup>();
  const parquet: IngestItem[] = [];
  for (const p of prepared) {
    const item: IngestItem = {
      object: p.planned.object,
      sourceId: p.planned.existing?.sourceId ?? (fresh.shift() as number),
      localPath: p.fetched?.localPath ?? "",
      replaces: p.planned.existing !== undefined,
      verified: "verified" in p ? p.verified : Promise.resolve(undefined),
    };
    if ("error" in p) await fail(store, item, p.error, run);
    else if (p.shape.kind === "parquet") parquet.push(item);
    else {
      const formatLabel = toLogFormatString(p.shape.format);
      const key = `${p.shape.header}|${p.shape.exportTimestamp}|${formatLabel}`;
      const group = groups.get(key) ?? { shape: p.shape, formatLabel, items: [] };
      group.items.push(item);
      groups.set(key, group);
    }
  }
  for (const group of groups.values()) await loadGroup(store, group, run);
  if (parquet.length > 0) await loadParquet(store, parquet, run);
}

/**
 * Parquet objects of a chunk load together, with their columns read once as the union of their footers.
 * If that fails, each object is described and loaded alone, so a broken one is named with its own error.
 */
async function loadParquet(store: DuckDbStore, items: IngestItem[], run: Run): Promise<void> {
  let error: unknown;
  try {
    error = await tryLoad(
      store,
      parquetGroup(
        await readParquetShape(
          store,
          items.map((i) => i.localPath),
        ),
        items,
      ),
      run,
    );
  } catch (describeError) {
    error = describeError;
  }
  if (error === undefined) return;
  if (items.length === 1)
    return fail(store, items[0] as BatchItem, readError(items[0] as BatchItem, error), run);
  for (const item of items) await loadParquet(store, [item], run);
}

function parquetGroup(parquet: ParquetShape, items: IngestItem[]): LoadGroup {
  return {
    shape: { kind: "parquet", format: parquet.format, header: false, exportTimestamp: false },
    formatLabel: `parquet: ${toLogFormatString(parquet.format)}`,
    parquetTypes: parquet.types,
    items,
  };
}

/** Loads a group in one transaction; if DuckDB cannot read it, loads each object alone to find the bad ones. */
async function loadGroup(store: DuckDbStore, group: LoadGroup, run: Run): Promise<void> {
  const error = await tryLoad(store, group, run);
  if (error === undefined) return;
  if (group.items.length === 1)
    return fail(store, group.items[0] as BatchItem, readError(group.items[0] as BatchItem, error), run);
  for (const item of group.items) await loadGroup(store, { ...group, items: [item] }, run);
}

/** Loads a group; returns the error if the batch was rolled back. */
async function tryLoad(store: DuckDbStore, group: LoadGroup, run: Run): Promise<unknown> {
  try {
    const counts = await loadBatch(store, {
      ...group,
      runId: run.runId,
      beforeCommit: () => checkVerified(group.items),
    });
    run.loaded += group.items.length;
    for (const u of group.shape.format.unknown) run.unknownFields.add(u);
    for (const item of group.items) {
      const c = counts.get(item.sourceId) ?? { rows: 0, rejected: 0 };
      run.rows += c.rows;
      run.rejected += c.rejected;
      if (c.rejected > 0) run.rejectsByObject.push({ uri: item.object.uri, rejected: c.rejected });
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

function readError(item: BatchItem, error: unknown): string {
  const message = messageOf(error).replaceAll(item.localPath, item.object.uri).split("\n")[0] ?? "";
  return message.startsWith("cannot read") ? message : `cannot read ${item.object.uri}: ${message}`;
}

async function fail(store: DuckDbStore, item: BatchItem, error: string, run: Run): Promise<void> {
  await markFailed(store, item, error, run.runId);
  run.failures.push({ uri: item.object.uri, error });
}
