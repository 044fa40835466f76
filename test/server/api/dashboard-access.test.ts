/**
 * Who may use the dashboard's API and the headers it answers with: no credential on loopback, a token or
 * basic auth when one is configured, a refusal to start off loopback without one; the Firehose endpoint
 * keeps its own access key.
 */
import { get as httpGet, type IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/config.js";
import { SECURITY_HEADERS } from "../../../src/server/api/dashboard-access.js";
import { ACCESS_KEY, firehoseRequest } from "../../helpers/firehose-payloads.js";
import { failureOf } from "../../helpers/flowlens-failure.js";
import { startTestServer } from "../../helpers/test-server.js";
import { secretsManager } from "../../secrets/secrets-manager-environment.js";

const TOKEN = "dashboard-token-0123456789";
/** A GET over a real socket with the Host header a browser sends for a page of another name (fetch sets its own). */
function getWithHost(
  url: string,
  host: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers: { host } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on("error", reject);
  });
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

async function status(serve: Record<string, unknown>, authorization?: string): Promise<number> {
  const server = await startTestServer(serve);
  const headers = authorization === undefined ? {} : { authorization };
  return (await server.app.inject({ method: "GET", url: "/api/days", headers })).statusCode;
}

describe("on loopback without a credential", () => {
  it("answers the API without one", async () => {
    expect(await status({})).toBe(200);
  });

  it("sets the CSP, nosniff and no-referrer headers on every API answer, refusals included", async () => {
    const server = await startTestServer();
    for (const url of ["/api/days", "/api/report?from=nope", "/api/nope"]) {
      const answer = await server.app.inject({ method: "GET", url });
      expect(answer.headers).toMatchObject(SECURITY_HEADERS);
    }
    expect(SECURITY_HEADERS["content-security-policy"]).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    );
  });

  it("refuses, 403, a request whose Host names another machine (a DNS-rebinding page), over a real socket", async () => {
    const server = await startTestServer();
    const response = await getWithHost(`${server.url}/api/days`, "attacker.example:8080");
    expect(response.status).toBe(403);
    expect(response.headers["content-security-policy"]).toBe(SECURITY_HEADERS["content-security-policy"]);
    expect(JSON.parse(response.body)).toEqual({
      error:
        'the dashboard has no credential, so it answers only requests for this machine: Host "attacker.example:8080" is not localhost, 127.x.x.x or [::1]',
      code: "FLOWLENS_HOST_REFUSED",
      hint: "open it as http://127.0.0.1:<port>/, or configure a credential (FLOWLENS_DASHBOARD_TOKEN) to reach it by another name",
    });
  });

  it("refuses the pages too for a Host that names another machine", async () => {
    const server = await startTestServer();
    const answer = await server.app.inject({ method: "GET", url: "/console", headers: { host: "10.0.0.5" } });
    expect(answer.statusCode).toBe(403);
  });

  it("answers for every name of this machine: localhost, 127.x.x.x and [::1], with or without a port", async () => {
    const server = await startTestServer();
    for (const host of ["localhost", "LOCALHOST:8080", "127.0.0.1", "127.1.2.3:80", "[::1]", "[::1]:8080"]) {
      const answer = await server.app.inject({ method: "GET", url: "/api/days", headers: { host } });
      expect({ host, status: answer.statusCode }).toEqual({ host, status: 200 });
    }
  });

  it("answers an unknown API path 404 in the API's error shape", async () => {
    const server = await startTestServer();
    const answer = await server.app.inject({ method: "GET", url: "/api/nope?x=1" });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toEqual({ error: "no API route GET /api/nope", code: "FLOWLENS_NOT_FOUND" });
  });

  it("sets the security headers on a 404 for a path outside /api/ (a page with a trailing slash, a typo)", async () => {
    const server = await startTestServer();
    for (const url of ["/console/", "/nope", "//api/days"]) {
      const answer = await server.app.inject({ method: "GET", url });
      expect({ url, status: answer.statusCode, headers: answer.headers }).toMatchObject({
        url,
        status: 404,
        headers: SECURITY_HEADERS,
      });
    }
  });

  it("answers a path outside /api/ that no route has 404 in the API's error shape", async () => {
    const server = await startTestServer();
    const answer = await server.app.inject({ method: "GET", url: "/nope?x=1" });
    expect(answer.json()).toEqual({ error: "no route GET /nope", code: "FLOWLENS_NOT_FOUND" });
  });

  it("leaves the Firehose side's answers without the dashboard's headers", async () => {
    const server = await startTestServer();
    const answer = await server.app.inject({ method: "GET", url: "/healthz" });
    expect(answer.headers["content-security-policy"]).toBeUndefined();
  });
});

describe("with a dashboard token", () => {
  it("refuses a request without it, 401 with a basic-auth challenge", async () => {
    const server = await startTestServer({ dashboard: { token: TOKEN } });
    const answer = await server.app.inject({ method: "GET", url: "/api/days" });
    expect(answer.statusCode).toBe(401);
    expect(answer.headers["www-authenticate"]).toBe('Basic realm="flowlens", charset="UTF-8"');
    expect(answer.headers).toMatchObject(SECURITY_HEADERS);
    expect(answer.json()).toEqual({
      error: "the dashboard needs a credential: the Authorization header is missing or wrong",
      code: "FLOWLENS_UNAUTHORIZED",
      hint: "send Authorization: Bearer <token>, or sign in with the configured user name and password",
    });
  });

  it("refuses a wrong bearer token", async () => {
    expect(await status({ dashboard: { token: TOKEN } }, "Bearer wrong")).toBe(401);
  });

  it("answers with the right bearer token whatever the Host header names (a credential is the guard)", async () => {
    const server = await startTestServer({ dashboard: { token: TOKEN } });
    const answer = await server.app.inject({
      method: "GET",
      url: "/api/days",
      headers: { host: "flowlens.example.com", authorization: `Bearer ${TOKEN}` },
    });
    expect(answer.statusCode).toBe(200);
  });

  it("answers with the right bearer token", async () => {
    expect(await status({ dashboard: { token: TOKEN } }, `Bearer ${TOKEN}`)).toBe(200);
  });

  it("answers basic auth whose password is the token, whatever the user name", async () => {
    expect(await status({ dashboard: { token: TOKEN } }, basic("anyone", TOKEN))).toBe(200);
  });

  it("is taken from FLOWLENS_DASHBOARD_TOKEN", () => {
    expect(loadConfig({ env: { FLOWLENS_DASHBOARD_TOKEN: TOKEN } }).serve.dashboard.token).toBe(TOKEN);
  });

  it('is read from a Secrets Manager secret {"token": …}', async () => {
    await secretsManager({
      secrets: [{ name: "flowlens/dashboard", secretString: JSON.stringify({ token: TOKEN }) }],
    });
    expect(await status({ dashboard: { tokenSecret: "flowlens/dashboard" } }, `Bearer ${TOKEN}`)).toBe(200);
  });

  it("stops the server from starting when the secret holds no token", async () => {
    await secretsManager({
      secrets: [{ name: "flowlens/dashboard", secretString: JSON.stringify({ api_key: "x" }) }],
    });
    const failure = await failureOf(startTestServer({ dashboard: { tokenSecret: "flowlens/dashboard" } }));
    expect(failure.sentence).toBe(
      'secret "flowlens/dashboard" holds no dashboard token: expected key token; found api_key — store the token under "token": {"token": "…"}',
    );
  });

  it("leaves the Firehose endpoint to its own access key", async () => {
    const server = await startTestServer({ dashboard: { token: TOKEN } });
    const withToken = firehoseRequest({ requestId: "r1", accessKey: TOKEN, records: [{ data: "" }] });
    expect((await server.post("/firehose", withToken.headers, withToken.body)).status).toBe(401);
    const withKey = firehoseRequest({ requestId: "r2", accessKey: ACCESS_KEY, records: [{ data: "" }] });
    expect((await server.post("/firehose", withKey.headers, withKey.body)).status).toBe(200);
  });

  it("answers over a real socket with the token", async () => {
    const server = await startTestServer({ dashboard: { token: TOKEN } });
    const response = await fetch(`${server.url}/api/days`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.json()).toEqual({ days: [], units: { bytes: "bytes", records: "records" } });
  });
});

describe("with a basic-auth user name and password", () => {
  const dashboard = { username: "ops", password: "correct horse" };

  it("answers them", async () => {
    expect(await status({ dashboard }, basic("ops", "correct horse"))).toBe(200);
  });

  it("refuses a wrong password", async () => {
    expect(await status({ dashboard }, basic("ops", "wrong"))).toBe(401);
  });

  it("refuses the right password under another user name", async () => {
    expect(await status({ dashboard }, basic("root", "correct horse"))).toBe(401);
  });
});

describe("off loopback", () => {
  it("refuses to start without a dashboard credential, before listening", async () => {
    const failure = await failureOf(startTestServer({ host: "0.0.0.0" }));
    expect(failure.code).toBe("FLOWLENS_CONFIG_INVALID");
    expect(failure.sentence).toBe(
      "serve.host is 0.0.0.0, which other machines can reach, and the dashboard has no credential: it would show every flow to anyone who can connect — set FLOWLENS_DASHBOARD_TOKEN (or serve.dashboard.token, tokenSecret, or username and password), listen on 127.0.0.1, or set serve.dashboard.enabled: false",
    );
  });
});

describe("with the dashboard turned off", () => {
  it("has no API", async () => {
    expect(await status({ dashboard: { enabled: false } })).toBe(404);
  });
});

describe("the dashboard settings", () => {
  it("refuse a Firehose path under /api/", () => {
    expect(() => loadConfig({ env: {}, flags: { serve: { firehosePath: "/api/firehose" } } })).toThrow(
      "a path other than /awslogs, /healthz, /readyz and not under /api/",
    );
  });

  it("refuse a user name without a password", () => {
    expect(() => loadConfig({ env: {}, flags: { serve: { dashboard: { username: "ops" } } } })).toThrow(
      "username and password go together: give both, or neither",
    );
  });

  it("never repeat a token that does not validate", () => {
    const long = "t".repeat(5000);
    let message = "";
    try {
      loadConfig({ env: { FLOWLENS_DASHBOARD_TOKEN: long } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("expected a token of 1 to 4096 characters (not shown)");
    expect(message).not.toContain("ttttt");
  });
});
