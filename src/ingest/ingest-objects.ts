/**
 * The ingest pipeline: plan against the ledger, fetch and sniff objects a chunk at a time (the next chunk
 * is fetched while the current one loads), group each chunk by shape and load every group in one
 * transaction. An object that cannot be read is named, recorded as failed and the rest still load.
 */
import pLimit from "p-limit";
import { messageOf } from "../errors.js";
import { type LogFormat, toLogFormatString } from "../records/log-format.js";
import type { FetchedObject, ObjectFetcher } from "../sources/object-fetcher.js";
import { type SniffedShape, sniffObject } from "../sources/sniff-object.js";
import type { SourceObject } from "../sources/source-object.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import type { LoadBatchShape } from "../store/duckdb/flow-insert-sql.js";
import { type PlannedObject, planIngest, reserveSourceIds } from "../store/duckdb/ledger.js";
import { type BatchItem, loadBatch, markFailed } from "../store/duckdb/load-batch.js";
import { readParquetShape } from "../store/duckdb/parquet-shape.js";
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
  | { planned: PlannedObject; fetched: FetchedObject; shape: SniffedShape }
  | { planned: PlannedObject; fetched?: FetchedObject; error: string };

interface LoadGroup {
  readonly shape: LoadBatchShape;
  readonly formatLabel: string;
  readonly parquetTypes?: ReadonlyMap<string, string>;
  readonly items: BatchItem[];
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
  const prepare = (chunk: PlannedObject[]) =>
    Promise.all(chunk.map((planned) => limit(() => prepareObject(planned, options))));

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

async function prepareObject(planned: PlannedObject, options: IngestOptions): Promise<Prepared> {
  let fetched: FetchedObject | undefined;
  try {
    fetched = await options.fetcher.fetch(planned.object);
    const shape = await sniffObject(fetched.localPath, planned.object.uri, options.logFormat);
    return { planned, fetched, shape };
  } catch (error) {
    return { planned, fetched, error: messageOf(error) };
  }
}

type Run = Awaited<ReturnType<typeof startRun>>;

async function loadChunk(store: DuckDbStore, prepared: Prepared[], run: Run): Promise<void> {
  const fresh = await reserveSourceIds(store, prepared.filter((p) => !p.planned.existing).length);
  const groups = new Map<string, LoadGroup>();
  for (const p of prepared) {
    const sourceId = p.planned.existing?.sourceId ?? (fresh.shift() as number);
    const item = { object: p.planned.object, sourceId, localPath: p.fetched?.localPath ?? "" };
    if ("error" in p) {
      await fail(store, item, p.error, run);
      continue;
    }
    try {
      const group = await groupFor(store, p.shape, item.localPath);
      const existing = groups.get(group.key) ?? { ...group.group, items: [] };
      existing.items.push(item);
      groups.set(group.key, existing);
    } catch (error) {
      await fail(store, item, readError(item, error), run);
    }
  }
  for (const group of groups.values()) await loadGroup(store, group, run);
}

async function groupFor(
  store: DuckDbStore,
  shape: SniffedShape,
  localPath: string,
): Promise<{ key: string; group: Omit<LoadGroup, "items"> }> {
  if (shape.kind === "text") {
    const formatLabel = toLogFormatString(shape.format);
    return {
      key: `text|${shape.header}|${shape.exportTimestamp}|${formatLabel}`,
      group: { shape: shape, formatLabel },
    };
  }
  const parquet = await readParquetShape(store, localPath);
  return {
    key: `parquet|${[...parquet.types].join(",")}`,
    group: {
      shape: { kind: "parquet", format: parquet.format, header: false, exportTimestamp: false },
      formatLabel: `parquet: ${toLogFormatString(parquet.format)}`,
      parquetTypes: parquet.types,
    },
  };
}

/** Loads a group in one transaction; if DuckDB cannot read it, loads each object alone to find the bad ones. */
async function loadGroup(store: DuckDbStore, group: LoadGroup, run: Run): Promise<void> {
  try {
    const counts = await loadBatch(store, { ...group, runId: run.runId });
    for (const c of counts.values()) {
      run.rows += c.rows;
      run.rejected += c.rejected;
    }
    run.loaded += group.items.length;
    for (const u of group.shape.format.unknown) run.unknownFields.add(u);
    for (const item of group.items) {
      const rejected = counts.get(item.sourceId)?.rejected ?? 0;
      if (rejected > 0) run.rejectsByObject.push({ uri: item.object.uri, rejected });
    }
  } catch (error) {
    if (group.items.length === 1) {
      const [item] = group.items as [BatchItem];
      await fail(store, item, readError(item, error), run);
      return;
    }
    for (const item of group.items) await loadGroup(store, { ...group, items: [item] }, run);
  }
}

function readError(item: BatchItem, error: unknown): string {
  const message = messageOf(error).replaceAll(item.localPath, item.object.uri).split("\n")[0] ?? "";
  return message.startsWith("cannot read") ? message : `cannot read ${item.object.uri}: ${message}`;
}

async function fail(store: DuckDbStore, item: Omit<BatchItem, "localPath">, error: string, run: Run) {
  await markFailed(store, item, error, run.runId);
  run.failures.push({ uri: item.object.uri, error });
}
