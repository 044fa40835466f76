/**
 * The Firehose HTTP endpoint contract over real sockets on loopback: statuses, response bodies, the access
 * key, and what is stored (the store is read back after the spool is loaded).
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  ACCESS_KEY,
  CONTROL_MESSAGE,
  cloudWatchData,
  dataMessage,
  defaultRecords,
  firehoseRequest,
  SOURCE_ARN,
  textData,
} from "../helpers/firehose-payloads.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

async function send(server: TestServer, input: Parameters<typeof firehoseRequest>[0]) {
  const { headers, body } = firehoseRequest(input);
  return server.post("/firehose", headers, body);
}

async function flowCount(server: TestServer): Promise<number> {
  return Number((await server.rows("SELECT count(*) AS n FROM flows"))[0]?.n);
}

describe("POST /firehose", () => {
  it("answers 200 with the request's id and a timestamp, and nothing else", async () => {
    const server = await startTestServer();
    const before = Date.now();
    const answer = await send(server, {
      requestId: "r-1",
      records: [{ data: cloudWatchData(dataMessage(defaultRecords(3))) }],
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json as object)).toEqual(["requestId", "timestamp"]);
    expect((answer.json as { requestId: string }).requestId).toBe("r-1");
    expect((answer.json as { timestamp: number }).timestamp).toBeGreaterThanOrEqual(before);
  });

  it("stores every log event of a CloudWatch subscription payload once the spool is loaded", async () => {
    const server = await startTestServer();
    const records = defaultRecords(250);
    await send(server, {
      requestId: "r-1",
      records: [
        { data: cloudWatchData(dataMessage(records.slice(0, 100))) },
        { data: cloudWatchData(dataMessage(records.slice(100))) },
      ],
    });
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(250);
    expect(await server.rows("SELECT sum(bytes)::BIGINT AS b FROM flows")).toEqual([{ b: (250 * 251) / 2 }]);
  });

  it('stores direct VPC Flow Logs records, plain and wrapped in {"message": …}', async () => {
    const server = await startTestServer();
    const [a, b, c] = defaultRecords(3);
    await send(server, {
      requestId: "r-1",
      records: [{ data: textData(`${a}\n${b}`) }, { data: textData(JSON.stringify({ message: c })) }],
    });
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(3);
  });

  it("takes a gzip Content-Encoding body", async () => {
    const server = await startTestServer();
    const answer = await send(server, {
      requestId: "r-1",
      gzip: true,
      records: [{ data: textData(defaultRecords(1)[0] as string) }],
    });
    expect(answer.status).toBe(200);
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(1);
  });

  it("acknowledges a control message and stores nothing for it", async () => {
    const server = await startTestServer();
    const answer = await send(server, {
      requestId: "r-1",
      records: [{ data: cloudWatchData(CONTROL_MESSAGE) }],
    });
    expect(answer.status).toBe(200);
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(0);
    expect(await server.rows("SELECT records, control_messages, flow_lines FROM stream_requests")).toEqual([
      { records: 1, control_messages: 1, flow_lines: 0 },
    ]);
  });

  it("keeps the source ARN and the common attributes with the request's records", async () => {
    const server = await startTestServer();
    await send(server, {
      requestId: "r-1",
      commonAttributes: { env: "prod", team: "data" },
      records: [{ data: textData(defaultRecords(1)[0] as string) }],
    });
    await server.loader.loadAll();
    expect(
      await server.rows(
        `SELECT q.delivery_stream, q.source_arn, q.common_attributes::VARCHAR AS attributes, count(f.source_id)::INTEGER AS flows
         FROM stream_requests q JOIN sources s ON s.uri = q.uris[1] JOIN flows f USING (source_id) GROUP BY ALL`,
      ),
    ).toEqual([
      {
        delivery_stream: "vpc-flows",
        source_arn: SOURCE_ARN,
        attributes: '{"env":"prod","team":"data"}',
        flows: 1,
      },
    ]);
  });
  it("keeps a log group name exactly as the payload wrote it, quotes and all", async () => {
    const server = await startTestServer();
    const group = "/vpc/o'brien'); DROP TABLE flows; --";
    await send(server, {
      requestId: "r-1",
      records: [{ data: cloudWatchData(dataMessage(defaultRecords(1), group)) }],
    });
    await server.loader.loadAll();
    expect(await server.rows("SELECT log_groups FROM stream_requests")).toEqual([{ log_groups: [group] }]);
    expect(await flowCount(server)).toBe(1);
  });
});

describe("a retried request", () => {
  it("stores nothing again while its first delivery waits in the spool", async () => {
    const server = await startTestServer();
    const input = { requestId: "r-1", records: [{ data: cloudWatchData(dataMessage(defaultRecords(10))) }] };
    expect((await send(server, input)).status).toBe(200);
    expect((await send(server, input)).status).toBe(200);
    expect(server.spool.ready()).toHaveLength(1);
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(10);
  });

  it("stores nothing again once its first delivery is in the store", async () => {
    const server = await startTestServer();
    const input = { requestId: "r-1", records: [{ data: cloudWatchData(dataMessage(defaultRecords(10))) }] };
    await send(server, input);
    await server.loader.loadAll();
    expect((await send(server, input)).status).toBe(200);
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(10);
    expect(await server.rows("SELECT count(*)::INTEGER AS n FROM stream_duplicates")).toEqual([{ n: 1 }]);
  });

  it("stores nothing again after the server restarted", async () => {
    const first = await startTestServer();
    const input = { requestId: "r-1", records: [{ data: cloudWatchData(dataMessage(defaultRecords(10))) }] };
    await send(first, input);
    await first.stop();
    const second = await startTestServer({}, { db: first.db });
    expect((await send(second, input)).status).toBe(200);
    expect(second.spool.ready()).toHaveLength(0);
    await second.loader.loadAll();
    expect(await flowCount(second)).toBe(10);
  });

  it("sent twice at once is stored once", async () => {
    const server = await startTestServer();
    const input = {
      requestId: "r-1",
      records: [{ data: cloudWatchData(dataMessage(defaultRecords(2000))) }],
    };
    const answers = await Promise.all([send(server, input), send(server, input), send(server, input)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(server.spool.ready()).toHaveLength(1);
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(2000);
  });
});

describe("records a request holds that are not flow records", () => {
  it("are quarantined with their reasons while the request's good records are stored", async () => {
    const server = await startTestServer();
    const [good1, good2] = defaultRecords(2);
    const cutGzip = gzipSync(JSON.stringify(dataMessage([good1 as string])))
      .subarray(0, 20)
      .toString("base64");
    const answer = await send(server, {
      requestId: "r-1",
      records: [
        { data: textData(good1 as string) },
        { data: "%%% not base64" },
        { data: cutGzip },
        { data: textData("this is not a flow record") },
        { data: textData(good2 as string) },
      ],
    });
    expect(answer.status).toBe(200);
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(2);
    const reasons = (await server.rows("SELECT reason FROM rejects ORDER BY line NULLS FIRST, reason")).map(
      (r) => r.reason,
    );
    expect(reasons).toEqual([
      "record 2 of the request: the record's data is not valid base64",
      expect.stringMatching(/^record 3 of the request: the payload is not a complete gzip stream/),
      "expected 14 fields, found 6",
    ]);
  });

  it("are counted in the ledger of the request's object", async () => {
    const server = await startTestServer();
    await send(server, {
      requestId: "r-1",
      records: [{ data: "%%%" }, { data: textData(defaultRecords(1)[0] as string) }],
    });
    await server.loader.loadAll();
    expect(await server.rows("SELECT uri, row_count, rejected_count FROM sources")).toEqual([
      { uri: "firehose://vpc-flows/r-1/0", row_count: 1, rejected_count: 1 },
    ]);
  });
});

describe("a request that is wrong as a whole", () => {
  const cases: [string, () => ReturnType<typeof firehoseRequest>, number, string][] = [
    [
      "without an access key",
      () => firehoseRequest({ requestId: "r", accessKey: null, records: [] }),
      401,
      "the access key is missing or wrong",
    ],
    [
      "with a wrong access key",
      () => firehoseRequest({ requestId: "r", accessKey: `${ACCESS_KEY}x`, records: [] }),
      401,
      "the access key is missing or wrong",
    ],
    [
      "whose body is not JSON",
      () => ({ ...firehoseRequest({ requestId: "r", records: [] }), body: Buffer.from("{not json") }),
      400,
      "the body is not JSON",
    ],
    [
      "whose body's requestId differs from the header's",
      () => firehoseRequest({ requestId: "r", bodyRequestId: "other", records: [{ data: "" }] }),
      400,
      "the body's requestId differs from the X-Amz-Firehose-Request-Id header",
    ],
    [
      "with no records",
      () => firehoseRequest({ requestId: "r", records: [] }),
      400,
      "the body holds 0 records; Firehose sends 1 to 10000",
    ],
    [
      "with more than 10,000 records",
      () =>
        firehoseRequest({ requestId: "r", records: Array.from({ length: 10_001 }, () => ({ data: "" })) }),
      400,
      "the body holds 10001 records; Firehose sends 1 to 10000",
    ],
    [
      "whose Content-Type is not JSON",
      () => {
        const r = firehoseRequest({ requestId: "r", records: [{ data: "" }] });
        return { ...r, headers: { ...r.headers, "content-type": "text/plain" } };
      },
      415,
      "the body must be Content-Type application/json",
    ],
    [
      "whose gzip body is cut short",
      () => {
        const r = firehoseRequest({ requestId: "r", gzip: true, records: [{ data: "" }] });
        return { ...r, body: r.body.subarray(0, r.body.length - 8) };
      },
      400,
      "the body is Content-Encoding gzip but not a complete gzip stream",
    ],
    [
      "in an encoding other than gzip",
      () => {
        const r = firehoseRequest({ requestId: "r", records: [{ data: "" }] });
        return { ...r, headers: { ...r.headers, "content-encoding": "br" } };
      },
      415,
      "Content-Encoding br is not supported; use gzip or none",
    ],
    [
      "without a request id header",
      () => {
        const r = firehoseRequest({ requestId: "r", records: [{ data: "" }] });
        const { "x-amz-firehose-request-id": _, ...headers } = r.headers;
        return { ...r, headers };
      },
      400,
      "the X-Amz-Firehose-Request-Id header is missing",
    ],
  ];
  for (const [what, request, status, errorMessage] of cases) {
    it(`${what} is answered ${status} with its reason, and nothing is stored`, async () => {
      const server = await startTestServer();
      const { headers, body } = request();
      const answer = await server.post("/firehose", headers, body);
      expect(answer.status).toBe(status);
      expect(answer.json).toMatchObject({ errorMessage });
      await server.loader.loadAll();
      expect(await server.rows("SELECT count(*)::INTEGER AS n FROM stream_requests")).toEqual([{ n: 0 }]);
    });
  }
});
