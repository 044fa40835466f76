/**
 * The demo generator: writes deterministic, realistic VPC Flow Logs for the demo estate (two accounts
 * sharing one VPC, a NAT gateway, an S3 gateway endpoint, workloads, probes, a scan, a large upload),
 * exactly as AWS delivers them to S3, plus `inventory.json` and `ground-truth.json` (what each insight
 * must find). Records are streamed per 5-minute window into the objects; memory does not grow with the
 * number of records. The same options always write the same bytes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { FlowlensError } from "../../errors.js";
import { toHeaderLine, toLogFormatString } from "../../records/log-format.js";
import { addDays, formatUtcDay } from "../../utc-day.js";
import { buildAddressBook } from "./address-book.js";
import { minuteTargets } from "./daily-volume.js";
import { DemoOutputs } from "./demo-outputs.js";
import { DEMO_ESTATE, demoEstate } from "./estate.js";
import { FlowPaths, type RecordSink } from "./flow-paths.js";
import { DEMO_LOG_FORMAT } from "./flow-record.js";
import { GroundTruth } from "./ground-truth.js";
import { buildInventory } from "./inventory.js";
import { Random } from "./random.js";
import { RecordFormatter } from "./record-formatter.js";
import { s3EndpointChangeTruth } from "./s3-endpoint-change.js";
import { SpecialEvents } from "./special-events.js";
import { TrafficMix } from "./traffic-mix.js";

export interface DemoProgress {
  readonly recordsWritten: number;
  /** Objects finished so far. */
  readonly filesWritten: number;
  /** Bytes of the objects finished so far. */
  readonly bytesWritten: number;
}

export interface DemoOptions {
  /** Directory to write into; created when missing. */
  readonly outDir: string;
  /** First day, YYYY-MM-DD (UTC). Timestamps come only from here. */
  readonly startDate: string;
  /** Number of days. @default 1 */
  readonly days?: number;
  /** Seed of all randomness (0 to 2^32 − 1): the same options write the same bytes. @default 42 */
  readonly seed?: number;
  /** About how many records a day holds; the exact count is in the ground truth. @default 1_000_000 */
  readonly recordsPerDay?: number;
  /** Write every account as gzip text (in its own key layout), e.g. for benchmarks. @default false */
  readonly textOnly?: boolean;
  /**
   * Write all records into this one gzip text file (one header line) instead of S3-layout objects;
   * inventory and ground truth still go to outDir. @default undefined
   */
  readonly singleFile?: string;
  /**
   * The day (YYYY-MM-DD, after the first day, at most the last) from which the S3 gateway endpoint is on
   * every private route table: before it the ETL tasks' S3 traffic goes through the NAT gateway, from it
   * through the endpoint; the inventory dates the new route, the ground truth states before and after
   * (`s3EndpointAdded`). @default the endpoint never changes
   */
  readonly s3EndpointAddedOn?: string;
  /** Called every few thousand records. @default undefined */
  readonly onProgress?: (progress: DemoProgress) => void;
}

export interface DemoResult {
  readonly outDir: string;
  /** Absolute paths of the flow log objects written. */
  readonly files: string[];
  readonly records: number;
  /** Bytes of the flow log objects written. */
  readonly bytes: number;
  readonly inventoryPath: string;
  readonly groundTruthPath: string;
}

const DAY = 86_400;
const WINDOW = 300;
const PROGRESS_EVERY = 5000;
/** The generator takes 32 bits of seed. */
const MAX_SEED = 2 ** 32 - 1;
/** Fast enough to keep up with generation; AWS's own objects compress a little better. */
const GZIP_LEVEL = 3;

function invalid(option: string, value: unknown, expected: string): FlowlensError {
  return new FlowlensError(
    "FLOWLENS_CONFIG_INVALID",
    `demo option ${option} is ${JSON.stringify(value)}: expected ${expected}`,
    {
      hint: `pass ${option} as ${expected}`,
    },
  );
}

function firstDayStart(startDate: string): number {
  const ms = Date.parse(`${startDate}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(startDate) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== startDate
  ) {
    throw invalid("startDate", startDate, "a date written YYYY-MM-DD");
  }
  return ms / 1000;
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(option, value, "a whole number of at least 1");
  return value;
}

/**
 * Writes a demo data set.
 * @example
 * const result = await generateDemo({ outDir: "demo", startDate: "2026-03-02", days: 2 });
 * // demo/AWSLogs/…, demo/inventory.json, demo/ground-truth.json
 */
export async function generateDemo(options: DemoOptions): Promise<DemoResult> {
  const firstDay = firstDayStart(options.startDate);
  const days = positiveInteger("days", options.days ?? 1);
  const recordsPerDay = positiveInteger("recordsPerDay", options.recordsPerDay ?? 1_000_000);
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw invalid("seed", seed, `a whole number from 0 to ${MAX_SEED}`);
  const fixDay = options.s3EndpointAddedOn;
  const isDay = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day) && formatUtcDay(Date.parse(day)) === day;
  const lastDate = addDays(options.startDate, days - 1);
  if (fixDay !== undefined && !(isDay(fixDay) && fixDay > options.startDate && fixDay <= lastDate)) {
    throw invalid(
      "s3EndpointAddedOn",
      fixDay,
      `a day after ${options.startDate} and no later than ${lastDate}`,
    );
  }
  const textOnly = options.textOnly ?? false;
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });

  const estate = DEMO_ESTATE;
  const fixed =
    fixDay === undefined
      ? undefined
      : demoEstate({ s3EndpointOnEveryPrivateRouteTable: { routeAddedAt: `${fixDay}T00:00:00Z` } });
  const fixStart = fixDay === undefined ? Number.POSITIVE_INFINITY : firstDayStart(fixDay);
  const header = toHeaderLine(DEMO_LOG_FORMAT);
  const plan = Random.stream(seed, 0);
  const addresses = buildAddressBook(plan);
  const events = new SpecialEvents(estate, addresses, plan, firstDay + (days - 1) * DAY);
  const prefixes = estate.vpc.addressPrefixes;
  const truth = new GroundTruth((address) => prefixes.some((prefix) => address.startsWith(prefix)));
  const outputs = await DemoOutputs.create({
    outDir,
    seed,
    region: estate.region,
    accounts: estate.accounts,
    format: DEMO_LOG_FORMAT,
    header,
    gzipLevel: GZIP_LEVEL,
    textOnly,
    ...(options.singleFile ? { singleFile: options.singleFile } : {}),
  });

  let records = 0;
  const formatter = new RecordFormatter(estate.vpc.id, estate.region);
  const sink: RecordSink = {
    write(record) {
      outputs.append(record.eni.account, formatter.line(record));
      truth.count(record);
      records += 1;
    },
  };
  let nextProgress = PROGRESS_EVERY;
  const report = () => {
    if (records < nextProgress || !options.onProgress) return;
    nextProgress = records + PROGRESS_EVERY;
    const { files, bytesWritten } = outputs;
    options.onProgress({ recordsWritten: records, filesWritten: files.length, bytesWritten });
  };

  try {
    for (let day = 0; day < days; day++) {
      const random = Random.stream(seed, day + 1);
      const dayStart = firstDay + day * DAY;
      const today = fixed && dayStart >= fixStart ? fixed : estate;
      const paths = new FlowPaths(sink, today.natGateway, random);
      const mix = new TrafficMix(today, addresses, paths, random);
      const targets = minuteTargets(recordsPerDay, random);
      for (let minute = 0; minute < targets.length; minute++) {
        const minuteStart = dayStart + minute * 60;
        if (minute % 5 === 0) outputs.openWindow(minuteStart);
        events.emit(minuteStart, paths, random);
        const target = records + (targets[minute] ?? 0);
        while (records < target) {
          mix.next(minuteStart);
          if (outputs.wantsPause) await outputs.settle();
          report();
        }
        if ((minuteStart + 60) % WINDOW === 0) await outputs.closeWindow();
      }
    }
  } finally {
    await outputs.close();
  }
  options.onProgress?.({
    recordsWritten: records,
    filesWritten: outputs.files.length,
    bytesWritten: outputs.bytesWritten,
  });

  const inventoryPath = join(outDir, "inventory.json");
  const logFormat = toLogFormatString(DEMO_LOG_FORMAT);
  await writeFile(
    inventoryPath,
    `${JSON.stringify(buildInventory(fixed ?? estate, { textOnly, logFormat }), null, 2)}\n`,
  );
  const groundTruthPath = join(outDir, "ground-truth.json");
  const recordedOptions = {
    startDate: options.startDate,
    days,
    seed,
    recordsPerDay,
    textOnly,
    singleFile: Boolean(options.singleFile),
    ...(fixDay === undefined ? {} : { s3EndpointAddedOn: fixDay }),
  };
  const document = truth.toJSON(
    { options: recordedOptions, logFormat: header },
    events.truth(),
    outputs.objects,
  );
  const stated =
    fixed && fixDay
      ? {
          ...document,
          s3EndpointAdded: s3EndpointChangeTruth(estate, fixed, fixDay, options.startDate, document.days),
        }
      : document;
  await writeFile(groundTruthPath, `${JSON.stringify(stated, null, 2)}\n`);
  return {
    outDir,
    files: outputs.files,
    records,
    bytes: outputs.bytesWritten,
    inventoryPath,
    groundTruthPath,
  };
}
