/**
 * The check of a text object's bytes (sources/scan-text-object.ts), running in the background while earlier
 * objects load. A gzip object's check writes the bytes it inflated to a file in the ingest's staging
 * directory, and DuckDB reads that file instead of inflating the object again (each byte is inflated once);
 * the object's batch loads once its checks have passed. A truncated or corrupt stream fails the object;
 * text that is not strict (records/check-record-bytes.ts) keeps the batch off the fast path, which reads
 * whole numbers as DuckDB types them, and the object is loaded on the careful path.
 */
import { rm } from "node:fs/promises";
import type { LimitFunction } from "p-limit";
import { messageOf } from "../errors.js";
import type { RecordBytesLayout } from "../records/check-record-bytes.js";
import { scanTextObject } from "../sources/scan-text-object.js";

/** The start of the error that keeps a batch holding an object whose text is not strict off the fast path. */
const NOT_STRICT = "flowlens must read this object line by line: ";

/** What the check found; `copied` says the inflated copy holds the whole object. */
type Verdict = { unreadable?: string; notStrict?: string; copied?: boolean };

export class ContentCheck {
  /** Set once the verdict has arrived. */
  verdict: Verdict | undefined;
  private readonly done: Promise<Verdict>;

  private constructor(
    done: Promise<Verdict>,
    private readonly localPath: string,
    /** Where the check writes a gzip object's inflated bytes. */
    private readonly copyPath?: string,
  ) {
    this.done = done.then((verdict) => {
      this.verdict = verdict;
      return verdict;
    });
  }

  /**
   * Starts checking `localPath` under `limit`. With `inflateTo`, a gzip object's inflated bytes are
   * written to that file for DuckDB to read.
   */
  static start(
    limit: LimitFunction,
    localPath: string,
    uri: string,
    layout: RecordBytesLayout & { readonly gzip: boolean },
    inflateTo?: string,
  ): ContentCheck {
    const verdict = limit(() => scanTextObject(localPath, uri, layout, { inflateTo })).then(
      (v): Verdict => ({ ...(v.strict ? {} : { notStrict: v.reason }), ...(v.copied && { copied: true }) }),
      (error: unknown): Verdict => ({ unreadable: messageOf(error) }),
    );
    return new ContentCheck(verdict, localPath, inflateTo);
  }

  /** For what needs no check: Parquet (typed by its writer), and the records the careful path wrote. */
  static none(): ContentCheck {
    return new ContentCheck(Promise.resolve({}), "");
  }

  /** The inflated copy DuckDB may read instead of the object, once the verdict has arrived and if it was written whole. */
  get inflatedPath(): string | undefined {
    return this.verdict?.copied ? this.copyPath : undefined;
  }

  /** Waits for the verdict. */
  settled(): Promise<Verdict> {
    return this.done;
  }

  /** Waits for the verdict; throws unless the object may load on the fast path. */
  async passed(): Promise<void> {
    const { unreadable, notStrict } = await this.done;
    if (unreadable) throw new Error(unreadable);
    if (notStrict) throw new Error(`${NOT_STRICT}${this.localPath}: ${notStrict}`);
  }

  /** Removes the inflated copy, once the check has finished with it. */
  async discard(): Promise<void> {
    await this.done;
    if (this.copyPath) await rm(this.copyPath, { force: true });
  }
}
