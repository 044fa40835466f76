/** `flowlens ip-ranges update|show`: load AWS's published IP ranges into the store, and show what it holds. */
import type { Command } from "commander";
import { ipRangesUrl } from "../enrich/aws-ip-ranges/download-ip-ranges.js";
import { type IpRangesSummary, readIpRangesSummary } from "../enrich/aws-ip-ranges/ip-ranges-summary.js";
import {
  fetchIpRanges,
  type IpRangesUpdate,
  loadIpRanges,
} from "../enrich/aws-ip-ranges/update-ip-ranges.js";
import { withEnrichmentTables } from "../enrich/enrichment-store.js";
import { FlowlensError } from "../errors.js";
import { type CliContext, withStore } from "./context.js";
import { formatCount, renderTable } from "./format-output.js";
import { action } from "./program.js";

interface UpdateFlags {
  readonly file?: string;
  readonly url?: string;
}

/** AWS publishes new ranges several times a week; older than this, `show` suggests an update. */
const STALE_AFTER_DAYS = 7;

export function registerIpRanges(program: Command, setExitCode: (code: number) => void): void {
  const ipRanges = program
    .command("ip-ranges")
    .description("Load AWS's published IP ranges (ip-ranges.json) into the store, or show the loaded set.");
  ipRanges
    .command("update")
    .description("Download ip-ranges.json (or read --file), cache it and load it into the store.")
    .option("--file <path>", "load this ip-ranges.json instead of downloading")
    .option("--url <url>", "download from this URL (env FLOWLENS_IP_RANGES_URL; default AWS's)")
    .action(action<UpdateFlags>(updateCommand, setExitCode));
  ipRanges
    .command("show")
    .description("Show the AWS IP ranges in the store: date, age and prefixes per service.")
    .action(action<object>(showCommand, setExitCode));
}

/** `2026-08-22T15:17:05Z` → `2026-08-22 15:17:05 UTC` */
function utc(iso: string): string {
  return `${iso.replace("T", " ").replace("Z", "")} UTC`;
}

export function describeUpdate(update: IpRangesUpdate): string {
  const status = !update.changed
    ? "unchanged: the store already held this set"
    : update.previousCreateDate
      ? `changed: the store held the set of ${utc(update.previousCreateDate)}`
      : "new: the store held no AWS IP ranges before";
  return [
    `Loaded AWS IP ranges of ${utc(update.createDate)} from ${update.source}: ${formatCount(update.ipv4Prefixes)} IPv4 and ${formatCount(update.ipv6Prefixes)} IPv6 prefixes, ${update.services} services (${status}).`,
    update.cachedAt ? `Cached at ${update.cachedAt}.` : `Not cached: ${update.cacheError}.`,
  ].join("\n");
}

async function updateCommand(ctx: CliContext, flags: UpdateFlags): Promise<number> {
  if (flags.file && flags.url) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `--file ${flags.file} and --url ${flags.url} exclude each other`,
      {
        hint: "give one: --file to load a local copy, --url to download",
      },
    );
  }
  const options = flags.file ? { file: flags.file } : { url: ipRangesUrl(flags.url) };
  const input = await fetchIpRanges(options);
  const update = await withStore(ctx, (store) =>
    withEnrichmentTables(store, (tables) => loadIpRanges(tables, input)),
  );
  ctx.out(ctx.json ? JSON.stringify(update, null, 2) : describeUpdate(update));
  return 0;
}

export function describeSummary(summary: IpRangesSummary): string {
  const stale =
    summary.ageDays > STALE_AFTER_DAYS
      ? " AWS updates them several times a week: run flowlens ip-ranges update."
      : "";
  return [
    `AWS IP ranges of ${utc(summary.createDate)} (${summary.ageDays} day(s) old), sync token ${summary.syncToken}, loaded ${utc(summary.loadedAt)} from ${summary.source}.${stale}`,
    `${formatCount(summary.ipv4Prefixes)} IPv4 and ${formatCount(summary.ipv6Prefixes)} IPv6 prefixes, ${summary.services} services.`,
    `Prefixes per service (top ${summary.topServices.length}):\n${renderTable(
      ["service", "ipv4", "ipv6", "total"],
      summary.topServices.map((row) => ({ ...row })),
    )}`,
  ].join("\n");
}

async function showCommand(ctx: CliContext): Promise<number> {
  const summary = await withStore(
    ctx,
    (store) => withEnrichmentTables(store, readIpRangesSummary, { readOnly: true }),
    { readOnly: true },
  );
  if (ctx.json) ctx.out(JSON.stringify(summary ? { loaded: true, ...summary } : { loaded: false }, null, 2));
  else if (summary) ctx.out(describeSummary(summary));
  else ctx.out("No AWS IP ranges in the store: run flowlens ip-ranges update (or --file ip-ranges.json).");
  return 0;
}
