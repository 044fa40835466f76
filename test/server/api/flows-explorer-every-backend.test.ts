/**
 * The flows explorer on every backend: the demo day (and a few hand-written records with hostile IDs and
 * edge addresses) made by the built CLI in a DuckDB file, on a single ClickHouse server and on a two-shard
 * cluster; one `flowlens serve` in this process on each; every selection's JSON compared with DuckDB's.
 * Filter values are user input: each is refused with its sentence, or matched literally, on every backend.
 */
import { join } from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSettings } from "../../../src/config/config.js";
import { type RunningServer, startServer } from "../../../src/server/start-server.js";
import { clickHouseAvailable } from "../../helpers/clickhouse-server.js";
import { at, type CustomRecord, writeCustomLog } from "../../helpers/custom-flow-log.js";
import { type BackendTargets, everyBackendTargets } from "../../helpers/every-backend-targets.js";
import { ACCESS_KEY } from "../../helpers/firehose-payloads.js";
import { runCli } from "../../helpers/run-cli.js";
import { sharedTempDir } from "../../helpers/temp-dir.js";

const DAY = "2026-11-30";
const day = `from=${DAY}`;

/** IDs a filter must match as text, never as SQL or as a parameter (a record's fields hold no spaces). */
const HOSTILE_ENIS = [
  "eni-quote'x",
  "eni-back\\slash\\",
  "eni-\\');DROP/**/TABLE/**/flow_records;--",
  "eni-$p0",
  "eni-{p0:String}",
  'eni-"double"',
  "eni-ünïcödé-日本",
];
/** Edge addresses for CIDR filters: the ends of the IPv4 space and IPv6 addresses that read as 0 there. */
const EDGE_ADDRESSES = ["0.0.0.0", "255.255.255.255", "::", "::ffff:10.0.0.1"];

function hostileRecords(): CustomRecord[] {
  const record = (eni: string, i: number, srcaddr = "10.0.9.9"): CustomRecord => ({
    "interface-id": eni,
    srcaddr,
    dstaddr: "10.0.9.10",
    srcport: 40000 + i,
    dstport: 443,
    protocol: 6,
    packets: 1 + i,
    bytes: 100 * (i + 1),
    start: at(`${DAY}T10:0${i % 10}:00Z`),
    end: at(`${DAY}T10:0${i % 10}:30Z`),
    action: "ACCEPT",
    "flow-direction": "egress",
  });
  return [
    ...HOSTILE_ENIS.flatMap((eni, i) => Array.from({ length: i + 1 }, () => record(eni, i))),
    ...EDGE_ADDRESSES.map((address, i) => record("eni-edge", i, address)),
  ];
}

/** Selections of every kind: each table the explorer reads, metrics, buckets, joins, filters, top. */
const SELECTIONS = [
  "groupBy=eni&metric=bytes&top=5",
  "groupBy=eni&bucket=day&top=3",
  "groupBy=dstport&action=REJECT&metric=records&top=5",
  "groupBy=eniKind&metric=packets",
  "groupBy=srcClass&dstClass=internet,aws,public",
  "groupBy=dstaddr&top=2",
  "groupBy=protocol&addr=10.0.0.0/16",
  "groupBy=action&port=443,22&metric=records",
  "groupBy=az&direction=egress&bucket=day",
  "groupBy=dstport&eniKind=nat_gateway,unknown&top=4",
  "groupBy=trafficPath&srcaddr=10.0.0.0/8,172.16.0.0/12",
  "groupBy=account&top=100&bucket=day",
  "groupBy=dstClass&action=ACCEPT&protocol=6,17&bucket=hour",
  "groupBy=srcport&dstport=443&top=3",
];

describe.skipIf(!clickHouseAvailable)("the flows explorer on every backend", () => {
  let backends: BackendTargets;
  const servers = new Map<string, RunningServer>();
  /** The answer of every backend to one GET, DuckDB's first. */
  const everyAnswer = async (url: string) =>
    Promise.all(
      (backends?.targets ?? []).map(async (t) => ({
        name: t.name,
        answer: await (servers.get(t.name) as RunningServer).app.inject({ method: "GET", url }),
      })),
    );
  const expectSameJson = (answers: { name: string; answer: LightMyRequestResponse }[]) => {
    const [duck, ...others] = answers;
    expect(duck?.answer.statusCode, duck?.answer.body).toBe(200);
    for (const other of others) expect(other.answer.json(), other.name).toEqual(duck?.answer.json());
    return duck?.answer.json();
  };

  beforeAll(async () => {
    const dir = sharedTempDir();
    backends = await everyBackendTargets(dir, "explorer");
    const hostile = join(dir, "hostile.log.gz");
    writeCustomLog(hostile, hostileRecords());
    await Promise.all(
      backends.targets.map(async (target, i) => {
        const run = async (args: readonly string[]) => {
          const result = await runCli([...args, ...target.args]);
          expect(result.code, `${target.name}: ${args.join(" ")}: ${result.stderr}`).toBe(0);
        };
        await run(["ingest", hostile, "--no-progress"]);
        // The demo's report classifies the addresses, so address classes are known alike.
        await run(["demo", "--date", DAY, "--records-per-day", "3000", "--out-dir", join(dir, `demo-${i}`)]);
      }),
    );
    for (const target of backends.targets) {
      const { config, problems } = validateSettings({
        ...target.settings,
        serve: {
          port: 0,
          accessKey: ACCESS_KEY,
          loadEveryMs: 60_000,
          spoolDir: join(dir, `spool-${target.name}`),
        },
      });
      if (!config) throw new Error(problems.map((p) => p.message).join("; "));
      servers.set(target.name, await startServer({ config }));
    }
  }, 600_000);
  afterAll(async () => {
    for (const server of servers.values()) await server.stop();
    await backends?.stop();
  });

  for (const selection of SELECTIONS) {
    it(`GET /api/flows?${selection} answers the same top values and series on every backend`, async () => {
      const body = expectSameJson(await everyAnswer(`/api/flows?${day}&${selection}`));
      expect(body.series.length).toBeGreaterThan(0);
    });
  }

  it("GET /api/flows/sankey answers the same nodes and links on every backend", async () => {
    const body = expectSameJson(await everyAnswer(`/api/flows/sankey?${day}`));
    expect(body.links.length).toBeGreaterThan(2);
  });

  it("GET /api/flows/sankey with filters answers the same links on every backend", async () => {
    const body = expectSameJson(
      await everyAnswer(`/api/flows/sankey?${day}&action=REJECT&direction=ingress`),
    );
    expect(body.links.length).toBeGreaterThan(0);
  });

  it("GET /api/flows/dimensions lists the same dimensions on every backend", async () => {
    expectSameJson(await everyAnswer("/api/flows/dimensions"));
  });

  for (const [i, eni] of HOSTILE_ENIS.entries()) {
    it(`an ENI filter ${JSON.stringify(eni)} matches that ENI's records literally on every backend`, async () => {
      const answers = await everyAnswer(
        `/api/flows?${day}&groupBy=eni&metric=records&eni=${encodeURIComponent(eni)}`,
      );
      for (const { name, answer } of answers) {
        expect(
          answer.json().table.map((r: { value: string; records: number }) => [r.value, r.records]),
          name,
        ).toEqual([[eni, i + 1]]);
      }
    });
  }

  it("an ENI filter that looks like SQL matches nothing on every backend", async () => {
    const value = encodeURIComponent("x' OR 1=1 --,x\\' OR 1=1 --");
    for (const { name, answer } of await everyAnswer(`/api/flows?${day}&eni=${value}`))
      expect([name, answer.statusCode, answer.json().table]).toEqual([name, 200, []]);
  });

  it("a filter of 100 values of backslashes and quotes is matched literally on every backend", async () => {
    const values = Array.from({ length: 100 }, (_, i) => `${"\\".repeat(40)}'${i}`);
    values[99] = HOSTILE_ENIS[1] as string;
    const answers = await everyAnswer(
      `/api/flows?${day}&groupBy=eni&eni=${encodeURIComponent(values.join(","))}`,
    );
    for (const { name, answer } of answers)
      expect([name, answer.json().table.map((r: { value: string }) => r.value)]).toEqual([
        name,
        [HOSTILE_ENIS[1]],
      ]);
  });

  it("refuses 101 filter values on ClickHouse with the sentence it gives on DuckDB", async () => {
    const values = Array.from({ length: 101 }, (_, i) => `eni-${i}`).join(",");
    for (const { name, answer } of await everyAnswer(`/api/flows?${day}&eni=${values}`)) {
      expect([name, answer.statusCode, answer.json().error]).toEqual([
        name,
        400,
        'query parameter eni: expected at most 100 values, got "101 values"',
      ]);
    }
  });

  it("refuses a NUL in a filter value on every backend, naming the parameter", async () => {
    for (const { name, answer } of await everyAnswer(`/api/flows?${day}&vpc=vpc-1%00x`)) {
      expect([name, answer.statusCode, answer.json().error]).toEqual([
        name,
        400,
        'query parameter vpc: expected an ID of 1 to 256 characters, got "vpc-1\\u0000x"',
      ]);
    }
  });

  it("refuses an IPv6 prefix on ClickHouse as on DuckDB", async () => {
    for (const { name, answer } of await everyAnswer(`/api/flows?${day}&addr=::/0`)) {
      expect([name, answer.statusCode, answer.json().error]).toEqual([
        name,
        400,
        'query parameter addr: expected an IPv4 CIDR (IPv6 prefixes are not supported yet; give an address), got "::/0"',
      ]);
    }
  });

  it("0.0.0.0/0 matches every IPv4 source address and no IPv6 one on every backend", async () => {
    const body = expectSameJson(
      await everyAnswer(`/api/flows?${day}&groupBy=srcaddr&eni=eni-edge&srcaddr=0.0.0.0/0`),
    );
    expect(body.table.map((r: { value: string }) => r.value).sort()).toEqual(["0.0.0.0", "255.255.255.255"]);
  });

  it("a /32 at either end of the IPv4 space matches that one address on every backend", async () => {
    const body = expectSameJson(
      await everyAnswer(`/api/flows?${day}&groupBy=srcaddr&srcaddr=0.0.0.0/32,255.255.255.255/32`),
    );
    expect(body.table.map((r: { value: string }) => r.value).sort()).toEqual(["0.0.0.0", "255.255.255.255"]);
  });

  it("an IPv6 address filter matches that address as text on every backend", async () => {
    const body = expectSameJson(
      await everyAnswer(`/api/flows?${day}&groupBy=srcaddr&addr=${encodeURIComponent("::ffff:10.0.0.1")}`),
    );
    expect(body.table.map((r: { value: string }) => r.value)).toEqual(["::ffff:10.0.0.1"]);
  });
});
