/**
 * Finds the flow log folders under a prefix — one per key layout, account and region — with a few cheap
 * delimiter listings, so that the day listings after it touch only folders that exist:
 *   {prefix}AWSLogs/                                              → {account}/ (default), aws-account-id={account}/ (Hive)
 *   {prefix}AWSLogs/{account}/vpcflowlogs/                        → {region}/
 *   {prefix}AWSLogs/aws-account-id={account}/aws-service=vpcflowlogs/ → aws-region={region}/
 * Regions the caller names are used as given, not discovered. Accounts the caller names are not
 * discovered either, but the AWSLogs/ listing still tells which layout(s) each of them is written in.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { FlowlensError } from "../../errors.js";
import type { KeyInfo } from "../key-layout.js";
import { listPrefix } from "./list-prefix.js";

export type KeyLayoutName = NonNullable<KeyInfo["layout"]>;

/** One account's flow logs for one region, in one key layout. */
export interface LogFolder {
  readonly layout: KeyLayoutName;
  readonly accountId: string;
  readonly region: string;
}

export interface DiscoverLogFoldersOptions {
  readonly bucket: string;
  /** The part of the keys before `AWSLogs/`: `''` or ending in `/`. */
  readonly prefix: string;
  /** @default every account found under AWSLogs/ */
  readonly accounts?: readonly string[];
  /** @default every region found under each account */
  readonly regions?: readonly string[];
  /** @default 1000 */
  readonly pageSize?: number;
  /** Region listings in flight at once. @default 8 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

const ACCOUNT_FOLDER: Record<KeyLayoutName, RegExp> = {
  default: /^(\d{12})\/$/,
  hive: /^aws-account-id=(\d{12})\/$/,
};
const REGION_FOLDER: Record<KeyLayoutName, RegExp> = {
  default: /^([a-z0-9-]+)\/$/,
  hive: /^aws-region=([a-z0-9-]+)\/$/,
};

/**
 * @throws FlowlensError FLOWLENS_SOURCE_NOT_FOUND when AWSLogs/ holds no account folders, or none of the
 *   requested accounts; FLOWLENS_S3_FAILED when a listing fails
 */
export async function discoverLogFolders(
  client: S3Client,
  options: DiscoverLogFoldersOptions,
): Promise<LogFolder[]> {
  const { bucket, prefix, accounts, regions, pageSize, concurrency = 8, signal } = options;
  const root = `${prefix}AWSLogs/`;
  const found = await listPrefix(client, { bucket, prefix: root, delimiter: "/", pageSize, signal });
  const accountFolders = found.commonPrefixes.flatMap((folder) => accountFolderOf(folder.slice(root.length)));
  if (accountFolders.length === 0) {
    throw new FlowlensError(
      "FLOWLENS_SOURCE_NOT_FOUND",
      `no flow logs under s3://${bucket}/${root}: expected account folders such as ${root}123456789012/ or ${root}aws-account-id=123456789012/`,
      {
        hint: "check the prefix: it is the part of the flow log's S3 destination that comes before AWSLogs/",
      },
    );
  }
  const wanted =
    accounts === undefined ? accountFolders : accountFolders.filter((f) => accounts.includes(f.accountId));
  if (wanted.length === 0) {
    const present = [...new Set(accountFolders.map((f) => f.accountId))].sort().join(", ");
    throw new FlowlensError(
      "FLOWLENS_SOURCE_NOT_FOUND",
      `no flow logs for ${accounts?.length === 1 ? "account" : "accounts"} ${accounts?.join(", ")} under s3://${bucket}/${root}: found ${present}`,
      { hint: "check the account ids, or leave them out to read every account" },
    );
  }
  if (regions !== undefined) {
    return wanted.flatMap(({ layout, accountId }) =>
      regions.map((region) => ({ layout, accountId, region })),
    );
  }
  const limit = pLimit(concurrency);
  const perAccount = await limit.map(wanted, async ({ layout, accountId }) => {
    const serviceFolder =
      layout === "default"
        ? `${root}${accountId}/vpcflowlogs/`
        : `${root}aws-account-id=${accountId}/aws-service=vpcflowlogs/`;
    const listing = await listPrefix(client, {
      bucket,
      prefix: serviceFolder,
      delimiter: "/",
      pageSize,
      signal,
    });
    return listing.commonPrefixes.flatMap((folder) => {
      const region = REGION_FOLDER[layout].exec(folder.slice(serviceFolder.length))?.[1];
      return region === undefined ? [] : [{ layout, accountId, region }];
    });
  });
  return perAccount.flat();
}

function accountFolderOf(folder: string): { layout: KeyLayoutName; accountId: string }[] {
  for (const layout of ["default", "hive"] as const) {
    const accountId = ACCOUNT_FOLDER[layout].exec(folder)?.[1];
    if (accountId !== undefined) return [{ layout, accountId }];
  }
  return [];
}
