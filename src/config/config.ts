/**
 * flowlens settings: one zod schema for the config file, FLOWLENS_* environment variables and flags, in
 * that order of precedence (a flag beats the environment, which beats the file), and one validation of
 * them (`validateSettings`) that lists every problem naming the setting as the user wrote it.
 */
import { existsSync } from "node:fs";
import { z } from "zod";
import { alertsConfigSchema } from "../alerts/rules/alert-rule-schema.js";
import { alertSectionProblems } from "../alerts/rules/rule-references.js";
import { awsNetworkSchema } from "../aws/aws-network.js";
import { isHttpEndpointUrl, shownEndpointUrl } from "../aws/check-endpoint-url.js";
import { cronSettingProblem, timeZoneSettingProblem } from "../daily/schedule/check-schedule.js";
import { FlowlensError } from "../errors.js";
import { priceOverridesSchema } from "../pricing/price-overrides.js";
import { slackConfigSchema } from "../secrets/slack-config.js";
import { storeSettingProblem } from "../store/backends.js";
import { readConfigFile } from "./config-file.js";
import { type SettingProblem, schemaProblems } from "./describe-issue.js";
import { DEFAULT_MEMORY_LIMIT, memoryLimitSchema, threadsSchema } from "./duckdb-resources.js";
import { insightSectionProblems } from "./insight-section.js";
import { SERVE_DEFAULTS, serveConfigSchema } from "./serve-config.js";
import { fileLocation, settingsError } from "./settings-error.js";
import { wholeNumber } from "./whole-number.js";

/** A zod refinement from a check that returns what is wrong, or undefined. */
function refineWith(problemOf: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx) => {
    const message = problemOf(value);
    if (message) ctx.addIssue({ code: "custom", message, input: value });
  };
}

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
    cron: z
      .string()
      .min(1)
      .superRefine(refineWith(cronSettingProblem))
      .default("0 6 * * *")
      .describe("When `flowlens schedule` runs the daily job"),
    timezone: z
      .string()
      .min(1)
      .superRefine(refineWith(timeZoneSettingProblem))
      .default("UTC")
      .describe("IANA time zone of the cron expression"),
    catchUpDays: z.number().int().positive().max(90).default(7).describe("Missed days run after downtime"),
  })
  .strict();

export const configSchema = z
  .object({
    db: z.string().min(1).describe("Path of the DuckDB store file").default("./flowlens.duckdb"),
    store: z
      .string()
      .min(1)
      .superRefine(refineWith(storeSettingProblem))
      .optional()
      .describe(
        "Another store than the DuckDB file: clickhouse://user@host:8123/database?cluster=NAME (password from FLOWLENS_CLICKHOUSE_PASSWORD or ?secret=ID)",
      ),
    memoryLimit: memoryLimitSchema
      .default(DEFAULT_MEMORY_LIMIT)
      .describe("DuckDB memory limit: 512MB, 1GB, 2GiB …, from 64MiB to this machine's memory"),
    threads: threadsSchema
      .optional()
      .describe(
        "DuckDB worker threads, 1 to 4 × the cores (default: cores; flowlens serve's loads: cores − 1)",
      ),
    storeLockWaitSeconds: wholeNumber(0, 3600, "seconds")
      .default(30)
      .describe("How long a command waits while another process (flowlens serve loading) holds the store"),
    s3: z
      .object({
        region: z.string().optional().describe("AWS region of the bucket (default: the SDK's region chain)"),
        endpointUrl: z
          .string()
          .superRefine((url, ctx) => {
            // The rule the S3 client applies; user:password in the URL is never shown.
            if (!isHttpEndpointUrl(url))
              ctx.addIssue({
                code: "custom",
                input: url,
                message: `expected an http(s) URL such as http://127.0.0.1:9000, got "${shownEndpointUrl(url)}"`,
              });
          })
          .optional()
          .describe("S3-compatible endpoint, e.g. http://127.0.0.1:9000"),
        forcePathStyle: z
          .boolean()
          .optional()
          .describe("Path-style addressing (default: on with endpointUrl)"),
        concurrency: z.number().int().positive().max(64).default(8).describe("Parallel downloads"),
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
    serve: serveConfigSchema
      .default(SERVE_DEFAULTS)
      .describe("`flowlens serve`: listening address, Firehose endpoint, spool and log formats by stream"),
    alerts: alertsConfigSchema
      .optional()
      .describe("Alert rules (threshold, sql, anomaly, event, composite), evaluated after every load"),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
type ConfigInput = z.input<typeof configSchema>;

/** Environment variables and the settings they set (values as text: the schema reads them). */
const ENV: Record<string, (value: string) => ConfigInput> = {
  FLOWLENS_DB: (db) => ({ db }),
  FLOWLENS_STORE: (store) => ({ store }),
  FLOWLENS_MEMORY_LIMIT: (memoryLimit) => ({ memoryLimit }),
  FLOWLENS_THREADS: (threads) => ({ threads }),
  FLOWLENS_STORE_LOCK_WAIT_SECONDS: (storeLockWaitSeconds) => ({ storeLockWaitSeconds }),
  FLOWLENS_S3_ENDPOINT_URL: (endpointUrl) => ({ s3: { endpointUrl } }),
  FLOWLENS_INSIGHTS_DIR: (insightsDir) => ({ insightsDir }),
  FLOWLENS_AWS_CONNECT_TIMEOUT_MS: (connectTimeoutMs) => ({ aws: { connectTimeoutMs } }),
  FLOWLENS_AWS_REQUEST_TIMEOUT_MS: (requestTimeoutMs) => ({ aws: { requestTimeoutMs } }),
  FLOWLENS_AWS_MAX_ATTEMPTS: (maxAttempts) => ({ aws: { maxAttempts } }),
  FLOWLENS_SERVE_HOST: (host) => ({ serve: { host } }),
  FLOWLENS_SERVE_PORT: (port) => ({ serve: { port } }),
  FLOWLENS_SERVE_ACCESS_KEY: (accessKey) => ({ serve: { accessKey } }),
  FLOWLENS_SERVE_ACCESS_KEY_SECRET: (accessKeySecret) => ({ serve: { accessKeySecret } }),
  FLOWLENS_DASHBOARD_TOKEN: (token) => ({ serve: { dashboard: { token } } }),
};

/** Flags that set a setting, by the setting they set. */
const FLAGS: Record<string, string> = {
  db: "--db",
  store: "--store",
  memoryLimit: "--memory-limit",
  threads: "--threads",
  insightsDir: "--insights-dir",
  "serve.host": "--host",
  "serve.port": "--port",
  "serve.tlsCert": "--tls-cert",
  "serve.tlsKey": "--tls-key",
};

export const DEFAULT_CONFIG_FILE = "flowlens.yaml";

/**
 * A FLOWLENS_* variable's value; one set to nothing or only spaces counts as unset (as `${VAR:-default}`
 * does), so `FLOWLENS_THREADS=` and `FLOWLENS_THREADS=" "` both mean the default.
 */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

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

function valueAt(settings: unknown, path: readonly (string | number)[]): unknown {
  let at = settings;
  for (const key of path)
    at = isObject(at) || Array.isArray(at) ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

/**
 * Every problem of merged settings: the schema, the insights folder and each insight's parameters, and
 * what spans alert rules (references, cycles, names).
 */
export function validateSettings(values: Record<string, unknown>): {
  readonly config?: Config;
  readonly problems: readonly SettingProblem[];
} {
  const { data, problems } = schemaProblems(configSchema, values);
  const all = [
    ...problems,
    ...insightSectionProblems(values, !problems.some((p) => p.path[0] === "insights")),
    ...alertSectionProblems(values),
  ];
  return all.length === 0 ? { config: data as Config, problems: [] } : { problems: all };
}

export interface LoadConfigOptions {
  /** An explicit config file; it must exist. @default FLOWLENS_CONFIG, else ./flowlens.yaml if present */
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Settings from flags, as given (text). */
  readonly flags?: ConfigInput;
}

/**
 * The settings of a run. Throws FLOWLENS_CONFIG_INVALID (exit 2) listing every problem, each named as the
 * user wrote it: the flag, the environment variable, or the file position and the setting's path.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const explicit = options.file ?? envValue(env, "FLOWLENS_CONFIG");
  const path = explicit ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (explicit && !existsSync(explicit)) {
    throw new FlowlensError("FLOWLENS_CONFIG_INVALID", `config file ${explicit} does not exist`, {
      hint: "pass an existing file to --config, or unset FLOWLENS_CONFIG",
    });
  }
  const file = path ? readConfigFile(path) : undefined;
  if (file && file.syntaxProblems.length > 0) {
    throw settingsError(
      file.syntaxProblems.map((p) => `${fileLocation(file.path, p.position, "")}: ${p.message}`),
    );
  }
  const envLayers = Object.entries(ENV).flatMap(([name, toSettings]) => {
    const value = envValue(env, name);
    return value !== undefined ? [{ name, settings: toSettings(value) }] : [];
  });
  const flags = (options.flags ?? {}) as Record<string, unknown>;
  let merged: Record<string, unknown> = file?.values ?? {};
  for (const layer of envLayers) merged = merge(merged, layer.settings as Record<string, unknown>);
  merged = merge(merged, flags);
  const { config, problems } = validateSettings(merged);
  if (config) return config;
  const where = (at: readonly (string | number)[]): string => {
    const flag = FLAGS[at.join(".")] ?? FLAGS[String(at[0])];
    if (valueAt(flags, at) !== undefined && flag) return flag;
    const fromEnv = envLayers.findLast((l) => valueAt(l.settings, at) !== undefined);
    if (fromEnv) return fromEnv.name;
    return file ? fileLocation(file.path, file.positionOf(at), at.join(".")) : at.join(".");
  };
  throw settingsError(problems.map((p) => `${where(p.path)}: ${p.message}`));
}
