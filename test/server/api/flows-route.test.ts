/**
 * The flows explorer (GET /api/flows, /api/flows/sankey) on the small demo store, each answer checked
 * against SQL of the test's own on `flows`; and every filter value refused or bound, never run as SQL.
 */
import { describe, expect, it } from "vitest";
import { DEMO_DAY, demoStores, startApiServer } from "../../helpers/api-server.js";

const demoStore = demoStores();
const day = `from=${DEMO_DAY}&to=${DEMO_DAY}`;

interface TopRow {
  rank: number;
  value: string | number | null;
  records: number;
  bytes: number;
}

describe("GET /api/flows", () => {
  it("groups rejected records by destination port as SQL on flows does", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/flows?${day}&action=REJECT&groupBy=dstport&metric=records&top=5`);
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.source).toBe("flows");
    const truth = await server.rows(
      `SELECT dstport AS value, count(*)::INTEGER AS records FROM flows
       WHERE day = DATE '${DEMO_DAY}' AND action = 'REJECT' GROUP BY dstport ORDER BY records DESC, value LIMIT 5`,
    );
    expect(body.table.map((r: TopRow) => ({ value: r.value, records: r.records }))).toEqual(truth);
  });

  it("groups bytes by ENI from the rollup, equal to SQL on flows", async () => {
    const server = await startApiServer(demoStore());
    const body = (await server.get(`/api/flows?${day}&groupBy=eni&top=3&bucket=day`)).json();
    expect(body.source).toBe("flow_rollup");
    const truth = await server.rows(
      `SELECT interface_id AS value, sum(bytes)::DOUBLE AS bytes FROM flows WHERE day = DATE '${DEMO_DAY}'
       GROUP BY interface_id ORDER BY bytes DESC, value LIMIT 3`,
    );
    expect(body.table.map((r: TopRow) => ({ value: r.value, bytes: r.bytes }))).toEqual(truth);
  });

  it("filters on a source CIDR as the addresses' own prefix does", async () => {
    const server = await startApiServer(demoStore());
    const body = (
      await server.get(`/api/flows?${day}&srcaddr=10.0.0.0/16&groupBy=action&metric=records`)
    ).json();
    const truth = await server.rows(
      `SELECT action AS value, count(*)::INTEGER AS records FROM flows
       WHERE day = DATE '${DEMO_DAY}' AND srcaddr LIKE '10.0.%' GROUP BY action ORDER BY records DESC, value`,
    );
    expect(truth.length).toBeGreaterThan(0);
    expect(body.table.map((r: TopRow) => ({ value: r.value, records: r.records }))).toEqual(truth);
  });

  it("sums the series of the top values and the rest to the period's total", async () => {
    const server = await startApiServer(demoStore());
    const body = (await server.get(`/api/flows?${day}&groupBy=dstaddr&top=2&metric=bytes`)).json();
    expect(body.bucket).toBe("hour");
    const [total] = await server.rows(
      `SELECT sum(bytes)::DOUBLE AS bytes FROM flows WHERE day = DATE '${DEMO_DAY}'`,
    );
    const seriesBytes = body.series.reduce((sum: number, p: { bytes: number }) => sum + p.bytes, 0);
    expect(seriesBytes).toBe(total?.bytes);
    const tableBytes = body.table.reduce((sum: number, r: TopRow) => sum + r.bytes, 0);
    expect(tableBytes + body.other.bytes).toBe(total?.bytes);
    expect(body.other.values).toBeGreaterThan(0);
  });

  it("takes a filter value that looks like SQL as a value, matching nothing", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/flows?${day}&eni=${encodeURIComponent("x' OR 1=1 --")}`);
    expect(answer.statusCode).toBe(200);
    expect(answer.json().table).toEqual([]);
  });

  it("refuses an action that is not ACCEPT or REJECT", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/flows?${day}&action=DROP`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe('query parameter action: expected one of ACCEPT, REJECT, got "DROP"');
  });

  it("refuses a CIDR that does not parse", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/flows?${day}&dstaddr=10.0.0.0/33`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe(
      'query parameter dstaddr: expected an IP address or an IPv4 CIDR such as 10.0.0.0/16, got "10.0.0.0/33"',
    );
  });

  it("refuses an IPv6 prefix, which it cannot match yet", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/flows?${day}&addr=2600:1f18::/32`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe(
      'query parameter addr: expected an IPv4 CIDR (IPv6 prefixes are not supported yet; give an address), got "2600:1f18::/32"',
    );
  });

  it("refuses a port beyond 65535", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/flows?${day}&port=70000`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe('query parameter port: expected a port 0–65535, got "70000"');
  });

  it("refuses a groupBy that is no dimension", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/flows?${day}&groupBy=color`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatch(
      /^query parameter groupBy: expected one of "account", "vpc", .*got "color"$/,
    );
  });

  it("refuses a top of more than 100", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/flows?${day}&top=101`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe("query parameter top: expected a number at most 100, got 101");
  });
});

describe("GET /api/flows/sankey", () => {
  it("carries every byte of the day from source class to ENI kind and on to destination class", async () => {
    const server = await startApiServer(demoStore());
    const body = (await server.get(`/api/flows/sankey?${day}`)).json();
    const [total] = await server.rows(
      `SELECT sum(bytes)::DOUBLE AS bytes FROM flows WHERE day = DATE '${DEMO_DAY}'`,
    );
    const into = (stage: string) =>
      body.links
        .filter((l: { target: string }) => l.target.startsWith(`${stage}:`))
        .reduce((sum: number, l: { bytes: number }) => sum + l.bytes, 0);
    expect(into("eni")).toBe(total?.bytes);
    expect(into("destination")).toBe(total?.bytes);
    expect(body.nodes.map((n: { stage: string }) => n.stage)).toContain("source");
  });
});
