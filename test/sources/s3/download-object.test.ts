import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it, onTestFinished } from "vitest";
import { downloadObject } from "../../../src/sources/s3/download-object.js";
import { startS3Server } from "../../helpers/s3-server.js";
import { tempDir } from "../../helpers/temp-dir.js";

const BUCKET = "flow-logs";
const KEY = "AWSLogs/111111111111/vpcflowlogs/us-east-1/2024/03/01/object.log.gz";

async function s3() {
  const server = await startS3Server();
  onTestFinished(() => server.close());
  return server;
}

describe("downloadObject", () => {
  it("writes the object's exact bytes and returns their count", async () => {
    const server = await s3();
    const body = randomBytes(3 * 1024 * 1024 + 17);
    await server.put(BUCKET, KEY, body);
    const dest = join(tempDir(), "object.log.gz");

    const bytes = await downloadObject(server.client, `s3://${BUCKET}/${KEY}`, dest);

    expect(bytes).toBe(body.length);
    expect(readFileSync(dest).equals(body)).toBe(true);
  });

  it("replaces a file already at the destination", async () => {
    const server = await s3();
    await server.put(BUCKET, KEY, "new");
    const dest = join(tempDir(), "object.log.gz");
    writeFileSync(dest, "older and longer content");

    await downloadObject(server.client, `s3://${BUCKET}/${KEY}`, dest);

    expect(readFileSync(dest, "utf8")).toBe("new");
  });

  it("names the key when the object does not exist, and leaves no file", async () => {
    const server = await s3();
    await server.put(BUCKET, "AWSLogs/other.log.gz", "x");
    const dest = join(tempDir(), "missing.log.gz");

    const download = downloadObject(server.client, `s3://${BUCKET}/AWSLogs/gone.log.gz`, dest);

    await expect(download).rejects.toMatchObject({
      code: "FLOWLENS_S3_FAILED",
      sentence:
        "cannot read s3://flow-logs/AWSLogs/gone.log.gz: NoSuchKey (The specified key does not exist.) — check the key; an object listed earlier may have been deleted or renamed since",
    });
    expect(existsSync(dest)).toBe(false);
  });

  it("fails and removes the file when fewer bytes arrive than S3 announced", async () => {
    const truncated = {
      send: async () => ({ ContentLength: 10, Body: Readable.from([Buffer.from("only6b")]) }),
    } as unknown as S3Client;
    const dest = join(tempDir(), "short.log.gz");

    const download = downloadObject(truncated, `s3://${BUCKET}/${KEY}`, dest);

    await expect(download).rejects.toMatchObject({
      code: "FLOWLENS_S3_FAILED",
      sentence: `cannot read s3://${BUCKET}/${KEY}: received 6 of 10 bytes — the connection dropped or the object changed during the download; run again`,
    });
    expect(existsSync(dest)).toBe(false);
  });

  it("names the destination when the local file cannot be written", async () => {
    const server = await s3();
    await server.put(BUCKET, KEY, "x");
    const dest = join(tempDir(), "no-such-folder", "object.log.gz");

    const download = downloadObject(server.client, `s3://${BUCKET}/${KEY}`, dest);

    await expect(download).rejects.toMatchObject({
      code: "FLOWLENS_S3_FAILED",
      sentence: `cannot write s3://${BUCKET}/${KEY} to ${dest}: ENOENT: no such file or directory, open '${dest}' — check that the folder exists, is writable and has free space`,
    });
  });

  it("rejects a URI that names no object", async () => {
    const server = await s3();

    const download = downloadObject(server.client, `s3://${BUCKET}/`, join(tempDir(), "x"));

    await expect(download).rejects.toMatchObject({
      code: "FLOWLENS_USAGE",
      message: `"s3://${BUCKET}/" does not name an S3 object: expected s3://bucket/key`,
    });
  });
});
