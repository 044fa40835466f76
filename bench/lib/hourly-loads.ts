/**
 * The day loaded as it arrives: each of the 24 hour folders of a dataset's S3 layout ingested in turn into
 * one store (a `flowlens ingest` process per hour), then the whole day once more with nothing new.
 * A load's time must not grow with what the store already holds.
 */
import { resolve } from "node:path";
import { glob } from "tinyglobby";
import { flowlensIngest, type IngestStep, median, removeDb } from "./steps.js";

export interface HourlyLoad extends IngestStep {
  readonly hour: string;
  /** This load's wall time over the first load's. */
  readonly ratioToFirst: number;
}

export interface HourlyResult {
  readonly loads: readonly HourlyLoad[];
  /** The whole day again, after the 24 loads: nothing new. */
  readonly rerun: IngestStep;
}

/** The folders of one hour, e.g. `…/2026/11/20/07`, across accounts and regions. */
async function hourFolders(many: string, hour: string): Promise<string[]> {
  const dirs = await glob(`AWSLogs/*/vpcflowlogs/*/*/*/*/${hour}`, {
    cwd: many,
    onlyDirectories: true,
    absolute: true,
  });
  if (dirs.length === 0) throw new Error(`no hour folder ${hour} under ${many}`);
  return dirs.sort();
}

/** One day loaded hour by hour into a fresh store, then the whole day again. */
async function loadTheDay(
  many: string,
  db: string,
  onLoad: (load: HourlyLoad, run: number) => void,
  run: number,
) {
  removeDb(db);
  const loads: IngestStep[] = [];
  try {
    for (let h = 0; h < 24; h++) {
      const hour = String(h).padStart(2, "0");
      const step = await flowlensIngest(await hourFolders(many, hour), db, { fresh: false });
      loads.push(step);
      onLoad({ ...step, hour, ratioToFirst: step.seconds / (loads[0] as IngestStep).seconds }, run);
    }
    const rerun = await flowlensIngest([resolve(many)], db, { fresh: false });
    if (rerun.rows !== 0) throw new Error(`the re-run of the day loaded ${rerun.rows} rows: expected none`);
    return { loads, rerun };
  } finally {
    removeDb(db);
  }
}

/**
 * The day loaded `runs` times, each time into a fresh store; each hour's load (and the re-run) counts by
 * its median over the runs.
 */
export async function hourlyLoads(
  many: string,
  db: string,
  runs: number,
  onLoad: (load: HourlyLoad, run: number) => void,
): Promise<HourlyResult> {
  const days: { loads: IngestStep[]; rerun: IngestStep }[] = [];
  for (let run = 1; run <= runs; run++) days.push(await loadTheDay(many, db, onLoad, run));
  const medians = days[0]?.loads.map((_, h) => median(days.map((d) => d.loads[h] as IngestStep))) ?? [];
  const first = (medians[0] as IngestStep).seconds;
  return {
    loads: medians.map((step, h) => ({
      ...step,
      hour: String(h).padStart(2, "0"),
      ratioToFirst: step.seconds / first,
    })),
    rerun: median(days.map((d) => d.rerun)),
  };
}
