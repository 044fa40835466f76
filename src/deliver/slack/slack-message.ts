/**
 * What flowlens says in Slack, built from a Report and nothing else (pure): the top message — the day,
 * the headline numbers, the top three findings with dollars and a line on how complete the data is — and
 * one thread reply per insight with its findings and notes.
 */
import type { Finding } from "../../insights/insight.js";
import { formatUsd } from "../../pricing/money.js";
import type { Report } from "../../report/build-report.js";
import { formatBytes, formatCount } from "../../text/format-numbers.js";
import { context, escapeMrkdwn, fields, header, message, type SlackMessage, section } from "./block-kit.js";

export type ReportInsight = Report["insights"][number];

const SEVERITY_MARK = {
  high: ":red_circle:",
  medium: ":large_orange_circle:",
  low: ":large_yellow_circle:",
  info: ":large_blue_circle:",
} as const;

const IN_THE_THREAD = "Each insight's findings and chart, and the full HTML report, are in the thread.";

function findingLine(finding: Finding): string {
  const usd = finding.usd === undefined ? "" : `*${formatUsd(finding.usd)}* — `;
  return `${SEVERITY_MARK[finding.severity]} ${usd}${escapeMrkdwn(finding.sentence)}`;
}

/** A number the overview insight's totals finding carries (records, bytes, rejected, skipdata …). */
function overviewNumber(report: Report, name: string): number | undefined {
  const value = report.insights.find((i) => i.id === "overview")?.findings[0]?.numbers[name];
  return typeof value === "number" ? value : undefined;
}

/** Dollars of the headline findings that are about money, or undefined when none is. */
function headlineUsd(report: Report): number | undefined {
  const priced = report.headline.filter((f) => f.usd !== undefined);
  return priced.length === 0 ? undefined : priced.reduce((sum, f) => sum + (f.usd ?? 0), 0);
}

interface HeadlineNumber {
  /** The field's bold label. */
  readonly label: string;
  readonly value: string;
  /** The same in the fallback text: `records 1,234`. */
  readonly inWords: string;
}

function headlineNumbers(report: Report): HeadlineNumber[] {
  const records = overviewNumber(report, "records");
  const bytes = overviewNumber(report, "bytes");
  const rejected = overviewNumber(report, "rejected");
  const usd = headlineUsd(report);
  const numbers: HeadlineNumber[] = [];
  const add = (label: string, value: string, inWords = `${label.toLowerCase()} ${value}`) =>
    numbers.push({ label, value, inWords });
  if (records !== undefined) add("Records", formatCount(records));
  if (bytes !== undefined) add("Traffic", formatBytes(bytes));
  if (rejected !== undefined) {
    const share = records ? ` (${((100 * rejected) / records).toFixed(2)}%)` : "";
    add("Rejected", `${formatCount(rejected)}${share}`);
  }
  if (usd !== undefined) add("In the top findings", formatUsd(usd), `${formatUsd(usd)} in the top findings`);
  return numbers;
}

/**
 * What the report could not see, one mrkdwn line each: the caller's sentence on loading ("all 576 objects
 * loaded"), SKIPDATA records (flow logs dropped records) and insights that failed.
 */
export function completenessLines(report: Report, completeness?: string): string[] {
  const lines = completeness
    ? [escapeMrkdwn(completeness.charAt(0).toUpperCase() + completeness.slice(1))]
    : [];
  const skipdata = overviewNumber(report, "skipdata");
  if (skipdata) {
    lines.push(
      `:warning: ${formatCount(skipdata)} SKIPDATA records: flow logs lost records in those capture windows, so this report undercounts there.`,
    );
  }
  const failed = report.insights.filter((i) => i.error !== undefined);
  for (const insight of failed) {
    lines.push(`:warning: ${escapeMrkdwn(`${insight.title} failed: ${insight.error}`)}`);
  }
  if (skipdata === 0 && failed.length === 0) lines.push("No SKIPDATA records; every insight ran.");
  else if (skipdata === undefined && failed.length === 0) lines.push("Every insight ran.");
  return lines;
}

/** The top-level message. `completeness` is a sentence on loading, e.g. "all 576 objects loaded". */
export function reportMessage(report: Report, completeness?: string): SlackMessage {
  const numbers = headlineNumbers(report);
  const blocks = [header(report.title)];
  if (numbers.length > 0) blocks.push(fields(numbers.map((n) => `*${n.label}*\n${n.value}`)));
  if (report.headline.length === 0) blocks.push(section("*Top findings*\nNothing stood out."));
  else blocks.push(section("*Top findings*"));
  for (const [i, finding] of report.headline.entries()) {
    blocks.push(section(`*${i + 1}.* ${findingLine(finding)}`));
  }
  const lines = completenessLines(report, completeness);
  blocks.push(section(`*Data completeness*\n${lines.join("\n")}`), context([IN_THE_THREAD]));
  const summary = numbers.map((n) => n.inWords).join(", ");
  const text = `${report.title}${summary ? `: ${summary}` : ""}`;
  return message(escapeMrkdwn(text), blocks, "see the thread");
}

/** The thread reply for one insight: its title, findings (with dollars and the rate used) and notes. */
export function insightReply(insight: ReportInsight): SlackMessage {
  const mark = insight.error === undefined ? "" : ":x: ";
  const blocks = [section(`${mark}*${escapeMrkdwn(insight.title)}*\n${escapeMrkdwn(insight.description)}`)];
  for (const finding of insight.findings) {
    const rate = finding.rate ? `\n_at ${escapeMrkdwn(finding.rate)}_` : "";
    blocks.push(section(`${findingLine(finding)}${rate}`));
  }
  if (insight.findings.length === 0 && insight.error === undefined) {
    blocks.push(section("Nothing to report for this period."));
  }
  if (insight.notes.length > 0) blocks.push(context(insight.notes.map(escapeMrkdwn)));
  const first = insight.error
    ? `failed: ${insight.error}`
    : (insight.findings[0]?.sentence ?? "nothing to report");
  return message(escapeMrkdwn(`${insight.title}: ${first}`), blocks, "see the HTML report in this thread");
}
