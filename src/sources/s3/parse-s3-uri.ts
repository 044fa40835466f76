/**
 * Reads an S3 location as a user writes it (`s3://bucket/prefix/`) into a bucket name and a key prefix,
 * normalised so that every S3 call built from it lists exactly the folder the user meant.
 */
import { FlowlensError } from "../../errors.js";
import { isFlowLogName } from "../flow-log-name.js";

export interface S3Location {
  readonly bucket: string;
  /**
   * `''` for the whole bucket, a prefix ending in `/`, or — when the URI names one flow log object
   * (`….log.gz`, `….log`, `….parquet`) — that object's full key.
   */
  readonly prefix: string;
}

const S3_URI = /^s3:\/\/([^/]*)(?:\/(.*))?$/is;
// Loose on purpose: buckets created before 2018 in us-east-1 may use capitals and underscores.
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;

/**
 * @example parseS3Uri("s3://my-logs/vpc") // { bucket: "my-logs", prefix: "vpc/" }
 * @throws FlowlensError FLOWLENS_USAGE when the text is not an s3:// URI with a valid bucket name
 */
export function parseS3Uri(uri: string): S3Location {
  const match = S3_URI.exec(uri);
  if (!match) {
    throw new FlowlensError("FLOWLENS_USAGE", `"${uri}" is not an S3 URI: expected s3://bucket/prefix/`, {
      hint: "write the location as s3://bucket/ or s3://bucket/prefix/",
    });
  }
  const bucket = match[1] ?? "";
  if (bucket === "") {
    throw new FlowlensError("FLOWLENS_USAGE", `"${uri}" names no bucket: expected s3://bucket/prefix/`, {
      hint: "put the bucket name right after s3://",
    });
  }
  if (!BUCKET_NAME.test(bucket)) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `"${bucket}" in "${uri}" is not a bucket name: expected 3–63 letters, digits, dots and hyphens`,
      { hint: "copy the bucket name from the flow log's destination (arn:aws:s3:::bucket/prefix)" },
    );
  }
  const path = match[2] ?? "";
  const prefix = path === "" || path.endsWith("/") || isFlowLogName(path) ? path : `${path}/`;
  return { bucket, prefix };
}
