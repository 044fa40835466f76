/**
 * Delivers a written report to a Slack channel: one top-level message (the day, headline numbers, the top
 * three findings, data completeness), then in its thread one reply per insight followed by the insight's
 * chart, and last the HTML report as a file.
 *
 * Idempotent per period and channel, through the ledger in the store (`slack-ledger.ts`): a second run
 * updates the message and the replies with chat.update, and uploads a file again only when its bytes
 * changed (late flow logs make a different chart), deleting the file it replaces. A run that died halfway
 * is completed by the next one. A message deleted in Slack is posted afresh.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describePeriod, type Report } from "../../report/build-report.js";
import type { WrittenReport } from "../../report/write-report.js";
import type { Store } from "../../store/store.js";
import { type ReportFile, reportFiles } from "./report-files.js";
import { SlackClient, type SlackClientOptions } from "./slack-client.js";
import { type DeliveredItem, type DeliveredMessage, type DeliveryKey, SlackLedger } from "./slack-ledger.js";
import { insightReply, type ReportInsight, reportMessage } from "./slack-message.js";

export interface DeliverToSlackOptions extends SlackClientOptions {
  /** The store whose ledger remembers what was delivered (tables `slack_deliveries`, `slack_delivery_items`). */
  readonly store: Store;
  readonly report: Report;
  /** Where the report was written; its chart PNGs and report.html are uploaded when present. */
  readonly written: WrittenReport;
  /**
   * A channel ID (`C0123ABCD`) or name (`#ops`). Deliveries are remembered under this exact value, so give
   * the same one each day.
   */
  readonly channel: string;
  /** A sentence on how much of the data loaded, e.g. "all 576 objects loaded". @default none */
  readonly completeness?: string;
}

export interface SlackReply {
  readonly insight: string;
  readonly ts: string;
  readonly action: "posted" | "updated";
}

export interface SlackUploadResult {
  /** The file's path in the report directory, e.g. `charts/overview.png`. */
  readonly name: string;
  readonly fileId: string;
  /** "unchanged": the same bytes were uploaded by an earlier run. */
  readonly action: "uploaded" | "replaced" | "unchanged";
}

export interface SlackDelivery {
  readonly channelId: string;
  readonly messageTs: string;
  readonly permalink?: string;
  /** True when an earlier run's message was updated rather than a new one posted. */
  readonly updated: boolean;
  readonly replies: readonly SlackReply[];
  readonly uploads: readonly SlackUploadResult[];
}

/** One delivery's moving parts. */
interface Delivery {
  readonly slack: SlackClient;
  readonly ledger: SlackLedger;
  readonly key: DeliveryKey;
  /** `Slack channel #ops`, for error messages. */
  readonly where: string;
  readonly thread: DeliveredMessage;
  readonly done: ReadonlyMap<string, DeliveredItem>;
  /** For file names: `2026-11-20`, or `2026-11-01_2026-11-07`. */
  readonly periodSlug: string;
}

/**
 * @example
 * const delivery = await deliverToSlack({ store, report, written, channel: "C0123ABCD", token });
 * console.log(delivery.permalink);
 * @throws FlowlensError FLOWLENS_SLACK_FAILED with a sentence saying what to fix
 */
export async function deliverToSlack(options: DeliverToSlackOptions): Promise<SlackDelivery> {
  const { store, report, channel } = options;
  const slack = new SlackClient(options);
  const ledger = await SlackLedger.open(store);
  const key = { from: report.period.from, to: report.period.to, channel };
  const where = `Slack channel ${channel}`;
  const top = await deliverTopMessage(slack, ledger, key, where, report, options.completeness);
  const delivery: Delivery = {
    slack,
    ledger,
    key,
    where,
    thread: top.message,
    done: await ledger.items(key),
    periodSlug: describePeriod(report.period).replace(" to ", "_"),
  };
  const files = reportFiles(options.written);
  const replies: SlackReply[] = [];
  const uploads: SlackUploadResult[] = [];
  for (const insight of report.insights) {
    replies.push(await deliverReply(delivery, insight));
    const chart = files.charts.get(insight.id);
    if (chart) {
      const filename = `flowlens-${delivery.periodSlug}-${insight.id}.png`;
      const title = `${insight.title} — ${describePeriod(report.period)}`;
      uploads.push(await deliverFile(delivery, chart, filename, title, `Chart: ${title}`));
    }
  }
  if (files.html) {
    const filename = `flowlens-report-${delivery.periodSlug}.html`;
    uploads.push(await deliverFile(delivery, files.html, filename, report.title));
  }
  const { channelId, messageTs } = top.message;
  const permalink = await slack.permalink(channelId, messageTs, `get the report message's link in ${where}`);
  return {
    channelId,
    messageTs,
    ...(permalink === undefined ? {} : { permalink }),
    updated: top.updated,
    replies,
    uploads,
  };
}

async function deliverTopMessage(
  slack: SlackClient,
  ledger: SlackLedger,
  key: DeliveryKey,
  where: string,
  report: Report,
  completeness: string | undefined,
): Promise<{ message: DeliveredMessage; updated: boolean }> {
  const content = reportMessage(report, completeness);
  const known = await ledger.message(key);
  if (known) {
    const action = `update the report message in ${where}`;
    if ((await slack.updateMessage(known.channelId, known.messageTs, content, action)) === "updated") {
      await ledger.recordUpdate(key);
      return { message: known, updated: true };
    }
    // Deleted in Slack: its thread went with it, so everything is delivered again.
    await ledger.forget(key);
  }
  const posted = await slack.postMessage(key.channel, content, `post the report message to ${where}`);
  const message = { channelId: posted.channelId, messageTs: posted.ts };
  await ledger.recordMessage(key, message);
  return { message, updated: false };
}

async function deliverReply(delivery: Delivery, insight: ReportInsight): Promise<SlackReply> {
  const { slack, ledger, key, where, thread } = delivery;
  const content = insightReply(insight);
  const earlier = delivery.done.get(`reply:${insight.id}`)?.messageTs;
  if (earlier) {
    const action = `update the ${insight.title} reply in ${where}`;
    if ((await slack.updateMessage(thread.channelId, earlier, content, action)) === "updated") {
      return { insight: insight.id, ts: earlier, action: "updated" };
    }
  }
  const action = `post the ${insight.title} reply to ${where}`;
  const posted = await slack.postMessage(thread.channelId, content, action, thread.messageTs);
  await ledger.recordItem(key, { kind: "reply", name: insight.id, messageTs: posted.ts });
  return { insight: insight.id, ts: posted.ts, action: "posted" };
}

async function deliverFile(
  delivery: Delivery,
  file: ReportFile,
  filename: string,
  title: string,
  altText?: string,
): Promise<SlackUploadResult> {
  const { slack, ledger, key, where, thread } = delivery;
  const bytes = await readFile(file.path);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const earlier = delivery.done.get(`file:${file.name}`);
  if (earlier?.fileId && earlier.sha256 === sha256) {
    return { name: file.name, fileId: earlier.fileId, action: "unchanged" };
  }
  const upload = { channelId: thread.channelId, threadTs: thread.messageTs, bytes, filename, title };
  const fileId = await slack.uploadFile(
    altText === undefined ? upload : { ...upload, altText },
    `upload ${file.name} to ${where}`,
  );
  await ledger.recordItem(key, { kind: "file", name: file.name, fileId, sha256 });
  if (!earlier?.fileId) return { name: file.name, fileId, action: "uploaded" };
  await slack.deleteFile(earlier.fileId, `delete the earlier ${file.name} from ${where}`);
  return { name: file.name, fileId, action: "replaced" };
}
