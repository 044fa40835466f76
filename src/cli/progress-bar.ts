/**
 * A progress bar for long ingests, on a terminal only: objects done, records per second and bytes.
 * Scripts (no TTY, or --json) get nothing on stderr until the summary.
 */
import cliProgress from "cli-progress";
import type { IngestProgress } from "../ingest/ingest-objects.js";
import { formatBytes, formatCount } from "./format-output.js";

export interface ProgressReporter {
  update(progress: IngestProgress): void;
  stop(): void;
}

const silent: ProgressReporter = { update: () => undefined, stop: () => undefined };

export function ingestProgressBar(
  enabled: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressReporter {
  if (!enabled || !stream.isTTY) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        "{bar} {objectsDone}/{objectsTotal} objects | {rate} records/s | {bytesDone} of {bytesTotal} | {duration_formatted}",
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let begun = false;
  return {
    update(p) {
      const seconds = (performance.now() - started) / 1000;
      const payload = {
        objectsDone: p.objectsDone,
        objectsTotal: p.objectsTotal,
        rate: formatCount(Math.round(seconds > 0 ? p.rows / seconds : 0)),
        bytesDone: formatBytes(p.bytesDone),
        bytesTotal: formatBytes(p.bytesTotal),
      };
      if (!begun) {
        bar.start(Math.max(p.bytesTotal, 1), p.bytesDone, payload);
        begun = true;
      } else bar.update(p.bytesDone, payload);
    },
    stop() {
      if (begun) bar.stop();
    },
  };
}
