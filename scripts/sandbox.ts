/**
 * `npm run sandbox`: the daily job's world on this machine, for trying `flowlens daily` and `flowlens
 * schedule` before pointing them at real AWS and Slack. It starts the same local servers the tests use — an
 * S3 API (s3rver) holding demo flow logs for the last days, a Secrets Manager holding the Slack bot token,
 * and a Slack Web API that prints what the bot posts and saves the files it uploads — then writes a
 * flowlens.yaml and an env file pointing flowlens at them, and runs until Ctrl-C.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Command } from "commander";
import { updateIpRanges } from "../src/enrich/aws-ip-ranges/update-ip-ranges.js";
import { importInventoryFile } from "../src/enrich/inventory/load-inventory-file.js";
import { generateDemo } from "../src/sources/demo/generate-demo.js";
import { DuckDbStore } from "../src/store/duckdb/duckdb-store.js";
import { addDays, yesterdayUtc } from "../src/utc-day.js";
import { SLACK_SECRET, startDailyAwsWorld } from "../test/helpers/daily-aws-world.js";
import {
  SLACK_TEST_CHANNEL,
  type SlackApiCall,
  type SlackApiServer,
  type SlackTestFile,
  serveSlackApi,
} from "../test/helpers/local-slack-api.js";

const BUCKET = "flowlens-sandbox";
/** Written into the sandbox folder: the only folder the sandbox clears when it starts again. */
const MARKER = ".flowlens-sandbox";

interface SandboxFlags {
  readonly dir: string;
  readonly days: string;
  readonly recordsPerDay: string;
  readonly ipRanges?: string;
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number of at least 1, not "${value}"`);
  return n;
}

/** Refuses to clear a folder the sandbox did not make. */
function prepareDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(join(dir, MARKER))) {
      throw new Error(`--dir ${dir} is not empty and holds no earlier sandbox: choose a new directory`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), "Written by npm run sandbox, which clears this folder when it starts.\n");
}

/** One line per Slack call worth seeing; uploaded files are saved under `filesDir`. */
function slackLogger(filesDir: string, fileById: (id: string) => SlackTestFile | undefined) {
  return (call: SlackApiCall) => {
    const { method, args, answer } = call;
    if (answer !== "ok") return console.log(`slack  ${method} → ${answer}`);
    if (method === "chat.postMessage" || method === "chat.update") {
      const where = args.thread_ts ? `  (thread of ${String(args.thread_ts)})` : "";
      const first = String(args.text ?? "").split("\n")[0];
      console.log(`slack  ${method}${where}: ${first}`);
    } else if (method === "upload") {
      const file = fileById(String(args.file_id));
      if (!file?.bytes) return;
      const path = join(filesDir, basename(file.filename));
      writeFileSync(path, file.bytes);
      console.log(`slack  uploaded ${file.filename} (${file.bytes.length} bytes) → ${path}`);
    }
  };
}

async function sandbox(flags: SandboxFlags): Promise<void> {
  const dir = resolve(flags.dir);
  const days = positive("--days", flags.days);
  const lastDay = yesterdayUtc();
  prepareDir(dir);

  console.log(`Generating ${days} demo day(s) up to ${lastDay} …`);
  const demoDir = join(dir, "demo");
  const demo = await generateDemo({
    outDir: demoDir,
    startDate: addDays(lastDay, 1 - days),
    days,
    recordsPerDay: positive("--records-per-day", flags.recordsPerDay),
  });

  const { s3, secrets, env: awsEnv } = await startDailyAwsWorld(demoDir, BUCKET);
  const filesDir = join(dir, "slack-files");
  mkdirSync(filesDir);
  // The logger looks uploads up in the server's own file list, which exists once the server does.
  let server: SlackApiServer | undefined;
  server = await serveSlackApi({ onCall: slackLogger(filesDir, (id) => server?.files.get(id)) });
  const slack = server;

  // The estate is known: with its inventory the insights name NAT gateways, subnets and AZ IDs.
  const db = join(dir, "flowlens.duckdb");
  const store = await DuckDbStore.open(db);
  try {
    await importInventoryFile(store, demo.inventoryPath);
    if (flags.ipRanges) await updateIpRanges(store, { file: flags.ipRanges, cacheDir: join(dir, "cache") });
  } finally {
    store.close();
  }

  const config = join(dir, "flowlens.yaml");
  writeFileSync(
    config,
    [
      "# Written by npm run sandbox: the daily job against local S3, Secrets Manager and Slack servers.",
      `db: ${db}`,
      "daily:",
      `  sources: ["s3://${BUCKET}/"]`,
      `  reportDir: ${join(dir, "reports")}`,
      "s3:",
      "  region: us-east-1",
      "slack:",
      `  secret: ${SLACK_SECRET}`,
      `  apiUrl: ${slack.url}`,
      "schedule:",
      '  cron: "0 6 * * *"',
      "  timezone: UTC",
      "",
    ].join("\n"),
  );
  const envFile = join(dir, "env");
  const env = { ...awsEnv, FLOWLENS_CONFIG: config };
  writeFileSync(
    envFile,
    `${Object.entries(env)
      .map(([k, v]) => `export ${k}=${v}`)
      .join("\n")}\n`,
  );

  console.log(
    [
      "",
      `Sandbox ready in ${dir}`,
      `  S3               ${s3.endpoint}  bucket ${BUCKET}: ${demo.files.length} objects, ${demo.records} records`,
      `  Secrets Manager  ${secrets.endpoint}  secret ${SLACK_SECRET}: {"botToken", "channelId"}`,
      `  Slack Web API    ${slack.url}  channel #${SLACK_TEST_CHANNEL.name} (${SLACK_TEST_CHANNEL.id})`,
      "",
      "In another terminal:",
      `  . ${envFile}`,
      "  npx flowlens config check",
      `  npx flowlens daily                     # ingest ${lastDay} from S3, write the report, post it`,
      `  npx flowlens daily --date ${addDays(lastDay, -1)}   # an earlier day; run one twice to see chat.update`,
      '  npx flowlens schedule --cron "* * * * *"   # every minute; Ctrl-C stops it cleanly',
      "",
      "What the bot posts appears below. Ctrl-C stops the sandbox.",
    ].join("\n"),
  );

  await new Promise<void>((done) => {
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  await Promise.all([s3.close(), secrets.close(), slack.close()]);
  console.log("Sandbox stopped.");
}

const program = new Command("sandbox")
  .description(
    "Run local S3, Secrets Manager and Slack servers loaded with demo flow logs, and write a flowlens.yaml for them.",
  )
  .option("--dir <dir>", "where the config, env file, store, reports and Slack uploads go", ".sandbox")
  .option("--days <n>", "demo days in the bucket, ending yesterday (UTC)", "3")
  .option("--records-per-day <n>", "about how many flow log records per day", "50000")
  .option(
    "--ip-ranges <file>",
    "an AWS ip-ranges.json to load into the store (names AWS services by address)",
  )
  .action(async (flags: SandboxFlags) => {
    try {
      await sandbox(flags);
    } catch (error) {
      console.error(`sandbox: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  });

await program.parseAsync();
