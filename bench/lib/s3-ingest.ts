/**
 * `flowlens ingest` from a local S3 server (s3rver) holding a dataset's S3-layout objects under the same
 * keys, so the S3 path (listing, fetching) is timed against the same files as the local ingest.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { glob } from "tinyglobby";
import { startS3Server } from "../../test/helpers/s3-server.js";
import { flowlensIngest, type IngestStep } from "./steps.js";

export async function s3Ingest(many: string, day: string, db: string): Promise<IngestStep> {
  const server = await startS3Server();
  try {
    const keys = await glob("AWSLogs/**/*.log.gz", { cwd: many });
    for (const key of keys) await server.put("bench", key, readFileSync(resolve(many, key)));
    return await flowlensIngest(["s3://bench/", "--from", day], db, {
      env: {
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL_S3: server.endpoint,
      },
    });
  } finally {
    await server.close();
  }
}
