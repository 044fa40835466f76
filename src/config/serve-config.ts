/**
 * The `serve` section of the settings: where `flowlens serve` listens, the Firehose access key, the spool
 * of acknowledged records, which log format each delivery stream or log group sends, and the dashboard's
 * credential and SQL console limits.
 */
import { z } from "zod";
import { parseLogFormat } from "../records/log-format.js";
import { wholeNumber } from "./whole-number.js";

/** The server's other routes. */
const RESERVED_PATHS = ["/awslogs", "/healthz", "/readyz"];
/** The dashboard's JSON API lives under this prefix. */
const RESERVED_PREFIX = "/api";

/** A credential: 1 to 4096 characters, never repeated in a message. */
const credentialText = (what: string) =>
  z.unknown().transform((value, ctx): string => {
    if (typeof value === "string" && value.length >= 1 && value.length <= 4096) return value;
    ctx.addIssue({ code: "custom", message: `expected ${what} of 1 to 4096 characters (not shown)` });
    return z.NEVER;
  });

/** Who may open the dashboard and its API (see server/api/dashboard-access.ts). */
const dashboardSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe("Serve the dashboard and its API under /api/ (false: the Firehose endpoint only)"),
    token: credentialText("a token")
      .optional()
      .describe("Bearer token the dashboard requires (better: env FLOWLENS_DASHBOARD_TOKEN or tokenSecret)"),
    tokenSecret: z
      .string()
      .min(1)
      .optional()
      .describe('Secrets Manager secret holding the dashboard token as {"token": "…"}'),
    username: z.string().min(1).max(256).optional().describe("Basic auth user name (with password)"),
    password: credentialText("a password").optional().describe("Basic auth password (with username)"),
  })
  .strict()
  .superRefine((dashboard, ctx) => {
    if ((dashboard.username === undefined) !== (dashboard.password === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [dashboard.username === undefined ? "username" : "password"],
        message: "username and password go together: give both, or neither",
      });
    }
    if (dashboard.token !== undefined && dashboard.tokenSecret !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["tokenSecret"],
        message: "give the token once: token (or FLOWLENS_DASHBOARD_TOKEN) or tokenSecret, not both",
      });
    }
  });

/** Limits of the dashboard's SQL console (POST /api/sql); a request may ask for less, never more. */
const consoleSchema = z
  .object({
    maxRows: wholeNumber(1, 100_000, "rows").default(1000).describe("Most rows a console query returns"),
    timeoutSeconds: wholeNumber(1, 600, "seconds").default(30).describe("How long a console query may run"),
  })
  .strict();

const logFormatText = z.string().superRefine((text, ctx) => {
  try {
    parseLogFormat(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message, input: text });
  }
});

/** Which records a log format is for; every key given must match, and the first entry that does wins. */
const streamFormatSchema = z
  .object({
    deliveryStream: z.string().min(1).optional().describe("Firehose delivery stream name or ARN"),
    logGroup: z.string().min(1).optional().describe("CloudWatch Logs log group"),
    commonAttributes: z
      .record(z.string(), z.string())
      .optional()
      .describe("Firehose common attributes the request must carry"),
    logFormat: logFormatText.describe("AWS's LogFormat string: '${version} ${account-id} …'"),
  })
  .strict();

export type StreamFormatSetting = z.infer<typeof streamFormatSchema>;

export const serveConfigSchema = z
  .object({
    host: z.string().min(1).default("127.0.0.1").describe("Address to listen on"),
    port: wholeNumber(0, 65535, "").default(8080).describe("Port to listen on (0: any free port)"),
    firehosePath: z
      .string()
      .regex(/^\/[A-Za-z0-9._~/-]*$/, "a path such as /firehose")
      .refine(
        (path) =>
          !RESERVED_PATHS.includes(path) &&
          path !== RESERVED_PREFIX &&
          !path.startsWith(`${RESERVED_PREFIX}/`),
        `a path other than ${RESERVED_PATHS.join(", ")} and not under ${RESERVED_PREFIX}/`,
      )
      .default("/firehose")
      .describe("Path of the Firehose HTTP endpoint"),
    accessKey: z
      .unknown()
      .transform((key, ctx): string => {
        if (typeof key === "string" && key.length >= 1 && key.length <= 4096) return key;
        // The key itself is never repeated in a message.
        ctx.addIssue({
          code: "custom",
          message: "expected an access key of 1 to 4096 characters (not shown)",
        });
        return z.NEVER;
      })
      .optional()
      .describe(
        "The access key the Firehose stream sends (better: env FLOWLENS_SERVE_ACCESS_KEY or accessKeySecret)",
      ),
    accessKeySecret: z
      .string()
      .min(1)
      .optional()
      .describe('Secrets Manager secret holding the Firehose access key as {"api_key": "…"}'),
    tlsCert: z.string().min(1).optional().describe("PEM certificate file (with tlsKey: serve HTTPS)"),
    tlsKey: z.string().min(1).optional().describe("PEM private key file"),
    spoolDir: z
      .string()
      .min(1)
      .optional()
      .describe("Where acknowledged records wait to be loaded (default: <db>.spool)"),
    maxSpoolMiB: wholeNumber(1, 2 ** 30, "MiB")
      .default(2048)
      .describe("Beyond this many MiB waiting to load, requests are refused with 503 (Firehose retries)"),
    maxConcurrentRequests: wholeNumber(1, 64, "requests")
      .default(4)
      .describe("Requests decoded at once; more are refused with 503 (Firehose retries)"),
    loadEveryMs: wholeNumber(100, 60_000, "milliseconds")
      .default(2000)
      .describe("How often waiting records are loaded into the store"),
    dedupHours: wholeNumber(2, 168, "hours", "Firehose retries for up to 2 hours")
      .default(3)
      .describe("How long a request id is remembered (Firehose retries for up to 2 hours)"),
    streams: z
      .array(streamFormatSchema)
      .default([])
      .describe("Log formats by delivery stream, log group or common attribute (default format otherwise)"),
    dashboard: dashboardSchema.default({ enabled: true }).describe("Who may open the dashboard and /api/"),
    console: consoleSchema
      .default({ maxRows: 1000, timeoutSeconds: 30 })
      .describe("Limits of the dashboard's SQL console"),
  })
  .strict()
  .superRefine((serve, ctx) => {
    if ((serve.tlsCert === undefined) !== (serve.tlsKey === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [serve.tlsCert === undefined ? "tlsCert" : "tlsKey"],
        message: "tlsCert and tlsKey go together: give both, or neither",
      });
    }
    if (serve.accessKey !== undefined && serve.accessKeySecret !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["accessKeySecret"],
        message:
          "give the access key once: accessKey (or FLOWLENS_SERVE_ACCESS_KEY) or accessKeySecret, not both",
      });
    }
  });

export type ServeConfig = z.infer<typeof serveConfigSchema>;

export const SERVE_DEFAULTS: ServeConfig = serveConfigSchema.parse({});
