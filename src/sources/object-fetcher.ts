/**
 * How the ingest pipeline gets an object's bytes onto this machine: local files are read where they are;
 * remote objects (S3) are downloaded to a staging file that is released after its batch commits.
 */
import type { SourceObject } from "./source-object.js";

export interface FetchedObject {
  readonly localPath: string;
  /** Removes the staged copy, if there is one. */
  release(): Promise<void>;
}

export interface ObjectFetcher {
  /** How many objects to fetch at once. */
  readonly concurrency: number;
  fetch(object: SourceObject): Promise<FetchedObject>;
}

/** Local files need no fetching. */
export const localFileFetcher: ObjectFetcher = {
  concurrency: 8,
  fetch: async (object) => ({ localPath: object.uri, release: async () => undefined }),
};
