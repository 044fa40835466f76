import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { SNAPSHOT_PATH, snapshotText } from "../enrich/aws-ip-ranges-snapshot.js";
import { closedPortUrl, serveFiles } from "../enrich/serve-files.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

/** A store and a cache directory of the test's own. */
function setup() {
  const dir = tempDir();
  const cacheDir = join(dir, "cache");
  return {
    db: join(dir, "s.duckdb"),
    cacheDir,
    env: { FLOWLENS_CACHE_DIR: cacheDir, FLOWLENS_IP_RANGES_URL: undefined },
  };
}

describe("flowlens ip-ranges update", () => {
  it("downloads from --url, caches the file and prints what it loaded", async () => {
    const { db, cacheDir, env } = setup();
    const base = await serveFiles({ "/ip-ranges.json": { body: snapshotText() } });
    const result = await runCli(["ip-ranges", "update", "--url", `${base}/ip-ranges.json`, "--db", db], {
      env,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Loaded AWS IP ranges of 2026-08-22 15:17:05 UTC from ${base}/ip-ranges\\.json: 2,440 IPv4 and 890 IPv6 prefixes, \\d+ services \\(new: the store held no AWS IP ranges before\\)\\.\\n`,
      ),
    );
    expect(result.stdout).toContain(`Cached at ${join(cacheDir, "ip-ranges.json")}.`);
    expect(readFileSync(join(cacheDir, "ip-ranges.json"), "utf8")).toBe(snapshotText());
  });

  it("takes the URL from FLOWLENS_IP_RANGES_URL", async () => {
    const { db, env } = setup();
    const base = await serveFiles({ "/mirror.json": { body: snapshotText() } });
    const { code, json } = await runCliJson<{ source: string }>(["ip-ranges", "update", "--db", db], {
      env: { ...env, FLOWLENS_IP_RANGES_URL: `${base}/mirror.json` },
    });
    expect(code).toBe(0);
    expect(json.source).toBe(`${base}/mirror.json`);
  });

  it("--json prints the counts and whether the set changed", async () => {
    const { db, cacheDir, env } = setup();
    await runCli(["ip-ranges", "update", "--file", SNAPSHOT_PATH, "--db", db], { env });
    const { code, json } = await runCliJson(["ip-ranges", "update", "--file", SNAPSHOT_PATH, "--db", db], {
      env,
    });
    expect(code).toBe(0);
    expect(json).toEqual({
      createDate: "2026-08-22T15:17:05Z",
      syncToken: "1787411825",
      source: SNAPSHOT_PATH,
      ipv4Prefixes: 2_440,
      ipv6Prefixes: 890,
      services: expect.any(Number),
      changed: false,
      previousCreateDate: "2026-08-22T15:17:05Z",
      cachedAt: join(cacheDir, "ip-ranges.json"),
    });
  });

  it("says in one sentence which URL failed and to use --file, and exits 1", async () => {
    const { db, env } = setup();
    const url = await closedPortUrl();
    const result = await runCli(["ip-ranges", "update", "--url", url, "--db", db], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `flowlens: cannot download AWS IP ranges from ${url}: ECONNREFUSED — check the network or the URL, or download the file another way and pass it with --file\n`,
    );
  });

  it("names a file that is not an ip-ranges.json, with --json as {error, code}", async () => {
    const { db, env } = setup();
    const base = await serveFiles({ "/ip-ranges.json": { body: '{"syncToken": "1"}' } });
    const { code, json } = await runCliJson(
      ["ip-ranges", "update", "--url", `${base}/ip-ranges.json`, "--db", db],
      {
        env,
      },
    );
    expect(code).toBe(1);
    expect(json).toEqual({
      error: `${base}/ip-ranges.json is not a valid AWS ip-ranges.json: createDate: Invalid input: expected string, received undefined; prefixes: Invalid input: expected array, received undefined; ipv6_prefixes: Invalid input: expected array, received undefined — download it again from https://ip-ranges.amazonaws.com/ip-ranges.json (or run flowlens ip-ranges update without --file)`,
      code: "FLOWLENS_IP_RANGES_INVALID",
    });
    expect(existsSync(join(env.FLOWLENS_CACHE_DIR, "ip-ranges.json"))).toBe(false);
  });
});

describe("flowlens ip-ranges update usage", () => {
  it("refuses --file with --url and exits 2", async () => {
    const { db, env } = setup();
    const result = await runCli(
      ["ip-ranges", "update", "--file", "a.json", "--url", "http://x/", "--db", db],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "flowlens: --file a.json and --url http://x/ exclude each other — give one: --file to load a local copy, --url to download\n",
    );
  });
});

describe("flowlens ip-ranges show", () => {
  it("shows the date, age, counts and the top services", async () => {
    const { db, env } = setup();
    await runCli(["ip-ranges", "update", "--file", SNAPSHOT_PATH, "--db", db], { env });
    const result = await runCli(["ip-ranges", "show", "--db", db], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^AWS IP ranges of 2026-08-22 15:17:05 UTC \(\d+ day\(s\) old\), sync token 1787411825, loaded \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC from /,
    );
    expect(result.stdout).toContain("2,440 IPv4 and 890 IPv6 prefixes");
    expect(result.stdout).toContain("Prefixes per service (top 10):");
    expect(result.stdout).toMatch(/│ AMAZON +│ 1394 +│/);
  });

  it("--json gives the same as data", async () => {
    const { db, env } = setup();
    await runCli(["ip-ranges", "update", "--file", SNAPSHOT_PATH, "--db", db], { env });
    const { json } = await runCliJson<{ loaded: boolean; topServices: unknown[]; ipv6Prefixes: number }>(
      ["ip-ranges", "show", "--db", db],
      { env },
    );
    expect(json).toMatchObject({ loaded: true, ipv6Prefixes: 890 });
    expect(json.topServices).toHaveLength(10);
  });

  it("says when the store holds no AWS IP ranges", async () => {
    const { db, env } = setup();
    (await DuckDbStore.open(db)).close();
    const result = await runCli(["ip-ranges", "show", "--db", db], { env });
    expect(result.stdout).toBe(
      "No AWS IP ranges in the store: run flowlens ip-ranges update (or --file ip-ranges.json).\n",
    );
  });
});
