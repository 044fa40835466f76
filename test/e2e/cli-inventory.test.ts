import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { generateDemo } from "../../src/sources/demo/generate-demo.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { ACCOUNT, EC2_ESTATE } from "../enrich/inventory/ec2-estate.js";
import { EC2_TEST_CREDENTIALS, type Ec2ServerOptions, startEc2Server } from "../helpers/ec2-server.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

async function demoInventory(): Promise<string> {
  const demo = await generateDemo({
    outDir: join(tempDir(), "demo"),
    startDate: "2026-11-20",
    recordsPerDay: 200,
  });
  return demo.inventoryPath;
}

async function ec2Server(options: Partial<Ec2ServerOptions> = {}) {
  const server = await startEc2Server({ regions: EC2_ESTATE, ...options });
  onTestFinished(() => server.close());
  return server;
}

/** An AWS environment that reads nothing from the machine: no ~/.aws files, no instance metadata. */
function awsEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    AWS_CONFIG_FILE: join(dir, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: EC2_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EC2_TEST_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_EC2: undefined,
    ...extra,
  };
}

describe("flowlens inventory", () => {
  it("import loads the demo's inventory.json and prints rows per account and region", async () => {
    const db = join(tempDir(), "s.duckdb");
    const file = await demoInventory();
    const { code, json } = await runCliJson<{ counts: { account_id: string; enis: number }[] }>([
      "inventory",
      "import",
      file,
      "--db",
      db,
    ]);
    expect(code).toBe(0);
    expect(json.counts.map((c) => [c.account_id, c.enis])).toEqual([
      ["111111111111", 12],
      ["222222222222", 13],
    ]);
  });

  it("import names the JSON path of a wrong value and exits 1", async () => {
    const dir = tempDir();
    const file = join(dir, "inventory.json");
    writeFileSync(file, JSON.stringify({ region: "us-east-1", accounts: [{ id: "1111", azIds: {} }] }));
    const { code, stderr } = await runCli(["inventory", "import", file, "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `flowlens: inventory file ${file} is not valid: $.accounts[0].id: expected a 12-digit AWS account ID, got "1111"; ` +
        "$.vpcs: missing, expected array; $.subnets: missing, expected array; $.networkInterfaces: missing, expected array",
    );
  });

  it("show prints rows per account and region and ENIs per kind", async () => {
    const db = join(tempDir(), "s.duckdb");
    await runCli(["inventory", "import", await demoInventory(), "--db", db]);
    const { code, stdout } = await runCli(["inventory", "show", "--db", db]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Inventory per account and region:[\s\S]*│ 222222222222 │ us-east-1 │ 3 +│ 0 /);
    expect(stdout).toMatch(/ENIs per kind:[\s\S]*│ instance +│ 12 +│[\s\S]*│ nat_gateway +│ 1 +│/);
  });

  it("sync describes the estate at --endpoint-url with the profile's credentials", async () => {
    const dir = tempDir();
    const server = await ec2Server();
    writeFileSync(
      join(dir, "aws-credentials"),
      "[audit]\naws_access_key_id = AKIAFLOWLENSAUDIT001\naws_secret_access_key = audit-secret\n",
    );
    const env = awsEnv(dir, { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const { code, json } = await runCliJson<{ regions: { region: string; accountId: string }[] }>(
      [
        "inventory",
        "sync",
        "--profile",
        "audit",
        "--regions",
        "us-east-1,us-west-2",
        "--endpoint-url",
        server.endpoint,
        "--db",
        join(dir, "s.duckdb"),
      ],
      { env },
    );
    expect(code).toBe(0);
    expect(json.regions.map((r) => [r.region, r.accountId])).toEqual([
      ["us-east-1", ACCOUNT],
      ["us-west-2", ACCOUNT],
    ]);
    expect(new Set(server.requests.map((r) => r.accessKeyId))).toEqual(new Set(["AKIAFLOWLENSAUDIT001"]));
  });

  it("sync uses AWS_ENDPOINT_URL_EC2 and the configured region", async () => {
    const dir = tempDir();
    const server = await ec2Server();
    const { code, stdout } = await runCli(["inventory", "sync", "--db", join(dir, "s.duckdb")], {
      env: awsEnv(dir, { AWS_ENDPOINT_URL_EC2: server.endpoint }),
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`Synced us-east-1 as account ${ACCOUNT}:`);
    expect(new Set(server.requests.map((r) => r.region))).toEqual(new Set(["us-east-1"]));
  });

  it("sync prints one sentence when EC2 refuses a call, without credentials, and exits 1", async () => {
    const dir = tempDir();
    const server = await ec2Server({
      failures: {
        DescribeNetworkInterfaces: {
          status: 403,
          code: "UnauthorizedOperation",
          message: "You are not authorized.",
        },
      },
    });
    const { code, stdout, stderr } = await runCli(
      ["inventory", "sync", "--endpoint-url", server.endpoint, "--db", join(dir, "s.duckdb"), "--verbose"],
      { env: awsEnv(dir) },
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      "flowlens: cannot describe network interfaces in us-east-1: UnauthorizedOperation — allow ec2:DescribeNetworkInterfaces\n",
    );
    expect(`${stdout}${stderr}`).not.toContain(EC2_TEST_CREDENTIALS.secretAccessKey);
    expect(`${stdout}${stderr}`).not.toContain(EC2_TEST_CREDENTIALS.accessKeyId);
  });

  it("sync --json reports the failure as {error, code}", async () => {
    const dir = tempDir();
    const server = await ec2Server({
      failures: {
        DescribeSubnets: { status: 403, code: "UnauthorizedOperation", message: "You are not authorized." },
      },
    });
    const { code, json } = await runCliJson(
      ["inventory", "sync", "--endpoint-url", server.endpoint, "--db", join(dir, "s.duckdb")],
      { env: awsEnv(dir) },
    );
    expect(code).toBe(1);
    expect(json).toEqual({
      error: "cannot describe subnets in us-east-1: UnauthorizedOperation — allow ec2:DescribeSubnets",
      code: "FLOWLENS_EC2_FAILED",
    });
  });

  it("sync refuses a --regions value that is not a list of regions, with exit code 2", async () => {
    const dir = tempDir();
    const { code, stderr } = await runCli(
      ["inventory", "sync", "--regions", "us-east-1;eu", "--db", join(dir, "s.duckdb")],
      {
        env: awsEnv(dir),
      },
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      "flowlens: --regions us-east-1;eu is not a list of regions: expected e.g. us-east-1,eu-west-1 — separate AWS region names with commas",
    );
  });

  it("import says when the file does not exist", async () => {
    const dir = tempDir();
    const file = join(dir, "missing.json");
    const { code, stderr } = await runCli(["inventory", "import", file, "--db", join(dir, "s.duckdb")]);
    expect(code).toBe(1);
    expect(stderr).toContain(`flowlens: inventory file ${file} does not exist — check the path`);
  });

  it("show says when nothing was imported yet", async () => {
    const db = join(tempDir(), "s.duckdb");
    (await DuckDbStore.open(db)).close();
    const { code, stdout } = await runCli(["inventory", "show", "--db", db]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "Inventory: none imported yet (flowlens inventory import FILE, or flowlens inventory sync).\n",
    );
  });

  it("sync prints each region's rows, and says when a region shows nothing of the account", async () => {
    const dir = tempDir();
    const server = await ec2Server();
    const { code, stdout } = await runCli(
      [
        "inventory",
        "sync",
        "--regions",
        "us-west-2,eu-central-1",
        "--endpoint-url",
        server.endpoint,
        "--db",
        join(dir, "s.duckdb"),
      ],
      { env: awsEnv(dir) },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `Synced us-west-2 as account ${ACCOUNT}:\\n[\\s\\S]*│ ${ACCOUNT} │ us-west-2 │ 2 +│ 1 +│ 1 +│ 1 +│ 1 +│ 0 +│ 0 +│`,
      ),
    );
    expect(stdout).toContain(
      "eu-central-1: no route table, VPC endpoint or ENI of this account is visible, so nothing was imported.",
    );
  });

  it("sync without --regions or a configured region exits 2 and says how to set one", async () => {
    const dir = tempDir();
    const { code, stderr } = await runCli(["inventory", "sync", "--db", join(dir, "s.duckdb")], {
      env: awsEnv(dir, { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined }),
    });
    expect(code).toBe(2);
    expect(stderr).toContain(
      "flowlens: no AWS region is configured to sync the inventory of — pass --regions us-east-1,eu-west-1, set AWS_REGION, or set region in the profile",
    );
  });

  it("sync refuses an --endpoint-url that is not an http(s) URL", async () => {
    const dir = tempDir();
    const { code, stderr } = await runCli(
      ["inventory", "sync", "--endpoint-url", "127.0.0.1:4566", "--db", join(dir, "s.duckdb")],
      { env: awsEnv(dir) },
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      'flowlens: endpoint URL "127.0.0.1:4566" is not an http(s) URL: expected e.g. http://127.0.0.1:4566 — give the EC2-compatible API\'s address including http:// or https://',
    );
  });
});
