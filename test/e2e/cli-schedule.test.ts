/**
 * `flowlens schedule` as a long-running process: on start it catches up the day it missed, records the
 * run in the store, posts to (a local) Slack, and stops cleanly on SIGTERM; started again, it finds the
 * day done. The cron itself is not waited for (it fires at 06:00); the scheduler's ticks are tested in
 * test/daily/schedule.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateDemo } from "../../src/sources/demo/generate-demo.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { yesterdayUtc } from "../../src/utc-day.js";
import { CLI } from "../helpers/run-cli.js";
import { SLACK_TEST_CHANNEL, SLACK_TEST_TOKEN, startSlackApiServer } from "../helpers/slack-api-server.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startWatched, type WatchedProcess } from "../helpers/watched-process.js";

function startSchedule(args: string[], env: NodeJS.ProcessEnv): WatchedProcess {
  return startWatched([CLI, "schedule", ...args], env);
}

describe("flowlens schedule", () => {
  it("catches up the missed day at start, records it, stops on SIGTERM, and finds it done when restarted", async () => {
    const dir = tempDir();
    const day = yesterdayUtc();
    await generateDemo({ outDir: join(dir, "demo"), startDate: day, days: 1, recordsPerDay: 2000 });
    const slack = await startSlackApiServer();
    const config = join(dir, "flowlens.yaml");
    const db = join(dir, "flowlens.duckdb");
    writeFileSync(
      config,
      `db: ${db}\ndaily:\n  sources: ["${join(dir, "demo")}"]\n  reportDir: ${join(dir, "reports")}\nslack:\n  apiUrl: ${slack.url}\n`,
    );
    const env = { SLACK_BOT_TOKEN: SLACK_TEST_TOKEN, SLACK_CHANNEL_ID: SLACK_TEST_CHANNEL.id };

    const first = startSchedule(["--config", config], env);
    await first.waitFor(new RegExp(`run ${day} \\(catch-up\\) exit 0`));
    first.child.kill("SIGTERM");
    expect(await first.exit).toBe(0);
    expect([...slack.messages.values()].filter((m) => m.threadTs === undefined)).toHaveLength(1);

    const store = await DuckDbStore.open(db, { readOnly: true });
    try {
      expect(
        await store.rows("SELECT CAST(day AS VARCHAR) AS day, exit_code, trigger FROM daily_runs"),
      ).toEqual([{ day, exit_code: 0, trigger: "catch-up" }]);
    } finally {
      store.close();
    }

    const second = startSchedule(["--config", config, "--cron", "30 5 * * *", "--tz", "Europe/Berlin"], env);
    await second.waitFor(new RegExp(`nothing to run: the days up to ${day} are done`));
    second.child.kill("SIGINT");
    expect(await second.exit).toBe(0);
    expect(second.output()).toContain('"30 5 * * *" (Europe/Berlin)');
  });

  it("refuses a cron expression that cannot fire, before doing anything", async () => {
    const running = startSchedule(["--cron", "0 0 30 2 *", "--db", join(tempDir(), "x.duckdb")], {});
    expect(await running.exit).toBe(2);
    expect(running.output()).toContain('--cron "0 0 30 2 *" never fires');
  });
});
