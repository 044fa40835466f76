import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FlowlensError } from "../../../src/errors.js";
import { clickHousePassword } from "../../../src/store/backends.js";
import { flowRollupSelect, hourlyRollupSelect } from "../../../src/store/clickhouse/clickhouse-schema.js";
import { ClickHouseStore } from "../../../src/store/clickhouse/clickhouse-store.js";
import { type ClickHouseTarget, parseClickHouseUrl } from "../../../src/store/clickhouse/clickhouse-url.js";
import { initClickHouseStore } from "../../../src/store/clickhouse/init-store.js";
import {
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
} from "../../helpers/clickhouse-server.js";
import {
  SECRETS_MANAGER_TEST_CREDENTIALS,
  startSecretsManagerServer,
} from "../../helpers/secrets-manager-server.js";
import { startSilentServer } from "../../helpers/unanswering-servers.js";

function target(url: string): ClickHouseTarget {
  const parsed = parseClickHouseUrl(url);
  if ("problem" in parsed) throw new Error(parsed.problem);
  return parsed;
}

async function failure(promise: Promise<unknown>): Promise<FlowlensError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FlowlensError)) throw new Error(`expected a FlowlensError, got ${String(error)}`);
  return error;
}

it("a server that accepts connections and never answers is given up on after the time limit, naming it", async () => {
  const silent = await startSilentServer();
  const port = new URL(silent.endpoint).port;
  const error = await failure(
    ClickHouseStore.open(target(`clickhouse://default@127.0.0.1:${port}/db`), { requestTimeoutMs: 300 }),
  );
  expect(error.code).toBe("FLOWLENS_STORE_UNREACHABLE");
  expect(error.message).toMatch(
    new RegExp(`^ClickHouse store clickhouse://default@127\\.0\\.0\\.1:${port}/db does not answer: `),
  );
});

it("the password comes from the Secrets Manager secret the URL names", async () => {
  const secrets = await startSecretsManagerServer({
    secrets: [{ name: "flowlens/clickhouse", secretString: JSON.stringify({ password: "from-the-secret" }) }],
  });
  try {
    vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint);
    vi.stubEnv("AWS_ACCESS_KEY_ID", SECRETS_MANAGER_TEST_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", SECRETS_MANAGER_TEST_CREDENTIALS.secretAccessKey);
    vi.stubEnv("AWS_REGION", "us-east-1");
    const password = await clickHousePassword(
      { store: "clickhouse://u@h/db?secret=flowlens/clickhouse" },
      {},
    );
    expect(password).toBe("from-the-secret");
    expect(secrets.requests.map((r) => r.secretId)).toEqual(["flowlens/clickhouse"]);
  } finally {
    vi.unstubAllEnvs();
    await secrets.close();
  }
});

describe.skipIf(!clickHouseAvailable)("ClickHouse refusals", () => {
  let server: ClickHouseServer;
  beforeAll(async () => {
    server = await startClickHouse({ password: "the-right-password" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a wrong password is refused with a sentence naming the server and the user, never the password", async () => {
    const error = await failure(
      ClickHouseStore.open(target(`clickhouse://default@127.0.0.1:${server.httpPort}/default`), {
        password: "a-wrong-password",
      }),
    );
    expect(error.code).toBe("FLOWLENS_STORE_UNREACHABLE");
    expect(error.message).toMatch(
      new RegExp(
        `^ClickHouse store clickhouse://default@127\\.0\\.0\\.1:${server.httpPort}/default refused user "default": `,
      ),
    );
    expect(error.hint).toBe(
      "set the password in FLOWLENS_CLICKHOUSE_PASSWORD, or name a Secrets Manager secret with ?secret=ID",
    );
    expect(error.sentence).not.toContain("a-wrong-password");
  });

  it("a statement the server refuses names the server and its reason", async () => {
    const store = await ClickHouseStore.open(
      target(`clickhouse://default@127.0.0.1:${server.httpPort}/default`),
      {
        password: "the-right-password",
      },
    );
    try {
      const error = await failure(store.run("SELECT nope FROM system.one"));
      expect(error.code).toBe("FLOWLENS_QUERY_FAILED");
      expect(error.message).toContain(
        `ClickHouse store clickhouse://default@127.0.0.1:${server.httpPort}/default refused a statement: `,
      );
      expect(error.message).toContain("nope");
    } finally {
      await store.close();
    }
  });

  it("a statement longer than the server's 256 KiB parser limit runs (a ledger lookup of thousands of long keys)", async () => {
    const store = await ClickHouseStore.open(
      target(`clickhouse://default@127.0.0.1:${server.httpPort}/default`),
      { password: "the-right-password" },
    );
    try {
      const keys = Array.from(
        { length: 3000 },
        (_, i) =>
          `'s3://flow-logs/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/30/object-${i}-${"x".repeat(100)}.log.gz'`,
      );
      const sql = `SELECT count() AS n FROM system.one WHERE 'absent' NOT IN (${keys.join(", ")})`;
      expect(Buffer.byteLength(sql)).toBeGreaterThan(262_144);
      expect(Number(await store.value(sql))).toBe(1);
      await store.run(`SELECT 1 FROM system.one WHERE 'absent' NOT IN (${keys.join(", ")})`);
    } finally {
      await store.close();
    }
  });

  it("rows of a load whose ledger rows were never written are seen neither in flows nor in the rollups", async () => {
    const url = `clickhouse://default@127.0.0.1:${server.httpPort}/uncommitted`;
    await initClickHouseStore(target(url), { password: "the-right-password" });
    const store = await ClickHouseStore.open(target(url), { password: "the-right-password" });
    try {
      await store.run(
        "INSERT INTO flow_records (day, source_id, interface_id, bytes, packets, load_id) VALUES ('2026-11-30', 1, 'eni-1', 100, 1, 42)",
      );
      // The load's rollup rows, as a load ships them with its rows.
      await store.run(`INSERT INTO flow_rollup_parts ${flowRollupSelect("flow_records", "1", 1, "load_id")}`);
      await store.run(
        `INSERT INTO hourly_rollup_parts ${hourlyRollupSelect("flow_records", "1", 1, "load_id")}`,
      );
      const seen = async () => [
        Number(await store.value("SELECT count() FROM flows")),
        Number(await store.value("SELECT sum(records) FROM flow_rollup")),
        Number(await store.value("SELECT sum(records) FROM hourly_rollup")),
      ];
      expect(await seen()).toEqual([0, 0, 0]);
      await store.insertRows("source_versions", [
        {
          source_id: 1,
          uri: "file:///x",
          status: "loaded",
          row_count: 1,
          rejected_count: 0,
          loaded_at: "2026-11-30 00:00:00",
          load_id: 42,
        },
      ]);
      expect(await seen()).toEqual([1, 1, 1]);
    } finally {
      await store.close();
    }
  });
});
