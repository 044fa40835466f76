/** `flowlens serve`: receive flow logs from Kinesis Data Firehose (and CloudWatch Logs forwarders) live. */
import type { Command } from "commander";
import { alertNotifier } from "../alerts/notify/alert-notifier.js";
import { stopOnSignals } from "../daily/schedule/stop-on-signals.js";
import { FlowlensError } from "../errors.js";
import { startServer } from "../server/start-server.js";
import type { CliContext } from "./context.js";
import { action } from "./program.js";

export interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly logLevel?: string;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "silent"];

export function registerServe(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("serve")
    .description(
      "Run the Kinesis Data Firehose HTTP endpoint: acknowledged records are stored durably, exactly once, and visible to query, stats and reports within seconds.",
    )
    .option("--host <address>", "address to listen on (env FLOWLENS_SERVE_HOST; default 127.0.0.1)")
    .option("--port <n>", "port to listen on (env FLOWLENS_SERVE_PORT; default 8080)")
    .option("--tls-cert <file>", "PEM certificate: serve HTTPS (with --tls-key)")
    .option("--tls-key <file>", "PEM private key")
    .option("--log-level <level>", `${LOG_LEVELS.join(", ")} (default info); logs are JSON lines on stdout`)
    .addHelpText(
      "after",
      `
Endpoints:
  POST /firehose   Firehose HTTP endpoint delivery (path: serve.firehosePath); 200 only once the records are durable
  POST /awslogs    a CloudWatch Logs subscription payload, {"awslogs": {"data": "<base64 gzip>"}}, from a forwarder
  GET  /healthz    liveness
  GET  /readyz     200 when deliveries are taken, 503 when the spool is full
  GET  /api/…      the dashboard's JSON API (README: "The dashboard's API"); off 127.0.0.1 it needs
                   FLOWLENS_DASHBOARD_TOKEN or serve.dashboard settings

The access key (serve.accessKey, env FLOWLENS_SERVE_ACCESS_KEY, or serve.accessKeySecret: a Secrets Manager
secret {"api_key": "…"}) is the one set on the delivery stream. Other commands use the store while serve runs.

Examples:
  FLOWLENS_SERVE_ACCESS_KEY=… flowlens serve --db flows.duckdb
  flowlens serve --host 0.0.0.0 --port 443 --tls-cert cert.pem --tls-key key.pem

Stops on SIGTERM or SIGINT (exit 0) after loading what it acknowledged; a second signal exits 130 at once.`,
    )
    .action(action<ServeFlags>(serveCommand, setExitCode));
}

async function serveCommand(ctx: CliContext, flags: ServeFlags): Promise<number> {
  const level = flags.logLevel ?? "info";
  if (!LOG_LEVELS.includes(level)) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `--log-level: expected one of ${LOG_LEVELS.join(", ")}, got "${level}"`,
    );
  }
  return runServe(ctx, level);
}

/**
 * Runs `flowlens serve` with the context's settings until SIGTERM or SIGINT (also for `demo --serve`):
 * says where it listens on stderr, logs JSON lines at `level` on stdout, and returns 0 once it has stopped.
 */
export async function runServe(ctx: CliContext, level: string): Promise<number> {
  const notifyAlerts = alertNotifier(ctx.config);
  const server = await startServer({
    config: ctx.config,
    ...(notifyAlerts ? { notifyAlerts } : {}),
    logger: level === "silent" ? false : { level },
    onLoad: (o) => server.app.log.info({ ...o }, "spool loaded into the store"),
    onLoadError: (message) => server.app.log.warn({ error: message }, "spool not loaded yet; retrying"),
  });
  if (ctx.config.serve.accessKey === undefined && ctx.config.serve.accessKeySecret === undefined) {
    server.app.log.warn(
      "no access key configured: every request is accepted (set FLOWLENS_SERVE_ACCESS_KEY)",
    );
  }
  ctx.err(`flowlens serve: listening on ${server.url} (Firehose endpoint ${ctx.config.serve.firehosePath})`);
  if (ctx.config.serve.dashboard.enabled) ctx.err(`Dashboard: ${server.url}/`);
  let stopped: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  const unregister = stopOnSignals(
    {
      stop: async (signal) => {
        ctx.err(`flowlens serve: ${signal ?? "stop"}: finishing requests in flight and loading the spool`);
        await server.stop();
        stopped();
      },
    },
    process,
    (line) => ctx.err(line),
  );
  await done;
  unregister();
  return 0;
}
