/**
 * How the ingest pipeline gets an object's bytes onto this machine: local files are read where they are;
 * remote objects (S3) are downloaded to a staging file that is released after its batch commits.
 */
import { rmSync, symlinkSync } from "node:fs";
import { basename, join } from "node:path";
import type { SourceObject } from "./source-object.js";
import { makeStagingDir, plainFileName } from "./staging-dir.js";

export interface FetchedObject {
  /** A path DuckDB can read literally (no glob characters). */
  readonly localPath: string;
  /** Removes the staged copy, if there is one. */
  release(): Promise<void>;
}

export interface ObjectFetcher {
  /** How many objects to fetch at once. */
  readonly concurrency: number;
  fetch(object: SourceObject): Promise<FetchedObject>;
  /** Removes whatever the fetcher staged. */
  cleanup(): Promise<void>;
}

const nothingToRelease = async () => undefined;

/**
 * Local files are read in place. A path with characters DuckDB would read as a glob (`x[1].log`) is
 * linked under a plain name first, so it cannot match other files.
 */
export class LocalFileFetcher implements ObjectFetcher {
  readonly concurrency = 8;
  private dir: string | undefined;
  private linked = 0;

  async fetch(object: SourceObject): Promise<FetchedObject> {
    if (plainFileName(object.uri) === object.uri) return { localPath: object.uri, release: nothingToRelease };
    this.dir ??= makeStagingDir();
    const localPath = join(this.dir, `${++this.linked}-${plainFileName(basename(object.uri))}`);
    symlinkSync(object.uri, localPath);
    return { localPath, release: async () => rmSync(localPath, { force: true }) };
  }

  async cleanup(): Promise<void> {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
