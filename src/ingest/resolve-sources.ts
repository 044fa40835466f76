/**
 * Turns the command line's sources into objects and a fetcher: local paths are expanded on disk, s3://
 * locations are listed by date prefix and downloaded to a staging directory as they are loaded, and
 * cloudwatch:// log groups are pulled hour by hour into a staging directory (the pull is their listing).
 * Each object appears once, however many arguments name it.
 */
import type { AwsNetworkSettings } from "../aws/aws-network.js";
import { FlowlensError } from "../errors.js";
import { isCloudWatchUri, parseCloudWatchUri } from "../sources/cloudwatch/cloudwatch-uri.js";
import { findLocalObjects } from "../sources/files/list-local-objects.js";
import { LocalFileFetcher, type ObjectFetcher } from "../sources/object-fetcher.js";
import type { SourceObject } from "../sources/source-object.js";
import { yesterdayUtc } from "../utc-day.js";
import type { IngestFailure } from "./ingest-run.js";

export interface ResolveOptions {
  /** S3 and CloudWatch Logs: first day to read. @default yesterday (UTC) */
  readonly from?: string;
  /** S3 and CloudWatch Logs: last day to read, inclusive. @default from */
  readonly to?: string;
  /** S3 only: accounts to list. @default every account under AWSLogs/ */
  readonly accounts?: readonly string[];
  /**
   * S3: regions to list (@default every region found); CloudWatch Logs: regions to read each log group in
   * (@default the configured region).
   */
  readonly regions?: readonly string[];
  readonly s3: { region?: string; endpointUrl?: string; forcePathStyle?: boolean; concurrency: number };
  /** CloudWatch Logs only. @default AWS_ENDPOINT_URL_CLOUDWATCH_LOGS or AWS_ENDPOINT_URL, else AWS's endpoint */
  readonly cloudwatch?: { readonly endpointUrl?: string };
  /** The AWS profile of the S3 and CloudWatch Logs clients. @default AWS_PROFILE, then the standard chain */
  readonly profile?: string;
  /** Timeouts and attempts of the AWS calls (the config's `aws` section). @default DEFAULT_AWS_NETWORK */
  readonly network?: AwsNetworkSettings;
  /** CloudWatch Logs: hours that begin after this time are not read (they hold no events yet). @default now */
  readonly now?: Date;
}

export interface ResolvedSources {
  readonly objects: SourceObject[];
  readonly fetcher: ObjectFetcher;
  /** Local directories and links that could not be read: the run counts them as failed and names them. */
  readonly unreadable: readonly IngestFailure[];
  /** Removes staged files and releases the AWS clients. */
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
  const cloudWatchArgs = args.filter(isCloudWatchUri);
  const localArgs = args.filter((a) => !a.startsWith("s3://") && !isCloudWatchUri(a));
  refuseFlagsWithoutSources(options, s3Args.length > 0, cloudWatchArgs.length > 0);
  // cloudwatch:// arguments are checked before anything is read.
  const logGroups = cloudWatchArgs.map(parseCloudWatchUri);
  const listing = localArgs.length > 0 ? await findLocalObjects(localArgs) : undefined;
  const local = listing?.objects ?? [];
  const unreadable = (listing?.unreadable ?? []).map(({ path, error }) => ({ uri: path, error }));
  const from = options.from ?? yesterdayUtc();
  const to = options.to ?? from;
  const remote = s3Args.length > 0 ? await listS3(s3Args, { ...options, from, to }) : undefined;
  let fetcher: ObjectFetcher = remote?.fetcher ?? new LocalFileFetcher();
  const found = [...local, ...(remote?.objects ?? [])];
  if (logGroups.length > 0) {
    try {
      // The AWS SDK is loaded only when an AWS source is given: it costs a noticeable part of startup.
      const [{ pullLogGroups }, { CloudWatchStagedFetcher }] = await Promise.all([
        import("../sources/cloudwatch/pull-log-groups.js"),
        import("../sources/cloudwatch/cloudwatch-staged-fetcher.js"),
      ]);
      const pulled = await pullLogGroups(logGroups, {
        from,
        to,
        regions: options.regions,
        now: options.now,
        client: { ...options.cloudwatch, profile: options.profile, network: options.network },
      });
      found.push(...pulled.objects);
      fetcher = new CloudWatchStagedFetcher(pulled, fetcher);
    } catch (error) {
      await fetcher.cleanup();
      remote?.destroy();
      throw error;
    }
  }
  const used = fetcher;
  return {
    objects: unique(found),
    fetcher: used,
    unreadable,
    close: async () => {
      await used.cleanup();
      remote?.destroy();
    },
  };
}

/** --from, --to, --region and --account choose among the objects of remote sources only. */
function refuseFlagsWithoutSources(options: ResolveOptions, s3: boolean, cloudWatch: boolean): void {
  if (options.accounts && !s3) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      "--account selects S3 accounts, and no s3:// source was given",
      {
        hint: cloudWatch
          ? "a cloudwatch:// log group is read with the account of the AWS credentials; leave --account out"
          : "local paths are read whole; name the files or folders of the accounts you want",
      },
    );
  }
  if (s3 || cloudWatch) return;
  const given = [options.from && "--from", options.to && "--to", options.regions && "--region"].filter(
    Boolean,
  );
  if (given.length > 0) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `${given.join(", ")} ${given.length === 1 ? "selects" : "select"} the days or regions of s3:// and cloudwatch:// sources, and none was given`,
      { hint: "local paths are read whole; name the files or folders of the days you want" },
    );
  }
}

/** The objects of the s3:// arguments, and the fetcher that downloads them (and reads local files). */
async function listS3(
  s3Args: readonly string[],
  options: ResolveOptions & { from: string; to: string },
): Promise<{ objects: SourceObject[]; fetcher: ObjectFetcher; destroy(): void }> {
  // The AWS SDK is loaded only when an s3:// source is given: it costs a noticeable part of startup.
  const [{ createS3Client }, { listFlowLogObjects }, { parseS3Uri }, { S3StagingFetcher }] =
    await Promise.all([
      import("../sources/s3/s3-client.js"),
      import("../sources/s3/list-flow-log-objects.js"),
      import("../sources/s3/parse-s3-uri.js"),
      import("../sources/s3/s3-staging-fetcher.js"),
    ]);
  const client = createS3Client({ ...options.s3, profile: options.profile, network: options.network });
  try {
    const listed: SourceObject[] = [];
    for (const uri of s3Args) {
      const { bucket, prefix } = parseS3Uri(uri);
      listed.push(
        ...(await listFlowLogObjects(client, {
          bucket,
          prefix,
          from: options.from,
          to: options.to,
          accounts: options.accounts,
          regions: options.regions,
        })),
      );
    }
    const fetcher = new S3StagingFetcher(client, options.s3.concurrency);
    return { objects: listed, fetcher, destroy: () => client.destroy() };
  } catch (error) {
    client.destroy();
    throw error;
  }
}
