/**
 * The credential the dashboard and its API require: a bearer token (`serve.dashboard.token`, env
 * FLOWLENS_DASHBOARD_TOKEN, or a Secrets Manager secret `{"token": "…"}`) and/or a basic-auth user name and
 * password. On loopback none is needed; bound to any other address, `flowlens serve` refuses to start
 * without one, since the API reads every flow in the store.
 */
import type { AwsNetworkSettings } from "../../aws/aws-network.js";
import type { ServeConfig } from "../../config/serve-config.js";
import { FlowlensError } from "../../errors.js";
import { readSecretKey } from "../../secrets/secret-key.js";
import { SecretValue } from "../../secrets/secret-value.js";

export interface DashboardCredential {
  readonly token?: SecretValue;
  readonly basic?: { readonly username: string; readonly password: SecretValue };
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function secretToken(name: string, network?: AwsNetworkSettings): Promise<SecretValue> {
  return readSecretKey(name, { key: "token", what: "dashboard token" }, network);
}

/**
 * The configured credential, or undefined when none is set and the server listens on loopback.
 * @throws FlowlensError FLOWLENS_CONFIG_INVALID when none is set and `serve.host` is not loopback
 */
export async function readDashboardCredential(
  serve: ServeConfig,
  network?: AwsNetworkSettings,
): Promise<DashboardCredential | undefined> {
  const { dashboard } = serve;
  const token =
    dashboard.token !== undefined
      ? new SecretValue(dashboard.token)
      : dashboard.tokenSecret !== undefined
        ? await secretToken(dashboard.tokenSecret, network)
        : undefined;
  const basic =
    dashboard.username !== undefined && dashboard.password !== undefined
      ? { username: dashboard.username, password: new SecretValue(dashboard.password) }
      : undefined;
  if (token || basic) return { ...(token ? { token } : {}), ...(basic ? { basic } : {}) };
  if (isLoopbackHost(serve.host)) return undefined;
  throw new FlowlensError(
    "FLOWLENS_CONFIG_INVALID",
    `serve.host is ${serve.host}, which other machines can reach, and the dashboard has no credential: it would show every flow to anyone who can connect`,
    {
      hint: "set FLOWLENS_DASHBOARD_TOKEN (or serve.dashboard.token, tokenSecret, or username and password), listen on 127.0.0.1, or set serve.dashboard.enabled: false",
    },
  );
}
