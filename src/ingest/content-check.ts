/**
 * The check of a text object's bytes (sources/scan-text-object.ts), running in the background while earlier
 * batches load. Its verdict is awaited before the object's batch commits: a truncated or corrupt stream
 * fails the object; text that is not strict (records/check-record-bytes.ts) rolls the batch back, because
 * the fast path read its whole numbers as DuckDB types them, and the object is loaded again on the careful
 * path. Once the verdict has arrived, an object goes where it belongs without a try on the fast path.
 */
import type { LimitFunction } from "p-limit";
import { messageOf } from "../errors.js";
import type { RecordBytesLayout } from "../records/check-record-bytes.js";
import { scanTextObject } from "../sources/scan-text-object.js";

/** The start of the error that rolls back a batch holding an object whose text is not strict. */
const NOT_STRICT = "flowlens must read this object line by line: ";

type Verdict = { unreadable?: string; notStrict?: string };

export class ContentCheck {
  /** Set once the verdict has arrived. */
  verdict: Verdict | undefined;
  private readonly done: Promise<Verdict>;

  private constructor(
    done: Promise<Verdict>,
    private readonly localPath: string,
  ) {
    this.done = done.then((verdict) => {
      this.verdict = verdict;
      return verdict;
    });
  }

  /** Starts checking `localPath` under `limit`. */
  static start(
    limit: LimitFunction,
    localPath: string,
    uri: string,
    layout: RecordBytesLayout & { readonly gzip: boolean },
  ): ContentCheck {
    const verdict = limit(() => scanTextObject(localPath, uri, layout)).then(
      (v): Verdict => (v.strict ? {} : { notStrict: v.reason }),
      (error: unknown): Verdict => ({ unreadable: messageOf(error) }),
    );
    return new ContentCheck(verdict, localPath);
  }

  /** For what needs no check: Parquet (typed by its writer), and the records the careful path wrote. */
  static none(): ContentCheck {
    return new ContentCheck(Promise.resolve({}), "");
  }

  /** Waits for the verdict. */
  settled(): Promise<Verdict> {
    return this.done;
  }

  /** Waits for the verdict; throws unless the object may commit as the fast path loaded it. */
  async passed(): Promise<void> {
    const { unreadable, notStrict } = await this.done;
    if (unreadable) throw new Error(unreadable);
    if (notStrict) throw new Error(`${NOT_STRICT}${this.localPath}: ${notStrict}`);
  }
}
