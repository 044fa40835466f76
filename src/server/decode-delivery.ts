/**
 * Turns one delivery (a Firehose request, or a CloudWatch payload from a forwarder) into what the spool
 * keeps: the record text grouped by log format, and the records it could not read, each with its reason.
 * Nothing here types a record: the spooled text takes the same load path as files (fast path, and the
 * careful path's quarantine for lines that are not records).
 */
import { toHeaderLine } from "../records/log-format.js";
import { decodeFirehoseRecord } from "../sources/stream/firehose-record.js";
import type { RefusedRecord } from "../store/duckdb/stream-requests.js";
import { DeliveryError } from "./delivery-error.js";
import type { SpooledRequestMeta, SpoolFile } from "./spool/spool.js";
import type { StreamFormats } from "./stream-formats.js";

export type DeliveryMeta = Omit<
  SpooledRequestMeta,
  "files" | "records" | "controlMessages" | "logGroups" | "refused"
>;

export interface DecodedDelivery {
  readonly meta: Omit<SpooledRequestMeta, "files">;
  readonly files: SpoolFile[];
}

/** What one delivery's records may unpack to: a 64 MiB request of gzip payloads is far below it. */
export const MAX_DECODED_BYTES = 512 * 2 ** 20;

/** How much of a refused record the quarantine keeps. */
const SHOWN_CHARACTERS = 256;

function shown(data: unknown): string {
  const text = typeof data === "string" ? data : (JSON.stringify(data) ?? String(data));
  return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}…` : text;
}

/** @param records each record's `data` (base64), as the request holds them */
export function decodeDelivery(
  delivery: DeliveryMeta,
  records: readonly unknown[],
  formats: StreamFormats,
): DecodedDelivery {
  const byHeader = new Map<string, string[]>();
  const linesOf = (header: string): string[] => {
    const lines = byHeader.get(header) ?? [];
    if (lines.length === 0) byHeader.set(header, lines);
    return lines;
  };
  const refused: RefusedRecord[] = [];
  const logGroups = new Set<string>();
  let controlMessages = 0;
  let decodedBytes = 0;
  const count = (lines: readonly string[]) => {
    for (const line of lines) decodedBytes += line.length;
    if (decodedBytes > MAX_DECODED_BYTES) {
      throw new DeliveryError(
        413,
        `the records unpack to more than ${MAX_DECODED_BYTES / 2 ** 20} MiB of text`,
      );
    }
  };
  records.forEach((data, i) => {
    let content: ReturnType<typeof decodeFirehoseRecord>;
    try {
      content = decodeFirehoseRecord(data);
    } catch (error) {
      refused.push({ record: i + 1, reason: (error as Error).message, text: shown(data) });
      return;
    }
    if (content.kind === "control") {
      controlMessages++;
      return;
    }
    if (content.kind === "lines") {
      count(content.lines);
      linesOf(toHeaderLine(formats.formatFor(delivery))).push(...content.lines);
      return;
    }
    logGroups.add(content.logGroup);
    const extracted = content.events[0]?.extractedFields;
    const format = formats.formatFor({
      ...delivery,
      logGroup: content.logGroup,
      ...(extracted ? { extractedFields: Object.keys(extracted) } : {}),
    });
    const lines = linesOf(toHeaderLine(format));
    count(content.events.map((e) => e.message));
    for (const event of content.events) {
      if (event.message.includes("\n") || event.message.includes("\r")) {
        refused.push({
          record: i + 1,
          reason: `log event ${event.id} of ${content.logStream} holds a line break; a flow record is one line`,
          text: shown(event.message),
        });
      } else {
        lines.push(event.message);
      }
    }
  });
  // Every request keeps at least one file: the ledger row its refused records are quarantined under.
  if (byHeader.size === 0) linesOf(toHeaderLine(formats.formatFor(delivery)));
  return {
    meta: { ...delivery, records: records.length, controlMessages, logGroups: [...logGroups], refused },
    files: [...byHeader].map(([header, lines]) => ({ header, lines })),
  };
}
