/**
 * Groups flow records the way a CloudWatch Logs subscription delivers them to Firehose: each ENI's log
 * stream collects its events, and when a stream holds its batch (some hundreds to a few thousand events,
 * under CloudWatch's ~1 MB) it becomes one payload — gzip of a `DATA_MESSAGE` JSON — which is one Firehose
 * record. Event ids are 56 digits like CloudWatch's; the timestamp is the record's `end`.
 */
import { gzipSync } from "node:zlib";
import type { Random } from "../../src/sources/demo/random.js";
import { ACCOUNT } from "./bench-estate.js";

export const LOG_GROUP = "/vpc/flow-logs";
const MIN_EVENTS = 300;
const MAX_EVENTS = 3000;

/** One Firehose record: a gzip CloudWatch payload and the flow records it holds, in order. */
export interface CloudWatchRecord {
  readonly gzip: Buffer;
  readonly lines: readonly string[];
}

interface LogStream {
  lines: string[];
  /** Events this batch closes at. */
  size: number;
}

export class CloudWatchBatcher {
  private readonly streams = new Map<string, LogStream>();
  private payloads = 0;

  constructor(private readonly random: Random) {}

  /** Adds one flow record; returns the payload it completed, if it did. */
  add(line: string): CloudWatchRecord | undefined {
    const eni = line.split(" ", 3)[2] as string;
    let stream = this.streams.get(eni);
    if (!stream) {
      stream = { lines: [], size: this.random.int(MIN_EVENTS, MAX_EVENTS) };
      this.streams.set(eni, stream);
    }
    stream.lines.push(line);
    if (stream.lines.length < stream.size) return undefined;
    this.streams.delete(eni);
    return this.payload(eni, stream.lines);
  }

  /** The payloads of every stream's partial batch (the end of the day). */
  flush(): CloudWatchRecord[] {
    const rest = [...this.streams].map(([eni, stream]) => this.payload(eni, stream.lines));
    this.streams.clear();
    return rest;
  }

  private payload(eni: string, lines: string[]): CloudWatchRecord {
    const prefix =
      String(++this.payloads).padStart(24, "0") + String(this.random.int(0, 2 ** 31)).padStart(16, "0");
    const logEvents = lines.map((message, i) => ({
      id: `${prefix}${String(i).padStart(16, "0")}`,
      timestamp: Number(message.split(" ", 12)[11]) * 1000 || 0,
      message,
    }));
    const json = JSON.stringify({
      messageType: "DATA_MESSAGE",
      owner: ACCOUNT,
      logGroup: LOG_GROUP,
      logStream: eni,
      subscriptionFilters: ["flowlens"],
      logEvents,
    });
    return { gzip: gzipSync(json), lines };
  }
}
