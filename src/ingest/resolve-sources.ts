/**
 * Turns the command line's sources into objects and a fetcher: local paths are expanded on disk, s3://
 * locations are listed by date prefix and downloaded to a staging directory as they are loaded. Each
 * object appears once, however many arguments name it.
 */
import type { AwsNetworkSettings } from "../aws/aws-network.js";
import { FlowlensError } from "../errors.js";
import { findLocalObjects } from "../sources/files/list-local-objects.js";
import { LocalFileFetcher, type ObjectFetcher } from "../sources/object-fetcher.js";
import type { SourceObject } from "../sources/source-object.js";
import { yesterdayUtc } from "../utc-day.js";
import type { IngestFailure } from "./ingest-run.js";

export interface ResolveOptions {
  /** S3 only: first day to list. @default yesterday (UTC) */
  readonly from?: string;
  /** S3 only: last day to list, inclusive. @default from */
  readonly to?: string;
  /** S3 only: accounts to list. @default every account under AWSLogs/ */
  readonly accounts?: readonly string[];
  /** S3 only: regions to list. @default every region found */
  readonly regions?: readonly string[];
  readonly s3: { region?: string; endpointUrl?: string; forcePathStyle?: boolean; concurrency: number };
  /** Timeouts and attempts of the S3 calls (the config's `aws` section). @default DEFAULT_AWS_NETWORK */
  readonly network?: AwsNetworkSettings;
}

export interface ResolvedSources {
  readonly objects: SourceObject[];
  readonly fetcher: ObjectFetcher;
  /** Local directories and links that could not be read: the run counts them as failed and names them. */
  readonly unreadable: readonly IngestFailure[];
  /** Removes staged files and releases the S3 client. */
  close(): Promise<void>;
}

function unique(objects: readonly SourceObject[]): SourceObject[] {
  return [...new Map(objects.map((o) => [o.uri, o])).values()];
}

export async function resolveSources(
  args: readonly string[],
  options: ResolveOptions,
): Promise<ResolvedSources> {
  const s3Args = args.filter((a) => a.startsWith("s3://"));
  const localArgs = args.filter((a) => !a.startsWith("s3://"));
  if (s3Args.length === 0) {
    const s3Only = [
      options.from && "--from",
      options.to && "--to",
      options.accounts && "--account",
      options.regions && "--region",
    ];
    const given = s3Only.filter(Boolean);
    if (given.length > 0) {
      throw new FlowlensError(
        "FLOWLENS_USAGE",
        `${given.join(", ")} select S3 day folders, and no s3:// source was given`,
        {
          hint: "local paths are read whole; name the files or folders of the days you want",
        },
      );
    }
  }
  const listing = localArgs.length > 0 ? await findLocalObjects(localArgs) : undefined;
  const local = listing?.objects ?? [];
  const unreadable = (listing?.unreadable ?? []).map(({ path, error }) => ({ uri: path, error }));
  if (s3Args.length === 0) {
    const fetcher = new LocalFileFetcher();
    return { objects: local, fetcher, unreadable, close: () => fetcher.cleanup() };
  }
  const from = options.from ?? yesterdayUtc();
  const to = options.to ?? from;
  // The AWS SDK is loaded only when an s3:// source is given: it costs a noticeable part of startup.
  const [{ createS3Client }, { listFlowLogObjects }, { parseS3Uri }, { S3StagingFetcher }] =
    await Promise.all([
      import("../sources/s3/s3-client.js"),
      import("../sources/s3/list-flow-log-objects.js"),
      import("../sources/s3/parse-s3-uri.js"),
      import("../sources/s3/s3-staging-fetcher.js"),
    ]);
  const client = createS3Client({ ...options.s3, network: options.network });
  try {
    const listed: SourceObject[] = [];
    for (const uri of s3Args) {
      const { bucket, prefix } = parseS3Uri(uri);
      listed.push(
        ...(await listFlowLogObjects(client, {
          bucket,
          prefix,
          from,
          to,
          accounts: options.accounts,
          regions: options.regions,
        })),
      );
    }
    const fetcher = new S3StagingFetcher(client, options.s3.concurrency);
    return {
      objects: unique([...local, ...listed]),
      fetcher,
      unreadable,
      close: async () => {
        await fetcher.cleanup();
        client.destroy();
      },
    };
  } catch (error) {
    client.destroy();
    throw error;
  }
}
