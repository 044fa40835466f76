/**
 * Loads one prepared chunk: objects are grouped by shape (text with the same format, header and
 * compression; all Parquet together) and each group loads in one transaction on DuckDB's fast path. When a
 * group fails, the object its error names (or, failing that, each half of the group) is loaded apart,
 * until the objects at fault stand alone. Such an object then takes the careful path: text is decoded line
 * by line (bad lines quarantined, the rest loaded); Parquet rows with refused values are quarantined. Only
 * what the careful path cannot read either (a corrupt or truncated stream) is recorded as failed, and the
 * rest load. Errors of the machine rather than of the input (out of memory, disk full) stop the run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { messageOf } from "../errors.js";
import { type LogFormat, toLogFormatString } from "../records/log-format.js";
import type { FetchedObject } from "../sources/object-fetcher.js";
import type { SniffedShape, TextShape } from "../sources/sniff-object.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import { type LoadBatchShape, VALUE_REFUSED } from "../store/duckdb/flow-insert-sql.js";
import { type PlannedObject, reserveSourceIds } from "../store/duckdb/ledger.js";
import { type BatchItem, loadBatch, markFailed } from "../store/duckdb/load-batch.js";
import { parquetColumnsProblem, readParquetShape } from "../store/duckdb/parquet-shape.js";
import { ContentCheck } from "./content-check.js";
import { decodeLines } from "./decode-lines.js";
import type { RunTally } from "./ingest-run.js";

/** An object after fetching and sniffing: ready to load, or already known to be unreadable. */
export type PreparedObject =
  | { planned: PlannedObject; fetched: FetchedObject; shape: SniffedShape; check: ContentCheck }
  | { planned: PlannedObject; fetched?: FetchedObject; error: string };

interface LoadItem extends BatchItem {
  readonly check: ContentCheck;
}

interface LoadGroup {
  readonly shape: LoadBatchShape;
  readonly formatLabel: string;
  readonly parquetTypes?: ReadonlyMap<string, string>;
  readonly items: readonly LoadItem[];
  readonly onRefused?: "fail" | "quarantine";
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
    const item: LoadItem = { ...base, check: p.check };
    if (item.check.verdict?.unreadable) await fail(store, item, item.check.verdict.unreadable, run);
    else if (p.shape.kind === "parquet") {
      const problem = await parquetProblem(store, item);
      if (problem) await fail(store, item, problem, run);
      else parquet.push(item);
    } else if (!item.object.key.date && !hasStart(p.shape.format)) {
      await fail(store, item, noTimeError(item.object.uri), run);
    } else {
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

const hasStart = (format: LogFormat) => format.fields.some((f) => f.name === "start");

/** Why a Parquet object cannot load, read from its footer before any of its rows. */
async function parquetProblem(store: DuckDbStore, item: LoadItem): Promise<string | undefined> {
  let shape: Awaited<ReturnType<typeof readParquetShape>>;
  try {
    shape = await readParquetShape(store, [item.localPath]);
  } catch (error) {
    return readError(item, error);
  }
  const problem = parquetColumnsProblem(shape);
  if (problem) return `${item.object.uri} ${problem}`;
  if (!item.object.key.date && !hasStart(shape.format)) return noTimeError(item.object.uri);
  return undefined;
}

/** An object with no start field and no day in its key: its records could never be placed on a day. */
function noTimeError(uri: string): string {
  return `${uri} has no start field and its path names no day, so its records have no time; flowlens needs \${start} in the log format`;
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
  all: readonly LoadItem[],
  run: RunTally,
  makeGroup: GroupMaker,
) {
  // Objects whose check has already said they need the careful path go there without a try on the fast path.
  const careful = all.filter((i) => i.check.verdict?.notStrict);
  for (const item of careful) await loadCarefully(store, item, await makeGroup([item]), undefined, run);
  const items = all.filter((i) => !careful.includes(i));
  if (items.length === 0) return;
  let error: unknown;
  let group: LoadGroup | undefined;
  try {
    group = await makeGroup(items);
    error = await tryLoad(store, group, run);
  } catch (describeError) {
    error = describeError;
  }
  if (error === undefined) return;
  if (MACHINE_TROUBLE.test(messageOf(error))) throw error;
  const [only] = items;
  if (items.length === 1 && only) return loadCarefully(store, only, group, error, run);
  // DuckDB's reader errors, and the fast path's refusals, name the file at fault.
  const named = items.find((i) => messageOf(error).includes(i.localPath));
  const [first, second] = named
    ? [items.filter((i) => i !== named), [named]]
    : [items.slice(0, Math.ceil(items.length / 2)), items.slice(Math.ceil(items.length / 2))];
  await loadOrSplit(store, first, run, makeGroup);
  await loadOrSplit(store, second, run, makeGroup);
}

/**
 * The careful path for one object the fast path refused. A gzip stream that fails its check is not read
 * further; text is decoded line by line; Parquet is loaded with its refused rows quarantined.
 */
async function loadCarefully(
  store: DuckDbStore,
  item: LoadItem,
  group: LoadGroup | undefined,
  fastError: unknown,
  run: RunTally,
) {
  const { unreadable } = await item.check.settled();
  if (unreadable || !group) return fail(store, item, unreadable ?? readError(item, fastError), run);
  if (group.shape.kind === "parquet") {
    if (!messageOf(fastError).includes(VALUE_REFUSED))
      return fail(store, item, readError(item, fastError), run);
    const error = await tryLoad(store, { ...group, onRefused: "quarantine" }, run);
    if (error !== undefined) await fail(store, item, readError(item, error), run);
    return;
  }
  const workDir = await mkdtemp(join(tmpdir(), "flowlens-lines-"));
  try {
    const decoded = await decodeLines(item.localPath, { ...group.shape, kind: "text" }, workDir);
    const error = await tryLoad(
      store,
      {
        ...group,
        shape: { ...group.shape, header: false, exportTimestamp: false, gzip: false },
        items: [
          {
            ...item,
            check: ContentCheck.none(),
            localPath: decoded.recordsPath,
            rejectsPath: decoded.rejected > 0 ? decoded.rejectsPath : undefined,
          },
        ],
      },
      run,
    );
    if (error !== undefined) await fail(store, item, readError(item, error), run);
  } catch (error) {
    if (MACHINE_TROUBLE.test(messageOf(error))) throw error;
    await fail(store, item, readError(item, error), run);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Loads a group in one transaction; returns the error if it was rolled back. */
async function tryLoad(store: DuckDbStore, group: LoadGroup, run: RunTally): Promise<unknown> {
  try {
    const counts = await loadBatch(store, {
      ...group,
      runId: run.runId,
      beforeCommit: async () => {
        for (const item of group.items) await item.check.passed();
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
  run.failures.push({ uri: item.object.uri, error: await markFailed(store, item, error, run.runId) });
}
