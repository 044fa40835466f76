/**
 * `flowlens serve` as one long-running process: the spool (acknowledged records, durable), the index of
 * requests received (retries are answered, not stored again), the HTTP server, and the loader that moves
 * spooled records into the store every few seconds, leaving a core to the HTTP side (loader-threads.ts).
 * `stop()` closes the listener (requests in flight finish), then loads what the spool holds and releases it.
 */
import { readFileSync } from "node:fs";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { startAlertTimer } from "../alerts/alert-timer.js";
import { type AlertNotifier, runAlerts } from "../alerts/run-alerts.js";
import type { Config } from "../config/config.js";
import { FlowlensError, messageOf } from "../errors.js";
import { openStore as openConfiguredStore } from "../store/backends.js";
import { recentRequestKeys } from "../store/duckdb/stream-requests.js";
import { accessCheck } from "./access-key.js";
import { readAccessKey } from "./access-key-setting.js";
import { dashboardCheck } from "./api/dashboard-access.js";
import { registerDashboardApi } from "./api/dashboard-api.js";
import { readDashboardCredential } from "./api/dashboard-credential.js";
import { buildServer, type Readiness } from "./build-server.js";
import { loaderThreads } from "./loader-threads.js";
import { RequestIndex } from "./request-index.js";
import { Spool } from "./spool/spool.js";
import { type LoadOutcome, SpoolLoader } from "./spool/spool-loader.js";
import { StoreGate } from "./store-gate.js";
import { StreamFormats } from "./stream-formats.js";
import { StreamReceiver } from "./stream-receiver.js";

export interface StartServerOptions {
  readonly config: Config;
  /** Fastify's logger setting. @default false */
  readonly logger?: FastifyServerOptions["logger"];
  readonly onLoad?: (outcome: LoadOutcome) => void;
  readonly onLoadError?: (message: string) => void;
  /** Where alert events go once evaluated (after each load, and every alerts.evaluateEvery). @default recorded only */
  readonly notifyAlerts?: AlertNotifier;
}

export interface RunningServer {
  /** http(s)://host:port */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly loader: SpoolLoader;
  readonly spool: Spool;
  /** Readers of the store in this process (the dashboard's API) go through it; see store-gate.ts. */
  readonly gate: StoreGate;
  /** Stops accepting, lets requests in flight finish, loads what is spooled, releases the spool. */
  stop(): Promise<void>;
}

/** While it loads, the server holds the store only briefly; a command holding it makes the loader wait. */
const LOADER_LOCK_WAIT_MS = 1000;

function tlsFiles(config: Config): { key: Buffer; cert: Buffer } | undefined {
  const { tlsCert, tlsKey } = config.serve;
  if (tlsCert === undefined || tlsKey === undefined) return undefined;
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new FlowlensError(
        "FLOWLENS_SERVE_FAILED",
        `cannot read the TLS ${what} ${path}: ${messageOf(error)}`,
        {
          hint: "pass PEM files readable by this user to --tls-cert and --tls-key",
        },
      );
    }
  };
  return { cert: read(tlsCert, "certificate"), key: read(tlsKey, "key") };
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const serve = config.serve;
  const https = tlsFiles(config);
  const key = await readAccessKey(serve, config.aws);
  const dashboard = serve.dashboard.enabled ? await readDashboardCredential(serve, config.aws) : undefined;
  // Either backend: on ClickHouse, loads go through its ingest path (a DuckDB parser with these threads).
  const openStore = (lockWaitMs: number) =>
    openConfiguredStore(config, {
      memoryLimit: config.memoryLimit,
      threads: loaderThreads(config.threads),
      lockWaitMs,
    });

  const spool = await Spool.open(serve.spoolDir ?? `${config.db}.spool`);
  try {
    const index = new RequestIndex(serve.dedupHours * 3_600_000);
    const store = await openStore(config.storeLockWaitSeconds * 1000);
    try {
      for (const r of await recentRequestKeys(store, Date.now() - serve.dedupHours * 3_600_000))
        index.add(r.key, r.receivedAt);
    } finally {
      await store.close();
    }
    for (const r of spool.ready()) index.add(r.meta.key, r.meta.receivedAt);

    const notify = options.notifyAlerts ? { notify: options.notifyAlerts } : {};
    let delivering: Promise<void> | undefined;
    const deliverSoon = () => {
      const notifier = options.notifyAlerts;
      if (!notifier || delivering) return;
      delivering = gate
        .writing(async () => {
          const store = await openStore(LOADER_LOCK_WAIT_MS);
          try {
            await notifier(store, []);
          } finally {
            store.close();
          }
        })
        .catch((error) => options.onLoadError?.(`alert notification failed: ${messageOf(error)}`))
        .finally(() => {
          delivering = undefined;
        });
    };
    const receiver = new StreamReceiver(spool, index, new StreamFormats(serve.streams));
    const gate = new StoreGate();
    const loader = new SpoolLoader({
      spool,
      gate,
      openStore: () => openStore(LOADER_LOCK_WAIT_MS),
      everyMs: serve.loadEveryMs,
      takeDuplicates: () => receiver.takeDuplicates(),
      onLoad: (outcome) => {
        index.prune(Date.now());
        options.onLoad?.(outcome);
      },
      onError: options.onLoadError,
      // Evaluation runs inside the load's turn; notifications get a turn of their own, so that a slow
      // receiver delays neither this load's release of the store nor the requests' acknowledgements.
      afterLoad: async (store) => {
        const alerts = await runAlerts(store, config);
        if (alerts.error) options.onLoadError?.(alerts.error);
        if (alerts.notified.length > 0) deliverSoon();
      },
    });
    const maxSpoolBytes = serve.maxSpoolMiB * 2 ** 20;
    const readiness = (): Readiness => {
      const waitingMiB = Math.round((spool.waitingBytes / 2 ** 20) * 10) / 10;
      const details = {
        waitingRequests: spool.ready().length,
        waitingMiB,
        // No paths or errors here: /readyz answers anyone who can reach the port; the log has the details.
        loading: loader.lastError === undefined,
      };
      if (spool.waitingBytes >= maxSpoolBytes) {
        return {
          ready: false,
          reason: `flowlens is behind: ${waitingMiB} MiB wait to be loaded (limit ${serve.maxSpoolMiB} MiB); retry`,
          ...details,
        };
      }
      return { ready: true, ...details };
    };
    const app = buildServer({
      firehosePath: serve.firehosePath,
      accessCheck: accessCheck(key),
      receiver,
      readiness,
      maxConcurrentRequests: serve.maxConcurrentRequests,
      fastify: { logger: options.logger ?? false, ...(https ? { https } : {}) },
    });
    if (serve.dashboard.enabled) {
      registerDashboardApi(app, {
        config,
        gate,
        check: dashboardCheck(dashboard),
        spool: () => ({
          waitingRequests: spool.ready().length,
          waitingBytes: spool.waitingBytes,
          lastLoadAt: loader.lastLoadAt === undefined ? null : new Date(loader.lastLoadAt).toISOString(),
          lastError: loader.lastError ?? null,
        }),
      });
    }
    let address: string;
    try {
      address = await app.listen({ host: serve.host, port: serve.port });
    } catch (error) {
      throw new FlowlensError(
        "FLOWLENS_SERVE_FAILED",
        `cannot listen on ${serve.host}:${serve.port}: ${messageOf(error)}`,
        { hint: "pick another --port or --host, or stop what is using it" },
      );
    }
    loader.start();
    // Between loads too: data another command loaded, and notifications a failure left for later.
    const alertTimer = config.alerts?.rules.length
      ? startAlertTimer(
          config.alerts.evaluateEvery * 1000,
          () =>
            gate.writing(async () => {
              const store = await openStore(LOADER_LOCK_WAIT_MS);
              try {
                const alerts = await runAlerts(store, config, notify);
                if (alerts.error) options.onLoadError?.(alerts.error);
              } finally {
                store.close();
              }
            }),
          (message) => options.onLoadError?.(message),
        )
      : undefined;
    return {
      url: address,
      app,
      loader,
      spool,
      gate,
      stop: async () => {
        await app.close();
        await alertTimer?.stop();
        await loader.stop();
        await delivering;
        spool.close();
      },
    };
  } catch (error) {
    spool.close();
    throw error;
  }
}
