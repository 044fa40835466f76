/**
 * Turns the command line's sources into objects and a fetcher: local paths are expanded on disk, s3://
 * locations are listed by date prefix and downloaded to a staging directory as they are loaded.
 */
import { listLocalObjects } from "../sources/files/list-local-objects.js";
import { localFileFetcher, type ObjectFetcher } from "../sources/object-fetcher.js";
import type { SourceObject } from "../sources/source-object.js";
import { yesterdayUtc } from "../utc-day.js";

export interface ResolveOptions {
  readonly from?: string;
  readonly to?: string;
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
  readonly s3: { region?: string; endpointUrl?: string; forcePathStyle?: boolean; concurrency: number };
}

export interface ResolvedSources {
  readonly objects: SourceObject[];
  readonly fetcher: ObjectFetcher;
  close(): Promise<void>;
}

export async function resolveSources(
  args: readonly string[],
  options: ResolveOptions,
): Promise<ResolvedSources> {
  const s3Args = args.filter((a) => a.startsWith("s3://"));
  const localArgs = args.filter((a) => !a.startsWith("s3://"));
  const objects = localArgs.length > 0 ? await listLocalObjects(localArgs) : [];
  if (s3Args.length === 0) {
    return { objects, fetcher: localFileFetcher, close: async () => undefined };
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
  const client = createS3Client(options.s3);
  for (const uri of s3Args) {
    const { bucket, prefix } = parseS3Uri(uri);
    objects.push(
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
    objects,
    fetcher,
    close: async () => {
      await fetcher.cleanup();
      client.destroy();
    },
  };
}
