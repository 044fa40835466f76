/**
 * One daily run for a day: ingest the configured sources' new objects (the day's S3 folders, plus the day
 * before for late objects and the day after, where AWS delivers the day's last minutes), build and write
 * the report, then deliver it to Slack. The report is on disk before any delivery, so a Slack outage loses
 * nothing: `flowlens deliver --date D` finishes the job. Each stage's failure is stated, not hidden: in the
 * outcome, and in the Slack message itself.
 */
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type AlertNotifier, runAlerts } from "../alerts/run-alerts.js";
import type { Config } from "../config/config.js";
import { deliverToSlack, type SlackDelivery } from "../deliver/slack/deliver-to-slack.js";
import { FlowlensError, messageOf } from "../errors.js";
import type { IngestSummary } from "../ingest/ingest-run.js";
import { ingestToStore } from "../ingest/ingest-to-store.js";
import { resolveSources } from "../ingest/resolve-sources.js";
import { configuredReport } from "../report/configured-report.js";
import { chartRendererFor, REPORT_FORMATS, type WrittenReport, writeReport } from "../report/write-report.js";
import { resolveSlackCredentials } from "../secrets/slack-credentials.js";
import type { Store } from "../store/store.js";
import { addDays } from "../utc-day.js";
import { completenessSentence } from "./completeness.js";

export interface DailyEnvironment {
  readonly config: Config;
  /** Opens the configured store for writing, whichever backend; the caller closes it. */
  openStore(): Promise<Store>;
  /** Progress lines for people. */
  log(line: string): void;
  /** Where alert events go after the ingest evaluated them. @default nowhere (recorded only) */
  readonly notifyAlerts?: AlertNotifier;
}

export interface DailyOptions {
  readonly day: string;
  /** Skip Slack: ingest and write the report only. */
  readonly deliver: boolean;
  /** `--slack-secret`: a Secrets Manager secret name or ARN. */
  readonly slackSecret?: string;
  /** Stops at the next safe point (between ingest batches, between stages). */
  readonly signal?: AbortSignal;
}

export interface DailyOutcome {
  readonly day: string;
  readonly ingest?: IngestSummary;
  readonly reportDir?: string;
  readonly completeness?: string;
  readonly delivery?: SlackDelivery;
  /** One sentence per stage that failed or was partial. */
  readonly problems: string[];
  /** See DAILY_EXIT. */
  readonly exitCode: number;
}

export const DAILY_EXIT = {
  /** Ingested, reported and delivered. */
  done: 0,
  /** Reported and delivered, with a gap the message states (objects unreadable, an insight failed). */
  partial: 1,
  /** A stage failed (ingest could not list or read its sources, or delivery failed): run again. */
  failed: 3,
} as const;

/** What a daily run wrote beside its report, for `flowlens deliver` to send the same sentence later. */
export const RUN_FILE = "run.json";

export function reportDirFor(config: Config, day: string): string {
  return resolve(config.daily?.reportDir ?? "./flowlens-report", day);
}

function dailySection(config: Config): NonNullable<Config["daily"]> {
  if (!config.daily) {
    throw new FlowlensError("FLOWLENS_CONFIG_INVALID", "the config has no daily section: nothing to ingest", {
      hint: "add `daily: { sources: [s3://your-bucket/prefix/] }` to flowlens.yaml (see `flowlens config check`)",
    });
  }
  return config.daily;
}

async function withStore<T>(env: DailyEnvironment, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await env.openStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function ingestDay(env: DailyEnvironment, day: string, signal?: AbortSignal): Promise<IngestSummary> {
  const daily = dailySection(env.config);
  const s3 = daily.sources.some((s) => s.startsWith("s3://"));
  // Late objects of the day before, and the next day's folder, where AWS delivers the day's last minutes
  // (a folder that does not exist yet lists nothing). Local folders are read whole.
  const window = s3 ? { from: addDays(day, -1), to: addDays(day, 1) } : { from: undefined, to: undefined };
  const sources = await resolveSources(daily.sources, {
    ...window,
    accounts: daily.accounts,
    regions: daily.regions,
    s3: env.config.s3,
    network: env.config.aws,
  });
  try {
    return await withStore(env, async (store) => {
      const ingested = await ingestToStore(store, sources.objects, {
        fetcher: sources.fetcher,
        unreadable: sources.unreadable,
        command: `daily ${day}`,
        signal,
        memoryLimit: env.config.memoryLimit,
        threads: env.config.threads,
      });
      const alerts = await runAlerts(store, env.config, env.notifyAlerts ? { notify: env.notifyAlerts } : {});
      // Alerts never fail the day: their problem is logged, the report goes on.
      if (alerts.error) env.log(`${day}: ${alerts.error}`);
      return ingested;
    });
  } finally {
    await sources.close();
  }
}

/** Sends an already written report (used by the daily run and by `flowlens deliver`). */
export async function deliverWritten(
  env: DailyEnvironment,
  written: WrittenReport,
  report: Parameters<typeof deliverToSlack>[0]["report"],
  completeness: string | undefined,
  slackSecret?: string,
): Promise<SlackDelivery> {
  const credentials = await resolveSlackCredentials({
    slackSecret,
    config: env.config.slack,
    secretsManager: { network: env.config.aws },
  });
  return withStore(env, (store) =>
    deliverToSlack({
      store,
      report,
      written,
      channel: credentials.channel,
      token: credentials.token,
      ...(credentials.apiUrl ? { apiUrl: credentials.apiUrl } : {}),
      ...(env.config.slack?.retries === undefined ? {} : { retry: { retries: env.config.slack.retries } }),
      ...(completeness ? { completeness } : {}),
    }),
  );
}

export async function runDaily(env: DailyEnvironment, options: DailyOptions): Promise<DailyOutcome> {
  const { day, signal } = options;
  const problems: string[] = [];
  let failed = false;
  let ingest: IngestSummary | undefined;
  env.log(`${day}: ingesting`);
  try {
    ingest = await ingestDay(env, day, signal);
    if (ingest.objectsFailed > 0) problems.push(`${ingest.objectsFailed} object(s) could not be read`);
  } catch (error) {
    if (signal?.aborted) throw error;
    failed = true;
    // Without new data the report still shows what the store has; the failure is stated in it.
    problems.push(`ingest failed: ${messageOf(error)}`);
  }
  signal?.throwIfAborted();

  env.log(`${day}: building the report`);
  const charts = chartRendererFor(REPORT_FORMATS);
  const report = await withStore(env, (store) =>
    configuredReport(store, env.config, { from: day, to: day }, { charts }),
  );
  const reportDir = reportDirFor(env.config, day);
  const written = await writeReport(report, reportDir, REPORT_FORMATS, charts);
  const failedInsights = report.insights.filter((i) => i.error);
  if (failedInsights.length > 0) problems.push(`${failedInsights.length} insight(s) failed`);
  const completeness =
    ingest === undefined
      ? `${problems[0]}; the report shows what the store already had.`
      : completenessSentence(ingest, report);
  await writeFile(join(reportDir, RUN_FILE), `${JSON.stringify({ day, completeness, ingest }, null, 2)}\n`);
  env.log(`${day}: report written to ${reportDir}`);
  signal?.throwIfAborted();

  let delivery: SlackDelivery | undefined;
  if (options.deliver) {
    env.log(`${day}: delivering to Slack`);
    try {
      delivery = await deliverWritten(env, written, report, completeness, options.slackSecret);
    } catch (error) {
      failed = true;
      problems.push(
        `delivery failed: ${messageOf(error)} (the report is on disk: flowlens deliver --date ${day} sends it)`,
      );
    }
  }
  return {
    day,
    ...(ingest ? { ingest } : {}),
    reportDir,
    completeness,
    ...(delivery ? { delivery } : {}),
    problems,
    exitCode: failed ? DAILY_EXIT.failed : problems.length > 0 ? DAILY_EXIT.partial : DAILY_EXIT.done,
  };
}
