import { describe, expect, it } from "vitest";
import { resolveSources } from "../../src/ingest/resolve-sources.js";
import { failureOf } from "../helpers/flowlens-failure.js";
import { tempDir } from "../helpers/temp-dir.js";
import { emptyAwsEnvironment } from "../secrets/secrets-manager-environment.js";

const S3 = { concurrency: 1 };

describe("the flags that choose among remote objects", () => {
  it("refuses --from and --region when no s3:// or cloudwatch:// source is given", async () => {
    const error = await failureOf(
      resolveSources([tempDir()], { from: "2025-11-20", regions: ["us-east-1"], s3: S3 }),
    );
    expect(error.code).toBe("FLOWLENS_USAGE");
    expect(error.sentence).toBe(
      "--from, --region select the days or regions of s3:// and cloudwatch:// sources, and none was given — local paths are read whole; name the files or folders of the days you want",
    );
  });

  it("refuses --account for a cloudwatch:// source: its account is the credentials'", async () => {
    const error = await failureOf(resolveSources(["cloudwatch://g"], { accounts: ["111111111111"], s3: S3 }));
    expect(error.sentence).toBe(
      "--account selects S3 accounts, and no s3:// source was given — a cloudwatch:// log group is read with the account of the AWS credentials; leave --account out",
    );
  });

  it("says so when no region is given or configured for a cloudwatch:// source", async () => {
    emptyAwsEnvironment();
    const error = await failureOf(resolveSources(["cloudwatch://g"], { from: "2025-11-20", s3: S3 }));
    expect(error.code).toBe("FLOWLENS_USAGE");
    expect(error.sentence).toBe(
      "no AWS region is configured to read CloudWatch Logs in — pass --region us-east-1, set AWS_REGION, or set region in the profile",
    );
  });

  it("refuses a --region that is not an AWS region's name for a cloudwatch:// source", async () => {
    const error = await failureOf(
      resolveSources(["cloudwatch://g"], { from: "2025-11-20", regions: ["us east 1"], s3: S3 }),
    );
    expect(error.code).toBe("FLOWLENS_USAGE");
    expect(error.sentence).toBe(
      '--region "us east 1" is not an AWS region: expected e.g. us-east-1 — give the region the log group is in; repeat --region for several',
    );
  });
});
