/**
 * The no-op re-run at scale: a day of many tiny default-format objects (a few records each) ingested once,
 * then the same command again with nothing new (the median of `runs`), which must only find that
 * everything is stored.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { writeFlowLogDay } from "./default-format-data.js";
import { RealisticFlows } from "./realistic-flows.js";
import { flowlensIngest, type IngestStep, medianOf, removeDb } from "./steps.js";

const RECORDS_PER_OBJECT = 3;
const WINDOWS_PER_DAY = 288;

export interface StoredObjectsResult {
  readonly objects: number;
  readonly first: IngestStep;
  readonly rerun: IngestStep;
}

/** At least `objects` tiny objects (whole windows of every flow log), generated once and cached. */
async function ensureObjects(dir: string, day: string, objects: number, seed: number): Promise<number> {
  const ready = resolve(dir, "ready.json");
  if (existsSync(ready)) return (JSON.parse(readFileSync(ready, "utf8")) as { objects: number }).objects;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const flowLogs = Math.ceil(objects / WINDOWS_PER_DAY);
  const written = await writeFlowLogDay({
    outDir: resolve(dir, "many"),
    day,
    records: flowLogs * WINDOWS_PER_DAY * RECORDS_PER_OBJECT,
    flowLogs,
    seed,
    lines: new RealisticFlows(seed, flowLogs),
  });
  writeFileSync(ready, JSON.stringify({ objects: written.files.length }));
  return written.files.length;
}

export async function storedObjects(
  dir: string,
  day: string,
  count: number,
  seed: number,
  db: string,
  runs: number,
): Promise<StoredObjectsResult> {
  const objects = await ensureObjects(dir, day, count, seed);
  const source = resolve(dir, "many");
  try {
    const first = await flowlensIngest([source], db);
    const rerun = await medianOf(runs, () => flowlensIngest([source], db, { fresh: false }));
    if (rerun.rows !== 0) throw new Error(`the re-run loaded ${rerun.rows} rows: expected none`);
    return { objects, first, rerun };
  } finally {
    removeDb(db);
  }
}
