/**
 * The `store:` setting for ClickHouse: `clickhouse://user@host:8123/database?cluster=NAME&secret=ID`
 * (`clickhouses://` for HTTPS). The password is never part of it: it comes from
 * FLOWLENS_CLICKHOUSE_PASSWORD, or from the Secrets Manager secret `secret` names (`{"password": "…"}`),
 * so that the URL can be printed, logged and kept in a config file. A URL that carries one is refused,
 * and every message shows it with the password as `[redacted]`.
 */

export interface ClickHouseTarget {
  /** `http://host:port` or `https://host:port`: what the client connects to. */
  readonly endpoint: string;
  readonly user: string;
  readonly database: string;
  /** The `remote_servers` cluster whose shards hold the data. @default none: a single server */
  readonly cluster?: string;
  /** A Secrets Manager secret id whose `password` key is the user's password. @default none */
  readonly secret?: string;
  /** The URL as shown to people (it carries no password). */
  readonly shown: string;
}

const DEFAULT_PORT = { "clickhouse:": "8123", "clickhouses:": "8443" } as const;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KNOWN_PARAMS = new Set(["cluster", "secret"]);

export function isClickHouseUrl(value: string): boolean {
  return /^clickhouses?:\/\//i.test(value.trim());
}

/** The URL with any password replaced by `[redacted]`, for messages. */
export function redactStoreUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, "$1:[redacted]@");
}

/** The target, or what is wrong with the URL in a sentence (which never contains a password). */
export function parseClickHouseUrl(value: string): ClickHouseTarget | { problem: string } {
  const shown = redactStoreUrl(value);
  const expected = "expected clickhouse://user@host:8123/database?cluster=NAME";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${expected}, got "${shown}"` };
  }
  const protocol = url.protocol.toLowerCase() as keyof typeof DEFAULT_PORT;
  if (!(protocol in DEFAULT_PORT)) return { problem: `${expected}, got "${shown}"` };
  if (url.password !== "") {
    return {
      problem: `a password in the store URL is refused ("${shown}"): set FLOWLENS_CLICKHOUSE_PASSWORD, or name a Secrets Manager secret with ?secret=ID`,
    };
  }
  if (url.hostname === "") return { problem: `${expected}: the host is missing in "${shown}"` };
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "default";
  if (!NAME.test(database))
    return { problem: `the database "${database}" in "${shown}" is not a plain name (letters, digits, _)` };
  for (const key of url.searchParams.keys()) {
    if (!KNOWN_PARAMS.has(key))
      return { problem: `unknown parameter "${key}" in "${shown}": expected cluster or secret` };
  }
  const cluster = url.searchParams.get("cluster") ?? undefined;
  if (cluster !== undefined && !NAME.test(cluster))
    return { problem: `the cluster "${cluster}" in "${shown}" is not a plain name (letters, digits, _)` };
  const secret = url.searchParams.get("secret") ?? undefined;
  const scheme = protocol === "clickhouses:" ? "https" : "http";
  return {
    endpoint: `${scheme}://${url.hostname}:${url.port || DEFAULT_PORT[protocol]}`,
    user: decodeURIComponent(url.username) || "default",
    database,
    ...(cluster ? { cluster } : {}),
    ...(secret ? { secret } : {}),
    shown,
  };
}
