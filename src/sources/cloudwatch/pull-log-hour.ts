/**
 * Pulls one UTC hour of a log group with FilterLogEvents into a headerless text file, one event's message a
 * line, which the ingest pipeline then reads like any other text object (sniff, fast path, careful path).
 *
 * Pages are followed until a page has no nextToken; a page may be empty and still have one (CloudWatch Logs
 * returns what it found within its time budget), so empty pages do not end the pull. An event that comes
 * twice (on two pages) is written once: events are told apart by their eventId. The fingerprint is a hash
 * of the hour's sorted event ids and their count, so it changes exactly when an event is added (a late
 * one) and not with the order the pages came in; the ledger compares it to decide whether to load.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { type CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { cloudWatchFailure } from "./cloudwatch-failure.js";
import { HOUR_MS, type LogHour } from "./cloudwatch-uri.js";

export interface PulledHour {
  /** Bytes written. */
  readonly size: number;
  /** `events:<count>:sha256:<hash of the sorted event ids>` */
  readonly fingerprint: string;
  /** Distinct events written. */
  readonly events: number;
  /** FilterLogEvents calls made (pages, empty ones included). */
  readonly pages: number;
}

/** One event as a line: its message, with a newline unless it already ends with one. */
function lineOf(message: string): string {
  return message.endsWith("\n") ? message : `${message}\n`;
}

/**
 * @param path the file to write (created, or replaced)
 * @throws FlowlensError FLOWLENS_CLOUDWATCH_FAILED naming the log group and region
 */
export async function pullLogHour(
  client: CloudWatchLogsClient,
  hour: LogHour,
  path: string,
): Promise<PulledHour> {
  const ids = new Set<string>();
  const file = await open(path, "w");
  let size = 0;
  let pages = 0;
  try {
    let nextToken: string | undefined;
    do {
      const page = await client
        .send(
          new FilterLogEventsCommand({
            logGroupName: hour.group,
            ...(hour.streamPrefix === undefined ? {} : { logStreamNamePrefix: hour.streamPrefix }),
            // Both ends are inclusive in FilterLogEvents.
            startTime: hour.startMs,
            endTime: hour.startMs + HOUR_MS - 1,
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
        )
        .catch((error: unknown) => {
          throw cloudWatchFailure(error, hour);
        });
      pages++;
      let text = "";
      for (const event of page.events ?? []) {
        // AWS gives every event an id; without one, the stream, time and text stand for it.
        const id = event.eventId ?? `${event.logStreamName} ${event.timestamp} ${event.message}`;
        if (ids.has(id)) continue;
        ids.add(id);
        text += lineOf(event.message ?? "");
      }
      if (text !== "") {
        const bytes = Buffer.from(text, "utf8");
        await file.write(bytes);
        size += bytes.length;
      }
      nextToken = page.nextToken || undefined;
    } while (nextToken !== undefined);
  } finally {
    await file.close();
  }
  return { size, fingerprint: fingerprintOf(ids), events: ids.size, pages };
}

function fingerprintOf(ids: ReadonlySet<string>): string {
  const hash = createHash("sha256");
  for (const id of [...ids].sort()) hash.update(`${id}\n`);
  return `events:${ids.size}:sha256:${hash.digest("hex").slice(0, 32)}`;
}
