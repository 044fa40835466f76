/**
 * A gzip stream check running in the background while earlier batches load. Its verdict is awaited before
 * the object's batch commits; once it has arrived, a bad object can be failed without loading it at all.
 */
import type { LimitFunction } from "p-limit";
import { messageOf } from "../errors.js";
import { verifyGzip } from "../sources/verify-gzip.js";

export class GzipCheck {
  /** The error, once the check has failed. */
  error: string | undefined;
  private readonly done: Promise<string | undefined>;

  private constructor(done: Promise<string | undefined>) {
    this.done = done.then((error) => {
      this.error = error;
      return error;
    });
  }

  /** Starts checking `localPath` under `limit`. */
  static start(limit: LimitFunction, localPath: string, uri: string): GzipCheck {
    return new GzipCheck(
      limit(() => verifyGzip(localPath, uri)).then(
        () => undefined,
        (error: unknown) => messageOf(error),
      ),
    );
  }

  /** For objects that are not gzip. */
  static none(): GzipCheck {
    return new GzipCheck(Promise.resolve(undefined));
  }

  /** Waits for the verdict; throws it if the stream is bad. */
  async passed(): Promise<void> {
    const error = await this.done;
    if (error) throw new Error(error);
  }
}
