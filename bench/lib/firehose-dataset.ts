/**
 * The streaming benchmark's data: a day of realistic default-format records (lib/realistic-flows.ts) as
 * Firehose would deliver them from a CloudWatch Logs subscription — each request up to Firehose's default
 * 5 MiB buffer of records, each record one CloudWatch payload (lib/cloudwatch-batcher.ts), the body
 * gzip-compressed as a stream with compression sends it — and the very same records as one gzip file per
 * request (with the header line) for `flowlens ingest`. Plus a small probe request whose records carry an
 * interface id of their own, to time visibility during the run. Generated once, cached under bench/.data.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { Random } from "../../src/sources/demo/random.js";
import { ACCOUNT, DEFAULT_HEADER } from "./bench-estate.js";
import { CloudWatchBatcher, type CloudWatchRecord } from "./cloudwatch-batcher.js";
import { BENCH_DAY } from "./datasets.js";
import type { FlowLines } from "./flow-lines.js";
import { RealisticFlows } from "./realistic-flows.js";

/** Bumped whenever what is written changes, so cached data is rebuilt. */
const GENERATOR_VERSION = 1;
/** Firehose's default buffer size for an HTTP endpoint. */
export const REQUEST_DATA_BYTES = 5 * 2 ** 20;
export const DELIVERY_STREAM_ARN = `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/flowlens-bench`;
export const PROBE_ENI = "eni-0000000000000beef";
const PROBE_RECORDS = 1000;
const FLOW_LOGS = 2;
const WINDOW = 300;
const WINDOWS_PER_DAY = 288;

export interface PrebuiltRequest {
  readonly requestId: string;
  /** The gzip body, relative to the dataset folder. */
  readonly body: string;
  /** Firehose records (CloudWatch payloads) in the request. */
  readonly payloads: number;
  /** Flow records in the request. */
  readonly records: number;
  /** The records' data before base64 (what Firehose's buffer size counts). */
  readonly dataBytes: number;
  /** The body as sent (gzip). */
  readonly bodyBytes: number;
}

export interface FirehoseDataset {
  readonly dir: string;
  readonly records: number;
  readonly requests: readonly PrebuiltRequest[];
  readonly probe: PrebuiltRequest;
  /** The same records as gzip files with a header line, one per request. */
  readonly filesDir: string;
  readonly fileBytes: number;
}

/** A Firehose-looking request id (a UUID), fixed by the seed and the request's number. */
function requestId(seed: number, n: number | string): string {
  const h = createHash("sha256").update(`bench-stream/${seed}/${n}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The body Firehose sends: `{requestId, timestamp, records: [{data}]}`, gzip. */
export function firehoseBody(id: string, records: readonly Buffer[], timestamp: number): Buffer {
  const json = JSON.stringify({
    requestId: id,
    timestamp,
    records: records.map((r) => ({ data: r.toString("base64") })),
  });
  return gzipSync(json, { level: 6 });
}

/** Builds the requests one after the other from a stream of CloudWatch payloads. */
class RequestWriter {
  readonly requests: PrebuiltRequest[] = [];
  fileBytes = 0;
  private pending: CloudWatchRecord[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly dir: string,
    private readonly seed: number,
  ) {}

  async add(record: CloudWatchRecord): Promise<void> {
    if (this.pending.length > 0 && this.pendingBytes + record.gzip.length > REQUEST_DATA_BYTES)
      await this.flush();
    this.pending.push(record);
    this.pendingBytes += record.gzip.length;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const n = this.requests.length;
    const name = String(n).padStart(5, "0");
    const id = requestId(this.seed, n);
    const body = firehoseBody(
      id,
      this.pending.map((r) => r.gzip),
      Date.parse(`${BENCH_DAY}T00:00:00Z`),
    );
    const lines = this.pending.flatMap((r) => r.lines);
    const file = gzipSync(`${DEFAULT_HEADER}\n${lines.join("\n")}\n`, { level: 3 });
    await writeFile(join(this.dir, "requests", `${name}.json.gz`), body);
    await writeFile(join(this.dir, "files", `${name}.log.gz`), file);
    this.fileBytes += file.length;
    this.requests.push({
      requestId: id,
      body: `requests/${name}.json.gz`,
      payloads: this.pending.length,
      records: lines.length,
      dataBytes: this.pendingBytes,
      bodyBytes: body.length,
    });
    this.pending = [];
    this.pendingBytes = 0;
  }
}

async function writeProbe(dir: string, seed: number): Promise<PrebuiltRequest> {
  const end = Math.floor(Date.parse(`${BENCH_DAY}T12:00:00Z`) / 1000);
  const lines = Array.from(
    { length: PROBE_RECORDS },
    (_, i) =>
      `2 ${ACCOUNT} ${PROBE_ENI} 10.0.9.9 10.0.9.10 ${40_000 + i} 443 6 3 180 ${end - 30} ${end} ACCEPT OK`,
  );
  const batcher = new CloudWatchBatcher(Random.stream(seed, 13));
  for (const line of lines) batcher.add(line);
  const payloads = batcher.flush();
  const id = requestId(seed, "probe");
  const body = firehoseBody(
    id,
    payloads.map((p) => p.gzip),
    end * 1000,
  );
  await writeFile(join(dir, "probe.json.gz"), body);
  return {
    requestId: id,
    body: "probe.json.gz",
    payloads: payloads.length,
    records: lines.length,
    dataBytes: payloads.reduce((sum, p) => sum + p.gzip.length, 0),
    bodyBytes: body.length,
  };
}

async function generate(dir: string, records: number, seed: number): Promise<FirehoseDataset> {
  await mkdir(join(dir, "requests"), { recursive: true });
  await mkdir(join(dir, "files"), { recursive: true });
  const flows: FlowLines = new RealisticFlows(seed, FLOW_LOGS);
  const batcher = new CloudWatchBatcher(Random.stream(seed, 12));
  const writer = new RequestWriter(dir, seed);
  const dayStart = Date.parse(`${BENCH_DAY}T00:00:00Z`) / 1000;
  const chunks = WINDOWS_PER_DAY * FLOW_LOGS;
  for (let k = 0; k < chunks; k++) {
    const count = Math.floor(((k + 1) * records) / chunks) - Math.floor((k * records) / chunks);
    const text = flows.lines(k % FLOW_LOGS, dayStart + Math.floor(k / FLOW_LOGS) * WINDOW, count);
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const payload = batcher.add(line);
      if (payload) await writer.add(payload);
    }
  }
  for (const payload of batcher.flush()) await writer.add(payload);
  await writer.flush();
  const dataset: FirehoseDataset = {
    dir,
    records: writer.requests.reduce((sum, r) => sum + r.records, 0),
    requests: writer.requests,
    probe: await writeProbe(dir, seed),
    filesDir: join(dir, "files"),
    fileBytes: writer.fileBytes,
  };
  await writeFile(join(dir, "ready.json"), JSON.stringify({ ...dataset, generator: GENERATOR_VERSION }));
  return dataset;
}

/** The dataset for `records` and `seed`, generated first when it is not cached. */
export async function prepareFirehoseDataset(
  root: string,
  records: number,
  seed: number,
): Promise<FirehoseDataset> {
  const dir = resolve(root, "bench/.data", `stream-${records}-s${seed}`);
  const ready = join(dir, "ready.json");
  if (existsSync(ready)) {
    const cached = JSON.parse(readFileSync(ready, "utf8")) as FirehoseDataset & { generator: number };
    // The folders are where the data is now, even if the checkout has moved since.
    if (cached.generator === GENERATOR_VERSION) return { ...cached, dir, filesDir: join(dir, "files") };
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`generating the Firehose requests and files: ${records.toLocaleString("en-US")} records …`);
  const started = performance.now();
  const dataset = await generate(dir, records, seed);
  console.log(
    `generated ${dataset.requests.length} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return dataset;
}
