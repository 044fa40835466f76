/**
 * Who may open the dashboard and its API, and the headers every dashboard response carries. A request
 * passes with `Authorization: Bearer <token>`, or `Basic` with the configured user name and password (or
 * any user name and the token as password, so a browser's own login prompt works); both sides are hashed
 * before a constant-time comparison, so neither contents nor lengths show in the time taken. Without a
 * configured credential (loopback only, see dashboard-credential.ts) a request passes when its Host header
 * names this machine (localhost, 127.x.x.x, [::1]): a web page whose own name an attacker points at
 * 127.0.0.1 (DNS rebinding) is same-origin with it in the browser, and would otherwise read every flow.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { FastifyInstance } from "fastify";
import { FlowlensError } from "../../errors.js";
import { type DashboardCredential, isLoopbackHost } from "./dashboard-credential.js";

/** No inline scripts or styles, nothing from elsewhere, never framed. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
const same = (sent: string, expected: Buffer) => timingSafeEqual(digest(sent), expected);

/** Why a request may not use the dashboard, or "pass". */
export type DashboardVerdict = "pass" | "credential" | "host";

export type DashboardCheck = (headers: Readonly<IncomingHttpHeaders>) => DashboardVerdict;

/** `localhost:8080`, `127.0.0.1`, `[::1]:8080` → whether the name is one only this machine answers to. */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = /^\[([^\]]*)\](?::\d+)?$/.exec(host)?.[1] ?? /^([^:]*)(?::\d+)?$/.exec(host)?.[1];
  return name !== undefined && isLoopbackHost(name.toLowerCase());
}

export function dashboardCheck(credential: DashboardCredential | undefined): DashboardCheck {
  if (credential === undefined) return (headers) => (isLoopbackHostHeader(headers.host) ? "pass" : "host");
  const passes = credentialCheck(credential);
  return (headers) => (passes(headers.authorization) ? "pass" : "credential");
}

function credentialCheck(credential: DashboardCredential): (authorization: string | undefined) => boolean {
  const token = credential.token ? digest(credential.token.reveal()) : undefined;
  const user = credential.basic ? digest(credential.basic.username) : undefined;
  const password = credential.basic ? digest(credential.basic.password.reveal()) : undefined;
  return (authorization) => {
    if (authorization === undefined) return false;
    const [scheme = "", value = ""] = authorization.split(" ", 2);
    if (scheme.toLowerCase() === "bearer") return token !== undefined && same(value, token);
    if (scheme.toLowerCase() !== "basic") return false;
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return false;
    const [sentUser, sentPassword] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    // Both comparisons always run, so a right user name does not answer faster.
    const userOk = user !== undefined && same(sentUser, user);
    const passwordOk = password !== undefined && same(sentPassword, password);
    const tokenOk = token !== undefined && same(sentPassword, token);
    return (userOk && passwordOk) || tokenOk;
  };
}

/**
 * Adds the access check and the security headers to every route of `scope` (a Fastify plugin scope, so
 * the Firehose endpoint beside it keeps its own access key and headers).
 */
export function guardDashboard(scope: FastifyInstance, check: DashboardCheck): void {
  scope.addHook("onRequest", async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    const verdict = check(request.headers);
    if (verdict === "host") {
      throw new FlowlensError(
        "FLOWLENS_HOST_REFUSED",
        `the dashboard has no credential, so it answers only requests for this machine: Host ${JSON.stringify(request.headers.host ?? "")} is not localhost, 127.x.x.x or [::1]`,
        {
          hint: "open it as http://127.0.0.1:<port>/, or configure a credential (FLOWLENS_DASHBOARD_TOKEN) to reach it by another name",
        },
      );
    }
    if (verdict === "credential") {
      reply.header("www-authenticate", 'Basic realm="flowlens", charset="UTF-8"');
      throw new FlowlensError(
        "FLOWLENS_UNAUTHORIZED",
        "the dashboard needs a credential: the Authorization header is missing or wrong",
        { hint: "send Authorization: Bearer <token>, or sign in with the configured user name and password" },
      );
    }
  });
}
