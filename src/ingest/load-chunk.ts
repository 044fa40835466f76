/**
 * Loads one prepared chunk: objects are grouped by shape (text with the same format, header and
 * compression; all Parquet together) and each group loads in one transaction. When a group cannot be
 * read, it is split in halves until the unreadable objects stand alone; they are recorded as failed with
 * their error and the rest load. Errors of the machine rather than of the input (out of memory, disk full)
 * stop the run instead.
 */
import { messageOf } from "../errors.js";
import { toLogFormatString } from "../records/log-format.js";
import type { FetchedObject } from "../sources/object-fetcher.js";
import type { SniffedShape, TextShape } from "../sources/sniff-object.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import type { LoadBatchShape } from "../store/duckdb/flow-insert-sql.js";
import { type PlannedObject, reserveSourceIds } from "../store/duckdb/ledger.js";
import { type BatchItem, loadBatch, markFailed } from "../store/duckdb/load-batch.js";
import { readParquetShape } from "../store/duckdb/parquet-shape.js";
import type { GzipCheck } from "./gzip-check.js";
import type { RunTally } from "./ingest-run.js";

/** An object after fetching and sniffing: ready to load, or already known to be unreadable. */
export type PreparedObject =
  | { planned: PlannedObject; fetched: FetchedObject; shape: SniffedShape; gzipCheck: GzipCheck }
  | { planned: PlannedObject; fetched?: FetchedObject; error: string };

interface LoadItem extends BatchItem {
  readonly gzipCheck: GzipCheck;
}

interface LoadGroup {
  readonly shape: LoadBatchShape;
  readonly formatLabel: string;
  readonly parquetTypes?: ReadonlyMap<string, string>;
  readonly items: readonly LoadItem[];
}

type GroupMaker = (items: readonly LoadItem[]) => Promise<LoadGroup>;

const MACHINE_TROUBLE = /Out of Memory|No space left on device|Disk full/i;

export async function loadChunk(store: DuckDbStore, prepared: readonly PreparedObject[], run: RunTally) {
  const fresh = await reserveSourceIds(store, prepared.filter((p) => !p.planned.existing).length);
  const textGroups = new Map<string, { shape: TextShape; items: LoadItem[] }>();
  const parquet: LoadItem[] = [];
  for (const p of prepared) {
    const base = {
      object: p.planned.object,
      sourceId: p.planned.existing?.sourceId ?? (fresh.shift() as number),
      localPath: p.fetched?.localPath ?? "",
      replaces: p.planned.existing !== undefined,
    };
    if ("error" in p) {
      await fail(store, base, p.error, run);
      continue;
    }
    const item: LoadItem = { ...base, gzipCheck: p.gzipCheck };
    if (item.gzipCheck.error) await fail(store, item, item.gzipCheck.error, run);
    else if (p.shape.kind === "parquet") parquet.push(item);
    else {
      const key = `${p.shape.gzip}|${p.shape.header}|${p.shape.exportTimestamp}|${toLogFormatString(p.shape.format)}`;
      const group = textGroups.get(key) ?? { shape: p.shape, items: [] };
      group.items.push(item);
      textGroups.set(key, group);
    }
  }
  for (const { shape, items } of textGroups.values()) {
    await loadOrSplit(store, items, run, async (some) => ({
      shape,
      formatLabel: toLogFormatString(shape.format),
      items: some,
    }));
  }
  if (parquet.length > 0) await loadOrSplit(store, parquet, run, parquetGroup(store));
}

/** Parquet objects load with their columns read as the union of their footers. */
function parquetGroup(store: DuckDbStore): GroupMaker {
  return async (items) => {
    const parquet = await readParquetShape(
      store,
      items.map((i) => i.localPath),
    );
    return {
      shape: { kind: "parquet", gzip: false, format: parquet.format, header: false, exportTimestamp: false },
      formatLabel: `parquet: ${toLogFormatString(parquet.format)}`,
      parquetTypes: parquet.types,
      items,
    };
  };
}

async function loadOrSplit(
  store: DuckDbStore,
  items: readonly LoadItem[],
  run: RunTally,
  makeGroup: GroupMaker,
) {
  let error: unknown;
  try {
    error = await tryLoad(store, await makeGroup(items), run);
  } catch (describeError) {
    error = describeError;
  }
  if (error === undefined) return;
  if (MACHINE_TROUBLE.test(messageOf(error))) throw error;
  const [only] = items;
  if (items.length === 1 && only) return fail(store, only, readError(only, error), run);
  const half = Math.ceil(items.length / 2);
  await loadOrSplit(store, items.slice(0, half), run, makeGroup);
  await loadOrSplit(store, items.slice(half), run, makeGroup);
}

/** Loads a group in one transaction; returns the error if it was rolled back. */
async function tryLoad(store: DuckDbStore, group: LoadGroup, run: RunTally): Promise<unknown> {
  try {
    const counts = await loadBatch(store, {
      ...group,
      runId: run.runId,
      beforeCommit: async () => {
        for (const item of group.items) await item.gzipCheck.passed();
      },
    });
    run.loaded += group.items.length;
    for (const name of group.shape.format.unknown) run.unknownFields.add(name);
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

async function fail(store: DuckDbStore, item: Omit<BatchItem, "localPath">, error: string, run: RunTally) {
  await markFailed(store, item, error, run.runId);
  run.failures.push({ uri: item.object.uri, error });
}
