/**
 * Lists everything under one S3 prefix, following continuation tokens page by page, so no caller handles
 * paging. With a delimiter it returns the "subfolders" (common prefixes) instead of descending into them.
 * Any failure becomes a FlowlensError naming the prefix.
 */
import { type _Object, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { s3Failure } from "./s3-failure.js";

export interface ListPrefixRequest {
  readonly bucket: string;
  readonly prefix: string;
  /**
   * Group keys at this separator and return the groups as common prefixes.
   * @default none: every key below the prefix, at any depth
   */
  readonly delimiter?: string;
  /**
   * Keys asked for per ListObjectsV2 page; S3 never returns more than 1000.
   * @default 1000
   */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

export interface PrefixListing {
  readonly objects: readonly _Object[];
  readonly commonPrefixes: readonly string[];
}

/** @throws FlowlensError FLOWLENS_S3_FAILED `cannot list s3://bucket/prefix: …` */
export async function listPrefix(client: S3Client, request: ListPrefixRequest): Promise<PrefixListing> {
  const { bucket, prefix, delimiter, pageSize = 1000, signal } = request;
  const objects: _Object[] = [];
  const commonPrefixes: string[] = [];
  let continuationToken: string | undefined;
  do {
    signal?.throwIfAborted();
    const command = new ListObjectsV2Command({
      Bucket: bucket,
      Prefix: prefix,
      MaxKeys: pageSize,
      ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
      ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
    });
    const page = await client.send(command, { abortSignal: signal }).catch((error: unknown) => {
      throw s3Failure(error, "list", `s3://${bucket}/${prefix}`, signal);
    });
    objects.push(...(page.Contents ?? []));
    for (const common of page.CommonPrefixes ?? []) {
      if (common.Prefix !== undefined) commonPrefixes.push(common.Prefix);
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
  return { objects, commonPrefixes };
}
