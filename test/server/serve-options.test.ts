/**
 * What `flowlens serve` is configured with: the forwarder route, body and spool limits, where the access
 * key comes from (and that it is never logged), log formats by delivery stream, and TLS.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { join } from "node:path";
import { Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { SecretValue } from "../../src/secrets/secret-value.js";
import { accessCheck } from "../../src/server/access-key.js";
import { buildServer } from "../../src/server/build-server.js";
import { RequestIndex } from "../../src/server/request-index.js";
import { Spool } from "../../src/server/spool/spool.js";
import { StreamFormats } from "../../src/server/stream-formats.js";
import { StreamReceiver } from "../../src/server/stream-receiver.js";
import {
  ACCESS_KEY,
  cloudWatchData,
  dataMessage,
  defaultRecords,
  firehoseRequest,
  textData,
} from "../helpers/firehose-payloads.js";
import { failureOf } from "../helpers/flowlens-failure.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startTestServer } from "../helpers/test-server.js";
import { secretsManager } from "../secrets/secrets-manager-environment.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

async function flowCount(server: Awaited<ReturnType<typeof startTestServer>>): Promise<number> {
  return Number((await server.rows("SELECT count(*) AS n FROM flows"))[0]?.n);
}

/** The HTTP side alone, with a real spool, and limits a test can reach. */
async function serverWith(limits: { maxBodyBytes?: number; bodyTimeoutMs?: number }) {
  const spool = await Spool.open(join(tempDir(), "spool"));
  const app = buildServer({
    firehosePath: "/firehose",
    accessCheck: accessCheck(new SecretValue(ACCESS_KEY)),
    receiver: new StreamReceiver(spool, new RequestIndex(3_600_000), new StreamFormats([])),
    readiness: () => ({ ready: true }),
    maxConcurrentRequests: 4,
    ...limits,
  });
  onTestFinished(() => app.close());
  return app;
}

describe("POST /awslogs (a forwarder's CloudWatch payload)", () => {
  it("stores the payload's events, and a resent payload once", async () => {
    const server = await startTestServer();
    const body = JSON.stringify({ awslogs: { data: cloudWatchData(dataMessage(defaultRecords(7))) } });
    const headers = { "content-type": "application/json", authorization: `Bearer ${ACCESS_KEY}` };
    expect((await server.post("/awslogs", headers, body)).status).toBe(200);
    expect((await server.post("/awslogs", headers, body)).status).toBe(200);
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(7);
    expect(await server.rows("SELECT endpoint, log_groups FROM stream_requests")).toEqual([
      { endpoint: "awslogs", log_groups: ["/vpc/flow-logs"] },
    ]);
  });

  it("answers 400 to a body that is not a Lambda awslogs event", async () => {
    const server = await startTestServer();
    const answer = await server.post(
      "/awslogs",
      { "content-type": "application/json", authorization: `Bearer ${ACCESS_KEY}` },
      '{"records": []}',
    );
    expect(answer).toEqual({
      status: 400,
      json: expect.objectContaining({ errorMessage: 'the body is not {"awslogs": {"data": "<base64>"}}' }),
    });
  });
});

describe("limits", () => {
  it("answers 413 to a body over the limit", async () => {
    const app = await serverWith({ maxBodyBytes: 4096 });
    const { headers, body } = firehoseRequest({ requestId: "r", records: [{ data: "A".repeat(8000) }] });
    const answer = await app.inject({ method: "POST", url: "/firehose", headers, payload: body });
    expect(answer.statusCode).toBe(413);
    expect(answer.json()).toMatchObject({
      requestId: "r",
      errorMessage: "the body is larger than 4096 bytes",
    });
  });

  it("answers 413 to a gzip body that unpacks to more than the limit", async () => {
    const app = await serverWith({ maxBodyBytes: 64 * 1024 });
    const json = JSON.stringify({ requestId: "r", timestamp: 1, records: [{ data: "A".repeat(1_000_000) }] });
    const { headers } = firehoseRequest({ requestId: "r", gzip: true, records: [] });
    const answer = await app.inject({ method: "POST", url: "/firehose", headers, payload: gzipSync(json) });
    expect(answer.statusCode).toBe(413);
  });

  it("answers 408 to a client whose body does not arrive in time", async () => {
    const app = await serverWith({ bodyTimeoutMs: 300 });
    const url = await app.listen({ host: "127.0.0.1", port: 0 });
    const { headers } = firehoseRequest({ requestId: "slow", records: [] });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(url).port), "127.0.0.1", () => {
        const lines = Object.entries({ ...headers, "content-length": "1000" }).map(([k, v]) => `${k}: ${v}`);
        socket.write(
          `POST /firehose HTTP/1.1\r\nhost: 127.0.0.1\r\n${lines.join("\r\n")}\r\n\r\n{"requestId": "slow", `,
        );
      });
      let received = "";
      socket.on("data", (chunk) => {
        received += String(chunk);
      });
      socket.on("close", () => resolve(received));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"requestId":"slow"');
    expect(answer).toContain('"errorMessage":"the body did not arrive within 0.3 s"');
  });

  it("answers 503 with Retry-After while the spool holds more than its limit, and /readyz says why", async () => {
    const server = await startTestServer({ maxSpoolMiB: 1 });
    const big = firehoseRequest({
      requestId: "a",
      records: [{ data: textData(defaultRecords(12_000).join("\n")) }],
    });
    expect((await server.post("/firehose", big.headers, big.body)).status).toBe(200);
    const next = firehoseRequest({
      requestId: "b",
      records: [{ data: textData(defaultRecords(1)[0] as string) }],
    });
    const refused = await fetch(`${server.url}/firehose`, {
      method: "POST",
      headers: next.headers,
      body: next.body,
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(((await refused.json()) as { errorMessage: string }).errorMessage).toMatch(
      /^flowlens is behind: 1(\.\d)? MiB wait to be loaded \(limit 1 MiB\); retry$/,
    );
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    await server.loader.loadAll();
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("a spool that cannot be written", () => {
  // Stands in for a failing disk: the spool's incoming folder is replaced by a file, then restored.
  it("is answered 500 (Firehose retries), and the next request is stored once it can be written again", async () => {
    const server = await startTestServer();
    const incoming = join(server.spool.dir, "incoming");
    rmSync(incoming, { recursive: true });
    writeFileSync(incoming, "not a folder");
    const first = firehoseRequest({
      requestId: "r",
      records: [{ data: textData(defaultRecords(1)[0] as string) }],
    });
    const failed = await server.post("/firehose", first.headers, first.body);
    expect(failed.status).toBe(500);
    expect(failed.json).toMatchObject({
      requestId: "r",
      errorMessage: expect.stringMatching(/^flowlens could not store the records: /),
    });
    rmSync(incoming);
    expect((await server.post("/firehose", first.headers, first.body)).status).toBe(200);
    await server.loader.loadAll();
    expect(await flowCount(server)).toBe(1);
  });
});

describe("the access key", () => {
  it('is read from a Secrets Manager secret shaped as Firehose stores it, {"api_key": …}', async () => {
    await secretsManager({
      secrets: [{ name: "flowlens/firehose", secretString: JSON.stringify({ api_key: "from-the-secret" }) }],
    });
    const server = await startTestServer({ accessKey: undefined, accessKeySecret: "flowlens/firehose" });
    const { headers, body } = firehoseRequest({
      requestId: "r",
      accessKey: "from-the-secret",
      records: [{ data: "" }],
    });
    expect((await server.post("/firehose", headers, body)).status).toBe(200);
    const wrong = firehoseRequest({ requestId: "r2", records: [{ data: "" }] });
    expect((await server.post("/firehose", wrong.headers, wrong.body)).status).toBe(401);
  });

  it("stops the server from starting when the secret holds no api_key", async () => {
    await secretsManager({
      secrets: [{ name: "flowlens/firehose", secretString: JSON.stringify({ key: "x" }) }],
    });
    const failure = await failureOf(
      startTestServer({ accessKey: undefined, accessKeySecret: "flowlens/firehose" }),
    );
    expect(failure.sentence).toBe(
      'secret "flowlens/firehose" holds no access key: expected key api_key; found key — store the key under "api_key": {"api_key": "…"}',
    );
  });

  it("never appears in the server's log, sent right or wrong", async () => {
    let log = "";
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += String(chunk);
        done();
      },
    });
    const server = await startTestServer({}, { logger: { level: "debug", stream } });
    for (const key of [ACCESS_KEY, "wrong-key-value-123"]) {
      const { headers, body } = firehoseRequest({ requestId: "r", accessKey: key, records: [{ data: "" }] });
      await server.post("/firehose", headers, body);
      await server.post(
        "/awslogs",
        { "content-type": "application/json", authorization: `Bearer ${key}` },
        "{}",
      );
    }
    expect(log).toContain("/firehose");
    expect(log).not.toContain(ACCESS_KEY);
    expect(log).not.toContain("wrong-key-value-123");
  });
});

describe("log formats of streamed records", () => {
  const CUSTOM =
    "${version} ${interface-id} ${srcaddr} ${dstaddr} ${bytes} ${start} ${end} ${action} ${log-status} ${az-id}";
  const customLine =
    "4 eni-0a1b2c3d4e5f00009 10.0.1.9 10.0.2.9 4096 1764547200 1764547260 ACCEPT OK use1-az4";

  it("come from the serve.streams entry of the delivery stream", async () => {
    const server = await startTestServer({ streams: [{ deliveryStream: "vpc-flows", logFormat: CUSTOM }] });
    const { headers, body } = firehoseRequest({ requestId: "r", records: [{ data: textData(customLine) }] });
    await server.post("/firehose", headers, body);
    await server.loader.loadAll();
    expect(await server.rows("SELECT interface_id, bytes, az_id FROM flows")).toEqual([
      { interface_id: "eni-0a1b2c3d4e5f00009", bytes: 4096, az_id: "use1-az4" },
    ]);
  });

  it("come from a common attribute when an entry names one", async () => {
    const server = await startTestServer({
      streams: [{ commonAttributes: { format: "custom" }, logFormat: CUSTOM }],
    });
    const custom = firehoseRequest({
      requestId: "r1",
      commonAttributes: { format: "custom" },
      records: [{ data: textData(customLine) }],
    });
    const plain = firehoseRequest({
      requestId: "r2",
      records: [{ data: textData(defaultRecords(1)[0] as string) }],
    });
    await server.post("/firehose", custom.headers, custom.body);
    await server.post("/firehose", plain.headers, plain.body);
    await server.loader.loadAll();
    expect(await server.rows("SELECT interface_id, az_id FROM flows ORDER BY interface_id")).toEqual([
      { interface_id: "eni-0a1b2c3d4e5f00001", az_id: null },
      { interface_id: "eni-0a1b2c3d4e5f00009", az_id: "use1-az4" },
    ]);
  });

  it("come from the field names of a filter pattern's extractedFields when no entry matches", async () => {
    const server = await startTestServer();
    const names = [
      "version",
      "interface_id",
      "srcaddr",
      "dstaddr",
      "bytes",
      "start",
      "end",
      "action",
      "log_status",
      "az_id",
    ];
    const values = customLine.split(" ");
    const event = {
      message: customLine,
      extractedFields: Object.fromEntries(names.map((n, i) => [n, values[i] as string])),
    };
    const { headers, body } = firehoseRequest({
      requestId: "r",
      records: [{ data: cloudWatchData(dataMessage([event])) }],
    });
    await server.post("/firehose", headers, body);
    await server.loader.loadAll();
    expect(await server.rows("SELECT az_id FROM flows")).toEqual([{ az_id: "use1-az4" }]);
  });

  it("are refused with the setting's name when a serve.streams format does not parse", async () => {
    const failure = await failureOf(
      (async () =>
        loadConfig({
          env: {},
          flags: { serve: { streams: [{ deliveryStream: "x", logFormat: "version bytes" }] } },
        }))(),
    );
    expect(failure.message).toContain(
      'serve.streams.0.logFormat: cannot read the log format "version bytes"',
    );
  });
});

describe("TLS", () => {
  it("serves HTTPS with --tls-cert and --tls-key", async () => {
    const fixtures = join(import.meta.dirname, "../fixtures/tls");
    const server = await startTestServer({
      tlsCert: join(fixtures, "cert.pem"),
      tlsKey: join(fixtures, "key.pem"),
    });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number>((resolve, reject) => {
      httpsRequest(`${server.url}/healthz`, { ca: readFileSync(join(fixtures, "cert.pem")) }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(200);
  });

  it("stops the server from starting when a TLS file cannot be read", async () => {
    const failure = await failureOf(
      startTestServer({ tlsCert: "/nonexistent/cert.pem", tlsKey: "/nonexistent/key.pem" }),
    );
    expect(failure.message).toMatch(/^cannot read the TLS certificate \/nonexistent\/cert\.pem: ENOENT/);
  });
});
