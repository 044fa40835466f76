/**
 * What the container image holds, tested without a container engine: scripts/assemble-image.sh (the
 * script the Dockerfile runs) assembles the image's /app once into a temporary folder, and its `flowlens`
 * runs from a fresh working directory with its own HOME, nothing of the repository reachable: help, the
 * demo, the daily job against the local S3, serve's dashboard, and the image's health check.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { BUILT_IN_INSIGHTS } from "../../src/insights/registry.js";
import { generateDemo } from "../../src/sources/demo/generate-demo.js";
import { assembleImage, runInImage, startInImage } from "../helpers/assembled-image.js";
import { startDailyAwsWorld } from "../helpers/daily-aws-world.js";
import { sharedTempDir, tempDir } from "../helpers/temp-dir.js";

const REPO = resolve(import.meta.dirname, "../..");
const DAY = "2026-11-20";
const BUCKET = "flow-logs";
const FAILED_INSIGHT = /^This insight failed/;

let app: string;

beforeAll(async () => {
  app = join(sharedTempDir("flowlens-image-"), "app");
  await assembleImage(app);
}, 600_000);

/** Every file under `dir`, relative to it, not descending into node_modules. */
function ownFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    return statSync(path).isDirectory() ? ownFiles(path, base) : [path.slice(base.length + 1)];
  });
}

function devDependencies(packageJson: string): string[] {
  return Object.keys(JSON.parse(readFileSync(packageJson, "utf8")).devDependencies ?? {});
}

/** A port nothing listens on just now, for a server the test then starts on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === "object" && address ? address.port : 0;
}

interface ReportJson {
  readonly insights: readonly { id: string; notes: readonly string[]; chart?: unknown }[];
}

/** The report's insights as they must be: every built-in one, none failed (a missing SQL file fails one). */
function expectCompleteReport(reportDir: string): void {
  const report = JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8")) as ReportJson;
  expect(report.insights.map((i) => i.id)).toEqual(BUILT_IN_INSIGHTS.map((i) => i.id));
  expect(report.insights.flatMap((i) => i.notes.filter((n) => FAILED_INSIGHT.test(n)))).toEqual([]);
  for (const file of ["report.html", "report.md"]) expect(existsSync(join(reportDir, file))).toBe(true);
  for (const insight of report.insights.filter((i) => i.chart)) {
    const png = readFileSync(join(reportDir, "charts", `${insight.id}.png`));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  }
}

/** `flowlens serve` of the image in `workDir`, stopped when the test ends; resolves once it listens. */
async function startServe(workDir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const serve = startInImage(app, workDir, "flowlens", ["serve", "--log-level", "silent", ...args], env);
  onTestFinished(() => {
    serve.child.kill("SIGKILL");
  });
  await serve.waitFor(/listening on https?:\/\/\S+/);
  return serve;
}

function healthCheck(workDir: string, pid: number | undefined) {
  return runInImage(app, workDir, "node", [join(app, "healthcheck.mjs"), String(pid)]);
}

describe("the container image's contents", () => {
  it("has no node_modules above the assembled folder, so the app resolves only its own packages", () => {
    const above: string[] = [];
    for (let dir = dirname(app); dir !== dirname(dir); dir = dirname(dir))
      above.push(join(dir, "node_modules"));
    expect(above.filter((dir) => existsSync(dir))).toEqual([]);
  });

  it("holds the CLI and every production dependency", () => {
    const packageJson = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    expect(existsSync(join(app, "bin", "flowlens"))).toBe(true);
    expect(existsSync(join(app, packageJson.bin.flowlens))).toBe(true);
    const missing = Object.keys(packageJson.dependencies).filter(
      (name) => !existsSync(join(app, "node_modules", name, "package.json")),
    );
    expect(missing).toEqual([]);
  });

  it("holds no package only development needs: no devDependency of the package or of the infra workspace", () => {
    const dev = [
      ...devDependencies(join(REPO, "package.json")),
      ...devDependencies(join(REPO, "infra/package.json")),
    ];
    expect(dev).toEqual(expect.arrayContaining(["vitest", "typescript", "playwright-core", "aws-cdk-lib"]));
    // A devDependency a production dependency also needs (@types/node, by @slack/web-api) belongs there.
    const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const onlyDev = dev.filter((name) => lock.packages[`node_modules/${name}`]?.dev === true);
    expect(onlyDev).toEqual(
      expect.arrayContaining(["vitest", "typescript", "playwright-core", "aws-cdk-lib"]),
    );
    expect(onlyDev.filter((name) => existsSync(join(app, "node_modules", name)))).toEqual([]);
    expect(existsSync(join(app, "node_modules", "flowlens-cdk"))).toBe(false);
  });

  it("holds no source, test or infra files: only the package's dist/, its README and what the image adds", () => {
    const files = ownFiles(app);
    const outside = files.filter((file) => !file.startsWith("dist/"));
    expect(outside.sort()).toEqual([
      "README.md",
      "bin/flowlens",
      "healthcheck.mjs",
      "package-lock.json",
      "package.json",
    ]);
    expect(files.filter((file) => /\.tsx?$/.test(file) && !file.endsWith(".d.ts"))).toEqual([]);
  });
});

describe("the Dockerfile", () => {
  const dockerfile = readFileSync(join(REPO, "Dockerfile"), "utf8");
  const json = (pattern: RegExp) => JSON.parse(pattern.exec(dockerfile)?.[1] ?? "null") as string[];

  it("makes /app with the script this file tests, and copies nothing else into it", () => {
    expect(dockerfile).toMatch(/^RUN npm run build && scripts\/assemble-image\.sh \/app$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app \/app$/m);
    expect(dockerfile.match(/^COPY .*\/app$/gm)).toHaveLength(1);
  });

  it("runs the install script of every package the lock file says has one, after npm ci skipped them", () => {
    const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(dockerfile).toMatch(/ npm ci --ignore-scripts /);
    const rebuilt = /&& npm rebuild (.+)$/m.exec(dockerfile)?.[1]?.split(" ");
    expect(rebuilt?.sort()).toEqual([...new Set(withScripts)].sort());
  });

  it("runs the assembled bin/flowlens as its entrypoint and healthcheck.mjs as its health check", () => {
    expect(json(/^ENTRYPOINT (\[.*\])$/m)).toEqual(["flowlens"]);
    expect(dockerfile).toMatch(/^ENV PATH=\/app\/bin:\$PATH /m);
    expect(existsSync(join(app, "bin", "flowlens"))).toBe(true);
    const check = json(/^HEALTHCHECK .* CMD (\[.*\])$/m);
    expect(check).toEqual(["node", "/app/healthcheck.mjs"]);
    expect(existsSync(join(app, "healthcheck.mjs"))).toBe(true);
  });
});

describe("the container image's flowlens", () => {
  it("prints its help from an empty folder", async () => {
    const result = await runInImage(app, tempDir(), "flowlens", ["--help"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: flowlens /);
    for (const command of ["demo", "daily", "serve"]) expect(result.stdout).toContain(`\n  ${command} `);
  });

  it("runs the demo: ingests it and writes its report with every insight and chart, exit 0", async () => {
    const workDir = tempDir();
    const args = ["demo", "--date", DAY, "--records-per-day", "3000", "--no-progress"];
    const result = await runInImage(app, workDir, "flowlens", args);
    expect(result.stderr).not.toContain("flowlens: ");
    expect(result.code).toBe(0);
    expectCompleteReport(join(workDir, "flowlens-demo", "report", DAY));
  });

  it("runs daily --no-deliver against the local S3: the day ingested and its report written, exit 0", async () => {
    const workDir = tempDir();
    const demoDir = join(workDir, "demo-objects");
    await generateDemo({ outDir: demoDir, startDate: DAY, days: 1, recordsPerDay: 3000 });
    const aws = await startDailyAwsWorld(demoDir, BUCKET);
    onTestFinished(() => Promise.all([aws.s3.close(), aws.secrets.close()]).then(() => undefined));
    const config = [
      "db: flowlens.duckdb",
      "daily:",
      `  sources: ["s3://${BUCKET}/"]`,
      "  reportDir: reports",
      "",
    ];
    writeFileSync(join(workDir, "flowlens.yaml"), config.join("\n"));
    const args = ["daily", "--date", DAY, "--no-deliver", "--json"];
    const result = await runInImage(app, workDir, "flowlens", args, aws.env);
    expect(result.stderr).not.toContain("flowlens: ");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ day: DAY });
    expectCompleteReport(join(workDir, "reports", DAY));
  });

  it("serves the dashboard's page and its script from serve", async () => {
    const workDir = tempDir();
    const port = await freePort();
    await startServe(workDir, ["--port", String(port)]);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script[^>]* src="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^\/assets\/.+\.js$/);
    expect((await fetch(`http://127.0.0.1:${port}${script}`)).status).toBe(200);
  });
});

describe("the container image's health check", () => {
  it("passes while serve answers on the port FLOWLENS_SERVE_PORT gives", async () => {
    const workDir = tempDir();
    const port = await freePort();
    const serve = await startServe(workDir, [], { FLOWLENS_SERVE_PORT: String(port) });
    const result = await healthCheck(tempDir(), serve.child.pid);
    expect(result.stdout).toBe(`healthy: http://127.0.0.1:${port}/healthz answered 200\n`);
    expect(result.code).toBe(0);
  });

  it("passes while serve answers on the port its --port flag gives", async () => {
    const workDir = tempDir();
    const port = await freePort();
    const serve = await startServe(workDir, [`--port=${port}`]);
    const result = await healthCheck(tempDir(), serve.child.pid);
    expect(result.stdout).toBe(`healthy: http://127.0.0.1:${port}/healthz answered 200\n`);
    expect(result.code).toBe(0);
  });

  it("passes while serve answers on the port of the config file in serve's working directory", async () => {
    const workDir = tempDir();
    const port = await freePort();
    writeFileSync(join(workDir, "flowlens.yaml"), `serve:\n  port: ${port}\n`);
    const serve = await startServe(workDir, []);
    const result = await healthCheck(tempDir(), serve.child.pid);
    expect(result.stdout).toBe(`healthy: http://127.0.0.1:${port}/healthz answered 200\n`);
    expect(result.code).toBe(0);
  });

  it("asks over HTTPS when serve has a TLS certificate", async () => {
    const workDir = tempDir();
    const port = await freePort();
    const tls = join(REPO, "test/fixtures/tls");
    const args = [
      "--port",
      String(port),
      "--tls-cert",
      join(tls, "cert.pem"),
      "--tls-key",
      join(tls, "key.pem"),
    ];
    const serve = await startServe(workDir, args);
    const result = await healthCheck(tempDir(), serve.child.pid);
    expect(result.stdout).toBe(`healthy: https://127.0.0.1:${port}/healthz answered 200\n`);
    expect(result.code).toBe(0);
  });

  it("fails, naming the address, when the serve process does not answer", async () => {
    const workDir = tempDir();
    const port = await freePort();
    // A process whose command line says serve but which listens nowhere.
    const silent = startInImage(app, workDir, "node", ["-e", "setInterval(() => {}, 1000)", "serve"], {
      FLOWLENS_SERVE_PORT: String(port),
    });
    onTestFinished(() => {
      silent.child.kill("SIGKILL");
    });
    const result = await healthCheck(tempDir(), silent.child.pid);
    expect(result.stdout).toBe(
      `unhealthy: http://127.0.0.1:${port}/healthz: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
    expect(result.code).toBe(1);
  });

  it("passes for a container whose command is not serve, such as a daily run", async () => {
    const workDir = tempDir();
    const daily = startInImage(app, workDir, "node", ["-e", "setInterval(() => {}, 1000)", "daily"]);
    onTestFinished(() => {
      daily.child.kill("SIGKILL");
    });
    const result = await healthCheck(tempDir(), daily.child.pid);
    expect(result.stdout).toBe(
      `healthy: process ${daily.child.pid} is not flowlens serve, so there is no endpoint to check\n`,
    );
    expect(result.code).toBe(0);
  });

  it("fails, saying why, when serve's settings are invalid", async () => {
    const workDir = tempDir();
    const serve = startInImage(app, workDir, "node", ["-e", "setInterval(() => {}, 1000)", "serve"], {
      FLOWLENS_SERVE_PORT: "not-a-port",
    });
    onTestFinished(() => {
      serve.child.kill("SIGKILL");
    });
    const result = await healthCheck(tempDir(), serve.child.pid);
    expect(result.stdout).toMatch(/^unhealthy: .*FLOWLENS_SERVE_PORT/);
    expect(result.code).toBe(1);
  });
});
