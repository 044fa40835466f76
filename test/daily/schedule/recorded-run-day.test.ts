import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runHistory } from "../../../src/daily/schedule/daily-runs.js";
import { RUN_ABANDONED_EXIT, recordedRunDay } from "../../../src/daily/schedule/recorded-run-day.js";
import { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { tempDir } from "../../helpers/temp-dir.js";

function storeFile(): () => Promise<DuckDbStore> {
  const path = join(tempDir(), "flowlens.duckdb");
  return () => DuckDbStore.open(path);
}

async function runsIn(openStore: () => Promise<DuckDbStore>) {
  const store = await openStore();
  try {
    return await store.rows(
      "SELECT CAST(day AS VARCHAR) AS day, finished_at IS NOT NULL AS finished, exit_code, trigger FROM daily_runs",
    );
  } finally {
    store.close();
  }
}

describe("recordedRunDay", () => {
  it("records the run's trigger and the job's exit code", async () => {
    const openStore = storeFile();
    const runDay = recordedRunDay(openStore, async () => 1);
    expect(await runDay("2026-11-21", "catch-up", new AbortController().signal)).toBe(1);
    expect(await runsIn(openStore)).toEqual([
      { day: "2026-11-21", finished: true, exit_code: 1, trigger: "catch-up" },
    ]);
  });

  it("leaves the store closed while the job runs, so the job can open it", async () => {
    const open = storeFile();
    let openStores = 0;
    const openStore = async () => {
      const store = await open();
      openStores += 1;
      const close = store.close.bind(store);
      store.close = () => {
        openStores -= 1;
        close();
      };
      return store;
    };
    let openDuringJob: number | undefined;
    const runDay = recordedRunDay(openStore, async () => {
      openDuringJob = openStores;
      return 0;
    });
    await runDay("2026-11-21", "manual", new AbortController().signal);
    expect(openDuringJob).toBe(0);
  });

  it("records a job that throws as failed (exit code 3) and passes its error on", async () => {
    const openStore = storeFile();
    const runDay = recordedRunDay(openStore, async () => {
      throw new Error("S3 is unreachable");
    });
    await expect(runDay("2026-11-21", "schedule", new AbortController().signal)).rejects.toThrow(
      "S3 is unreachable",
    );
    expect(await runsIn(openStore)).toEqual([
      { day: "2026-11-21", finished: true, exit_code: 3, trigger: "schedule" },
    ]);
  });

  it("records a job that threw because its signal aborted as abandoned (exit code 130)", async () => {
    const openStore = storeFile();
    const controller = new AbortController();
    const runDay = recordedRunDay(openStore, async (_day, signal) => {
      controller.abort(new Error("stopping"));
      signal.throwIfAborted();
      return 0;
    });
    await expect(runDay("2026-11-21", "schedule", controller.signal)).rejects.toThrow("stopping");
    expect(await runsIn(openStore)).toEqual([
      { day: "2026-11-21", finished: true, exit_code: RUN_ABANDONED_EXIT, trigger: "schedule" },
    ]);
  });

  it("starts no job and records nothing once the signal has aborted", async () => {
    const openStore = storeFile();
    const controller = new AbortController();
    controller.abort(new Error("stopping"));
    let started = false;
    const runDay = recordedRunDay(openStore, async () => {
      started = true;
      return 0;
    });
    await expect(runDay("2026-11-21", "schedule", controller.signal)).rejects.toThrow("stopping");
    expect(started).toBe(false);
    const store = await openStore();
    expect((await runHistory(store)).firstDay).toBeUndefined();
    store.close();
  });
});
