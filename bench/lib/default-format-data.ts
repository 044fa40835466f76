/**
 * Writes one day of default-format flow logs as AWS delivers them to S3: per flow log, one gzip object per
 * 5-minute window, under `AWSLogs/{account}/vpcflowlogs/{region}/{yyyy}/{mm}/{dd}/{HH}/` (hourly
 * partitions), named `{account}_vpcflowlogs_{region}_{flow-log-id}_{YYYYMMDDTHHmmZ}_{hash}.log.gz`, each
 * starting with the header line. Records are spread evenly over the objects; compression runs on the
 * thread pool while the next object is generated.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { ACCOUNT, DEFAULT_HEADER, flowLogId, REGION } from "./bench-estate.js";
import type { FlowLines } from "./flow-lines.js";

const gzipAsync = promisify(gzip);
const WINDOW = 300;
const WINDOWS_PER_DAY = 288;
const GZIP_LEVEL = 3;
const IN_FLIGHT = 4;

export interface FlowLogDayOptions {
  readonly outDir: string;
  /** YYYY-MM-DD, UTC. */
  readonly day: string;
  readonly records: number;
  /** Flow logs in the account: objects per 5-minute window. */
  readonly flowLogs: number;
  readonly seed: number;
  readonly lines: FlowLines;
}

export interface WrittenObjects {
  readonly files: readonly string[];
  readonly records: number;
  readonly bytes: number;
}

/** The S3 key of flow log `flowLog`'s object for the window starting at `windowStart`. */
export function objectKey(flowLog: number, windowStart: number, seed: number): string {
  const iso = new Date(windowStart * 1000).toISOString();
  const [yyyy, mm, dd, hh, min] = [
    iso.slice(0, 4),
    iso.slice(5, 7),
    iso.slice(8, 10),
    iso.slice(11, 13),
    iso.slice(14, 16),
  ];
  const hash = createHash("sha256").update(`${seed}/${flowLog}/${windowStart}`).digest("hex").slice(0, 8);
  return `AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/${yyyy}/${mm}/${dd}/${hh}/${ACCOUNT}_vpcflowlogs_${REGION}_${flowLogId(flowLog)}_${yyyy}${mm}${dd}T${hh}${min}Z_${hash}.log.gz`;
}

export async function writeFlowLogDay(options: FlowLogDayOptions): Promise<WrittenObjects> {
  const dayStart = Date.parse(`${options.day}T00:00:00Z`) / 1000;
  const objects = WINDOWS_PER_DAY * options.flowLogs;
  const files: string[] = [];
  const pending: Promise<void>[] = [];
  let bytes = 0;
  for (let k = 0; k < objects; k++) {
    const window = Math.floor(k / options.flowLogs);
    const flowLog = k % options.flowLogs;
    const windowStart = dayStart + window * WINDOW;
    const count =
      Math.floor(((k + 1) * options.records) / objects) - Math.floor((k * options.records) / objects);
    const text = `${DEFAULT_HEADER}\n${options.lines.lines(flowLog, windowStart, count)}`;
    const file = join(options.outDir, objectKey(flowLog, windowStart, options.seed));
    files.push(file);
    pending.push(
      (async () => {
        const compressed = await gzipAsync(text, { level: GZIP_LEVEL });
        bytes += compressed.length;
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, compressed);
      })(),
    );
    if (pending.length >= IN_FLIGHT) await pending.shift();
  }
  await Promise.all(pending);
  return { files, records: options.records, bytes };
}
