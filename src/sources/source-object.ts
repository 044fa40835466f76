/**
 * A flow log object found by a source (a local file or an S3 object): what the ledger needs to decide
 * whether it is new, changed or already loaded, and what its key says about it.
 */
import type { KeyInfo } from "./key-layout.js";

export interface SourceObject {
  /** Absolute local path, or s3://bucket/key. The ledger's identity for the object. */
  readonly uri: string;
  readonly size: number;
  /** What changes when the object's content changes: mtime for files, the ETag for S3 objects. */
  readonly fingerprint: string;
  readonly key: KeyInfo;
}
