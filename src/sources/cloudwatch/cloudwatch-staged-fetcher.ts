/**
 * Fetches cloudwatch:// hours for the ingest pipeline: they were pulled into staging files when they were
 * listed (their fingerprint needs their events), so fetching hands over the staged file, and releasing it
 * after its batch commits deletes it. Other objects (S3, local files given on the same command line) go to
 * the fetcher for their kind.
 */
import { rm } from "node:fs/promises";
import type { FetchedObject, ObjectFetcher } from "../object-fetcher.js";
import type { SourceObject } from "../source-object.js";
import type { PulledLogGroups } from "./pull-log-groups.js";

export class CloudWatchStagedFetcher implements ObjectFetcher {
  readonly concurrency: number;

  constructor(
    private readonly pulled: PulledLogGroups,
    private readonly others: ObjectFetcher,
  ) {
    this.concurrency = others.concurrency;
  }

  async fetch(object: SourceObject): Promise<FetchedObject> {
    const localPath = this.pulled.staged.get(object.uri);
    if (localPath === undefined) return this.others.fetch(object);
    return { localPath, release: () => rm(localPath, { force: true }) };
  }

  /** Removes the staged hours (skipped ones included) and whatever the other fetcher staged. */
  async cleanup(): Promise<void> {
    this.pulled.cleanup();
    await this.others.cleanup();
  }
}
