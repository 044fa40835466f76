/**
 * Copies one S3 object to a local file as a stream — memory stays flat whatever the object's size — and
 * checks that every byte S3 announced arrived. A failed or cancelled download leaves no partial file; a
 * body that stops arriving fails after the client's idle timeout (aws.requestTimeoutMs, see aws-network.ts),
 * one that trickles fails at its overall deadline (requestTimeoutMs plus one second per 32 KiB, see
 * `downloadDeadlineMs`), and one the connection cuts short says how much arrived.
 */
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { awsErrorFacts, plainCause, seconds, TIMEOUT_SETTINGS_HINT } from "../../aws/aws-error-facts.js";
import {
  downloadDeadlineMs,
  MIN_DOWNLOAD_BYTES_PER_SECOND,
  networkSettingsOf,
} from "../../aws/aws-network.js";
import { FlowlensError } from "../../errors.js";
import { s3Failure } from "./s3-failure.js";

export interface DownloadObjectOptions {
  /** Cancels the download; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

const OBJECT_URI = /^s3:\/\/([^/]+)\/(.+)$/s;

/**
 * Writes the object at `uri` (`s3://bucket/key`) to `destPath` (whose folder must exist), replacing any file
 * there, and returns the number of bytes written.
 *
 * @throws FlowlensError FLOWLENS_USAGE when `uri` names no object; FLOWLENS_S3_FAILED `cannot read s3://…`
 *   when S3 refuses the object or does not answer, the connection drops, the body stalls or fewer bytes
 *   arrive than announced
 */
export async function downloadObject(
  client: S3Client,
  uri: string,
  destPath: string,
  options: DownloadObjectOptions = {},
): Promise<number> {
  const { signal } = options;
  const match = OBJECT_URI.exec(uri);
  if (!match) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `"${uri}" does not name an S3 object: expected s3://bucket/key`,
    );
  }
  const [, bucket, key] = match;
  let bytes = 0;
  let expected: number | undefined;
  let answered = false;
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let allowedMs = 0;
  const started = Date.now();
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: signal,
    });
    answered = true;
    expected = response.ContentLength;
    const body = response.Body;
    if (!(body instanceof Readable)) throw new Error("the response has no readable body");
    if (expected !== undefined) {
      allowedMs = downloadDeadlineMs(networkSettingsOf(client), expected);
      timer = setTimeout(() => deadline.abort(), allowedMs);
    }
    await pipeline(
      body,
      async function* count(chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          bytes += chunk.byteLength;
          yield chunk;
        }
      },
      createWriteStream(destPath),
      { signal: signal === undefined ? deadline.signal : AbortSignal.any([signal, deadline.signal]) },
    );
  } catch (error) {
    await rm(destPath, { force: true });
    const of = expected === undefined ? "" : ` of ${expected}`;
    if (deadline.signal.aborted && !signal?.aborted) {
      const { requestTimeoutMs } = networkSettingsOf(client);
      throw new FlowlensError(
        "FLOWLENS_S3_FAILED",
        `cannot read ${uri}: the download is too slow: ${bytes}${of} bytes arrived in ${seconds(Date.now() - started)}, and a download may take ${seconds(requestTimeoutMs)} (aws.requestTimeoutMs) plus 1 s per ${MIN_DOWNLOAD_BYTES_PER_SECOND / 1024} KiB, ${seconds(allowedMs)} for this object`,
        {
          hint: `check the network connection and the S3 endpoint, then run again (only objects not yet loaded are fetched); a larger aws.requestTimeoutMs (FLOWLENS_AWS_REQUEST_TIMEOUT_MS) allows slower downloads`,
        },
      );
    }
    const fault = answered && !signal?.aborted ? awsErrorFacts(error).fault : undefined;
    if (fault === "cut-short" || fault === "closed") {
      throw new FlowlensError(
        "FLOWLENS_S3_FAILED",
        `cannot read ${uri}: the connection closed after ${bytes}${of} bytes`,
        {
          hint: "the network or S3 dropped the connection; run again (only objects not yet loaded are fetched)",
          cause: plainCause(awsErrorFacts(error)),
        },
      );
    }
    if (answered && !signal?.aborted && awsErrorFacts(error).timedOut) {
      // The client's idle timeout (aws.requestTimeoutMs) fired while the body streamed.
      throw new FlowlensError(
        "FLOWLENS_S3_FAILED",
        `cannot read ${uri}: the download stalled after ${bytes}${of} bytes: S3 sent nothing more in time`,
        {
          hint: `check the network connection and the S3 endpoint, then run again (only objects not yet loaded are fetched); ${TIMEOUT_SETTINGS_HINT}`,
          cause: plainCause(awsErrorFacts(error)),
        },
      );
    }
    throw isLocalFileError(error, destPath)
      ? new FlowlensError(
          "FLOWLENS_S3_FAILED",
          `cannot write ${uri} to ${destPath}: ${(error as Error).message}`,
          {
            hint: "check that the folder exists, is writable and has free space",
            cause: error,
          },
        )
      : s3Failure(error, "read", uri, signal);
  } finally {
    clearTimeout(timer);
  }
  if (expected !== undefined && bytes !== expected) {
    await rm(destPath, { force: true });
    throw new FlowlensError(
      "FLOWLENS_S3_FAILED",
      `cannot read ${uri}: received ${bytes} of ${expected} bytes`,
      {
        hint: "the connection dropped or the object changed during the download; run again",
      },
    );
  }
  return bytes;
}

function isLocalFileError(error: unknown, destPath: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).path === destPath;
}
