import { describe, expect, it } from "vitest";
import { FlowlensError } from "../../../src/errors.js";
import { parseS3Uri } from "../../../src/sources/s3/parse-s3-uri.js";

function usageError(uri: string): FlowlensError {
  try {
    parseS3Uri(uri);
  } catch (error) {
    if (error instanceof FlowlensError) return error;
    throw error;
  }
  throw new Error(`parseS3Uri accepted ${uri}`);
}

describe("parseS3Uri", () => {
  it("reads a bucket alone as the whole bucket", () => {
    expect(parseS3Uri("s3://my-logs")).toEqual({ bucket: "my-logs", prefix: "" });
    expect(parseS3Uri("s3://my-logs/")).toEqual({ bucket: "my-logs", prefix: "" });
  });

  it("keeps a prefix that ends in a slash", () => {
    expect(parseS3Uri("s3://my-logs/vpc/prod/")).toEqual({ bucket: "my-logs", prefix: "vpc/prod/" });
  });

  it("adds the missing trailing slash to a prefix", () => {
    expect(parseS3Uri("s3://my-logs/vpc/prod")).toEqual({ bucket: "my-logs", prefix: "vpc/prod/" });
  });

  it("keeps the full key of one flow log object", () => {
    const key = "AWSLogs/111111111111/vpcflowlogs/us-east-1/2024/03/01/x_20240301T0000Z_ab.log.gz";
    expect(parseS3Uri(`s3://my-logs/${key}`)).toEqual({ bucket: "my-logs", prefix: key });
    expect(parseS3Uri("s3://my-logs/a/b.parquet").prefix).toBe("a/b.parquet");
  });

  it("accepts legacy bucket names with capitals, dots and underscores", () => {
    expect(parseS3Uri("s3://Old_Bucket.logs/x/").bucket).toBe("Old_Bucket.logs");
  });

  it("rejects a location that is not an s3:// URI", () => {
    const error = usageError("https://my-logs.s3.amazonaws.com/vpc/");
    expect(error.code).toBe("FLOWLENS_USAGE");
    expect(error.sentence).toBe(
      '"https://my-logs.s3.amazonaws.com/vpc/" is not an S3 URI: expected s3://bucket/prefix/ — write the location as s3://bucket/ or s3://bucket/prefix/',
    );
  });

  it("rejects a URI without a bucket", () => {
    expect(usageError("s3:///vpc/").sentence).toBe(
      '"s3:///vpc/" names no bucket: expected s3://bucket/prefix/ — put the bucket name right after s3://',
    );
  });

  it("rejects a bucket name S3 would never accept", () => {
    const error = usageError("s3://my logs/vpc/");
    expect(error.code).toBe("FLOWLENS_USAGE");
    expect(error.sentence).toBe(
      '"my logs" in "s3://my logs/vpc/" is not a bucket name: expected 3–63 letters, digits, dots and hyphens — copy the bucket name from the flow log\'s destination (arn:aws:s3:::bucket/prefix)',
    );
    expect(usageError("s3://ab/").code).toBe("FLOWLENS_USAGE");
  });
});
