/**
 * Writes text to a stream as fast as its reader takes it (waiting for 'drain'), and notices a reader
 * that went away (`flowlens query … | head`: EPIPE) instead of crashing on it.
 */
import type { Writable } from "node:stream";

export interface OutputSink {
  /** Resolves when the stream can take more; false once the reader has gone. */
  write(text: string): Promise<boolean>;
}

export function outputSink(stream: Writable): OutputSink {
  let gone = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    gone = true;
  });
  return {
    async write(text) {
      if (gone) return false;
      if (stream.write(text)) return true;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off("drain", done);
          stream.off("error", done);
          resolve();
        };
        stream.on("drain", done);
        stream.on("error", done);
      });
      return !gone;
    },
  };
}
