import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

function configFile(text: string): string {
  const path = join(tempDir(), "flowlens.yaml");
  writeFileSync(path, text);
  return path;
}

/** Nine-fold aliases nested seven deep: 9^8 copies if expanded. */
function aliasBomb(): string {
  const lines = [`a: &a [${Array(9).fill('"x"').join(",")}]`];
  let previous = "a";
  for (let level = 0; level < 7; level++) {
    const name = `b${level}`;
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]`);
    previous = name;
  }
  return `${lines.join("\n")}\n`;
}

/** `count` entries under prices:, each keyed by something that is no region code. */
function pricesOfUnknownRegions(count: number): string {
  const lines = ["prices:"];
  for (let i = 0; i < count; i++) lines.push(`  r${i}: { natGatewayProcessing: 0.045 }`);
  return `${lines.join("\n")}\n`;
}

const BOMB =
  "its aliases (*name) expand to too many copies of their anchors (&name): yaml refuses this, as an alias bomb could exhaust memory; write the values out, or use fewer aliases";
const REGION_KEY =
  "expected an AWS region code as the key, such as us-east-1 or ap-southeast-2 (two letters, words, a number, joined by dashes)";

describe("a config file that would exhaust the reader", () => {
  it("config check names the file of an alias bomb, with no stack trace", async () => {
    const file = configFile(aliasBomb());
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${file}: ${BOMB}\n`);
  });

  it("a command refuses an alias bomb as a config error naming the file, exit 2", async () => {
    const file = configFile(aliasBomb());
    const { code, json } = await runCliJson(["stats", "--config", file, "--db", join(tempDir(), "s.duckdb")]);
    expect(code).toBe(2);
    expect(json).toEqual({ error: `${file}: ${BOMB}`, code: "FLOWLENS_CONFIG_INVALID" });
  });

  it("a price region that is no region code is named with what a region key is", async () => {
    const file = configFile(pricesOfUnknownRegions(1));
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.stderr).toBe(`error: ${file}:2:7 (prices.r0): ${REGION_KEY}, got "r0"\n`);
  });

  it("config check lists the first 50 problems of 20,000, then says how many more", async () => {
    const file = configFile(pricesOfUnknownRegions(20_000));
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(51);
    expect(lines[49]).toBe(`error: ${file}:51:8 (prices.r49): ${REGION_KEY}, got "r49"`);
    expect(lines[50]).toBe("… and 19950 more");
  });

  it("a command lists the first 50 problems of 20,000, then says how many more", async () => {
    const file = configFile(pricesOfUnknownRegions(20_000));
    const result = await runCli(["stats", "--config", file, "--db", join(tempDir(), "s.duckdb")]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("flowlens: 20000 settings are invalid:");
    expect(lines).toHaveLength(52);
    expect(lines[51]).toBe("  … and 19950 more");
  });

  it("config check --json lists every problem of 20,000", async () => {
    const file = configFile(pricesOfUnknownRegions(20_000));
    const { json } = await runCliJson<{ problems: unknown[] }>(["config", "check", "--config", file]);
    expect(json.problems).toHaveLength(20_000);
  });

  it("a key given twice in one mapping is named at its second place", async () => {
    const file = configFile("db: a.duckdb\ns3:\n  concurrency: 2\n  concurrency: 3\n");
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: ${file}:4:3: map keys must be unique: "concurrency" is given more than once here\n`,
    );
  });
});

describe("config check refuses what a run refuses", () => {
  it("an S3 endpoint that is not http(s) is listed with its line and column, its password unshown", async () => {
    const file = configFile('s3:\n  endpointUrl: "ftp://user:hunter2@x.example:21"\n');
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: ${file}:2:16 (s3.endpointUrl): expected an http(s) URL such as http://127.0.0.1:9000, got "ftp://x.example:21"\n`,
    );
  });

  it("ingest refuses that S3 endpoint by the same sentence, exit 2, before any call", async () => {
    const file = configFile('s3:\n  endpointUrl: "ftp://x"\n');
    const { code, json } = await runCliJson([
      "ingest",
      "s3://bucket/",
      "--config",
      file,
      "--db",
      join(tempDir(), "s.duckdb"),
    ]);
    expect(code).toBe(2);
    expect(json).toEqual({
      error: `${file}:2:16 (s3.endpointUrl): expected an http(s) URL such as http://127.0.0.1:9000, got "ftp://x"`,
      code: "FLOWLENS_CONFIG_INVALID",
    });
  });

  it("a Slack channel that is not a channel ID is listed with its line and column", async () => {
    const file = configFile('slack:\n  channel: "not a channel"\n');
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: ${file}:2:12 (slack.channel): expected a Slack channel ID (C… or G…, e.g. C0123456789), got "not a channel": the ID is at the bottom of the channel's details in Slack\n`,
    );
  });

  it("a Slack channel name is listed as a name, not an ID", async () => {
    const file = configFile('slack:\n  channel: "#general"\n');
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.stderr).toBe(
      `error: ${file}:2:12 (slack.channel): expected a Slack channel ID (C… or G…, e.g. C0123456789), got "#general", a channel name: the ID is at the bottom of the channel's details in Slack\n`,
    );
  });

  it("an unknown insight id is listed even when the insights folder does not exist", async () => {
    const file = configFile("insightsDir: /nonexistent\ninsights:\n  nope: {}\n");
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`error: ${file}:1:14 (insightsDir): the folder /nonexistent does not exist`);
    expect(lines[1]).toMatch(
      new RegExp(
        `^error: ${file}:3:9 \\(insights.nope\\): unknown insight: expected one of overview, .* \\(no user insights could be read from /nonexistent\\)$`,
      ),
    );
  });
});
