/**
 * flowlens settings: one zod schema for the config file, FLOWLENS_* environment variables and flags, in
 * that order of precedence (a flag beats the environment, which beats the file).
 */
import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { awsNetworkSchema } from "../aws/aws-network.js";
import { FlowlensError } from "../errors.js";
import { priceOverridesSchema } from "../pricing/price-overrides.js";
import { slackConfigSchema } from "../secrets/slack-config.js";

const dailyConfigSchema = z
  .object({
    sources: z
      .array(z.string().min(1))
      .min(1)
      .describe("Where flow logs land: s3://bucket/prefix (listed by day) or local folders"),
    accounts: z.array(z.string().regex(/^\d{12}$/, "a 12-digit AWS account ID")).optional(),
    regions: z.array(z.string().min(1)).optional(),
    reportDir: z.string().min(1).default("./flowlens-report").describe("Reports go to <reportDir>/<day>/"),
  })
  .strict();

const scheduleConfigSchema = z
  .object({
    cron: z.string().min(1).default("0 6 * * *").describe("When `flowlens schedule` runs the daily job"),
    timezone: z.string().min(1).default("UTC").describe("IANA time zone of the cron expression"),
    catchUpDays: z.number().int().positive().max(90).default(7).describe("Missed days run after downtime"),
  })
  .strict();

export const configSchema = z
  .object({
    db: z.string().min(1).describe("Path of the DuckDB store file").default("./flowlens.duckdb"),
    memoryLimit: z.string().describe("DuckDB memory limit, e.g. 1GB").default("1GB"),
    threads: z.coerce.number().int().positive().optional().describe("DuckDB worker threads (default: cores)"),
    s3: z
      .object({
        region: z.string().optional().describe("AWS region of the bucket (default: the SDK's region chain)"),
        endpointUrl: z.url().optional().describe("S3-compatible endpoint, e.g. http://127.0.0.1:9000"),
        forcePathStyle: z
          .boolean()
          .optional()
          .describe("Path-style addressing (default: on with endpointUrl)"),
        concurrency: z.coerce.number().int().positive().max(64).default(8).describe("Parallel downloads"),
      })
      .strict()
      .default({ concurrency: 8 }),
    // AWS network limits (sources, networks and secrets): every AWS client is built with them.
    aws: awsNetworkSchema
      .optional()
      .describe(
        "Timeouts and attempts of every AWS call, S3, EC2 and Secrets Manager (5 s connect, 30 s answer, 3 attempts)",
      ),
    prices: priceOverridesSchema
      .optional()
      .describe("Price overrides per region and charge, e.g. { us-east-1: { natGatewayProcessing: 0.045 } }"),
    insights: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe("Insight parameters by insight id, e.g. { nat-gateway: { days_per_month: 30 } }"),
    insightsDir: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Folder of user insights: <name>.sql with a <name>.yaml spec each (see docs/user-insights.md)",
      ),
    daily: dailyConfigSchema
      .optional()
      .describe("What `flowlens daily` and `flowlens schedule` ingest, and where reports go"),
    slack: slackConfigSchema.optional().describe("Slack delivery: secret, channel, apiUrl"),
    schedule: scheduleConfigSchema.default({ cron: "0 6 * * *", timezone: "UTC", catchUpDays: 7 }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
type ConfigInput = z.input<typeof configSchema>;

/** Environment variables and the settings they set. */
const ENV: Record<string, (value: string) => ConfigInput> = {
  FLOWLENS_DB: (db) => ({ db }),
  FLOWLENS_MEMORY_LIMIT: (memoryLimit) => ({ memoryLimit }),
  FLOWLENS_THREADS: (threads) => ({ threads: Number(threads) }),
  FLOWLENS_S3_ENDPOINT_URL: (endpointUrl) => ({ s3: { endpointUrl } }),
  FLOWLENS_INSIGHTS_DIR: (insightsDir) => ({ insightsDir }),
  FLOWLENS_AWS_CONNECT_TIMEOUT_MS: (ms) => ({ aws: { connectTimeoutMs: Number(ms) } }),
  FLOWLENS_AWS_REQUEST_TIMEOUT_MS: (ms) => ({ aws: { requestTimeoutMs: Number(ms) } }),
  FLOWLENS_AWS_MAX_ATTEMPTS: (attempts) => ({ aws: { maxAttempts: Number(attempts) } }),
};

export const DEFAULT_CONFIG_FILE = "flowlens.yaml";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isObject(value) && isObject(out[key]) ? merge(out[key], value) : value;
  }
  return out;
}

function readConfigFile(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    throw new FlowlensError(
      "FLOWLENS_CONFIG_INVALID",
      `cannot read config file ${path}: ${(error as Error).message}`,
      {
        hint: "fix the YAML syntax at the position shown",
      },
    );
  }
  if (parsed == null) return {};
  if (!isObject(parsed)) {
    throw new FlowlensError("FLOWLENS_CONFIG_INVALID", `config file ${path} must hold a mapping of settings`);
  }
  return parsed;
}

export interface LoadConfigOptions {
  /** An explicit config file; it must exist. @default FLOWLENS_CONFIG, else ./flowlens.yaml if present */
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Settings from flags. */
  readonly flags?: ConfigInput;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const explicit = options.file ?? env.FLOWLENS_CONFIG;
  const file = explicit ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (explicit && !existsSync(explicit)) {
    throw new FlowlensError("FLOWLENS_CONFIG_INVALID", `config file ${explicit} does not exist`, {
      hint: "pass an existing file to --config, or unset FLOWLENS_CONFIG",
    });
  }
  let merged: Record<string, unknown> = file ? readConfigFile(file) : {};
  for (const [name, toSettings] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== "")
      merged = merge(merged, toSettings(value) as Record<string, unknown>);
  }
  merged = merge(merged, (options.flags ?? {}) as Record<string, unknown>);
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new FlowlensError(
      "FLOWLENS_CONFIG_INVALID",
      `invalid settings${file ? ` (config file ${file})` : ""}: ${problems.join("; ")}`,
      {
        hint: "see `flowlens --help` and README for the settings and their types",
      },
    );
  }
  return result.data;
}
