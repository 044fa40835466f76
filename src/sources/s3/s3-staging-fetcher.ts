/**
 * Fetches S3 objects for the ingest pipeline by downloading each to a private staging directory; the
 * staged file is deleted once its batch has committed, so disk use stays at about two chunks. Non-S3
 * URIs (local files given on the same command line) are read where they are.
 */
import { rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { type FetchedObject, LocalFileFetcher, type ObjectFetcher } from "../object-fetcher.js";
import type { SourceObject } from "../source-object.js";
import { makeStagingDir, plainFileName } from "../staging-dir.js";
import { downloadObject } from "./download-object.js";

export class S3StagingFetcher implements ObjectFetcher {
  private readonly dir = makeStagingDir();
  private readonly local = new LocalFileFetcher();
  private staged = 0;

  constructor(
    private readonly client: S3Client,
    readonly concurrency: number,
  ) {}

  async fetch(object: SourceObject): Promise<FetchedObject> {
    if (!object.uri.startsWith("s3://")) return this.local.fetch(object);
    // The name keeps the object's extension; the counter keeps same-named keys apart.
    const localPath = join(this.dir, `${++this.staged}-${plainFileName(basename(object.uri))}`);
    await downloadObject(this.client, object.uri, localPath);
    return { localPath, release: () => rm(localPath, { force: true }) };
  }

  /** Removes the staging directory and anything left in it. */
  async cleanup(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    await this.local.cleanup();
  }
}
