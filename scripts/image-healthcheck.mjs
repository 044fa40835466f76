#!/usr/bin/env node
/**
 * The container image's health check (the Dockerfile's HEALTHCHECK; /app/healthcheck.mjs in the image):
 * GET /healthz of the `flowlens serve` that is the container's command, at the address it was configured
 * with. The settings are read the way serve read them, by flowlens's own loadConfig, from that process's
 * command line, environment and working directory (/proc/<pid>), so --port, FLOWLENS_SERVE_PORT and
 * serve.port in the config file are all seen. A container whose command is not serve (a daily run) has
 * nothing to answer and is healthy. Exit 0 healthy, 1 not (what Docker expects); one line says why.
 * Usage: node healthcheck.mjs [pid]   (default 1, the container's command)
 */
import { readFileSync, readlinkSync } from "node:fs";
import { get as httpGet } from "node:http";
import { get as httpsGet } from "node:https";
import { loadConfig } from "./dist/config/config.js";

const TIMEOUT_MS = 5000;
/** serve's flags for the settings that say where it listens, as GlobalOptions names them. */
const FLAGS = {
  "--config": "config",
  "--host": "host",
  "--port": "port",
  "--tls-cert": "tlsCert",
  "--tls-key": "tlsKey",
};

/** `--port 8080` and `--port=8080` alike. */
function flagValues(args) {
  const values = {};
  args.forEach((arg, i) => {
    const [flag, inline] = arg.split(/=(.*)/s);
    if (FLAGS[flag]) values[FLAGS[flag]] = inline ?? args[i + 1];
  });
  return values;
}

function environment(pid) {
  const entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return Object.fromEntries(entries.map((entry) => entry.split(/=(.*)/s).slice(0, 2)));
}

/** The URL of serve's /healthz, or undefined when the process is not serving. */
function healthUrl(pid) {
  const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  const serving = args.includes("serve") || (args.includes("demo") && args.includes("--serve"));
  if (!serving) return undefined;
  const flags = flagValues(args);
  process.chdir(readlinkSync(`/proc/${pid}/cwd`));
  const { serve } = loadConfig({
    file: flags.config,
    env: environment(pid),
    flags: { serve: { host: flags.host, port: flags.port, tlsCert: flags.tlsCert, tlsKey: flags.tlsKey } },
  });
  // A server listening on every address answers on loopback.
  const host = { "0.0.0.0": "127.0.0.1", "::": "::1" }[serve.host] ?? serve.host;
  const url = new URL(`${serve.tlsCert ? "https" : "http"}://localhost/healthz`);
  url.hostname = host.includes(":") ? `[${host}]` : host;
  url.port = String(serve.port);
  return url;
}

function check(url) {
  const get = url.protocol === "https:" ? httpsGet : httpGet;
  return new Promise((resolve) => {
    // The certificate is serve's own (or one for another name): liveness is what is checked here.
    const request = get(url, { timeout: TIMEOUT_MS, rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? undefined : `answered ${response.statusCode}`);
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => resolve(error.message));
  });
}

const pid = process.argv[2] ?? "1";
try {
  const url = healthUrl(pid);
  if (url === undefined) {
    console.log(`healthy: process ${pid} is not flowlens serve, so there is no endpoint to check`);
  } else {
    const problem = await check(url);
    console.log(problem === undefined ? `healthy: ${url} answered 200` : `unhealthy: ${url}: ${problem}`);
    process.exitCode = problem === undefined ? 0 : 1;
  }
} catch (error) {
  console.log(`unhealthy: ${error.message}`);
  process.exitCode = 1;
}
