/**
 * A local Secrets Manager API on 127.0.0.1 for tests: it answers GetSecretValue in the service's JSON
 * protocol (POST /, `X-Amz-Target: secretsmanager.GetSecretValue`, `application/x-amz-json-1.1`, body
 * `{"SecretId": …}`) with the documented response shape (ARN, Name, VersionId, SecretString or SecretBinary
 * as base64, VersionStages, CreatedDate in epoch seconds) and the documented error shapes
 * (`{"__type": "ResourceNotFoundException", "message": …}`, HTTP 400). Secrets are found by name or ARN.
 * Every request is recorded with the access key id and region of its SigV4 signature, so tests can assert
 * that the real SDK signed it. The real client reaches it through AWS_ENDPOINT_URL_SECRETS_MANAGER. Start
 * one per test and close it in the same test; it does not keep the process alive if a test forgets.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredSecret {
  readonly name: string;
  /** Exactly one of secretString and secretBinary, as in Secrets Manager. */
  readonly secretString?: string;
  readonly secretBinary?: Uint8Array;
  /** @default `arn:aws:secretsmanager:us-east-1:123456789012:secret:<name>-AbCdEf` */
  readonly arn?: string;
}

/** A non-success answer: a Secrets Manager error, or a raw body (for malformed responses). */
export type SecretsManagerAnswer =
  | { readonly type: string; readonly message: string; readonly status?: number }
  | { readonly rawBody: string; readonly status: number };

export interface SecretsManagerServerOptions {
  readonly secrets: readonly StoredSecret[];
  /** Answers for secret ids (name or ARN) instead of their value. @default none */
  readonly failures?: Readonly<Record<string, SecretsManagerAnswer>>;
}

export interface SecretsManagerRequest {
  /** e.g. `secretsmanager.GetSecretValue` */
  readonly target: string;
  readonly contentType: string;
  readonly secretId: string;
  /** The access key id and region of the SigV4 credential scope; empty when the request was not signed. */
  readonly accessKeyId: string;
  readonly region: string;
}

export interface SecretsManagerServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Every request answered, in order. */
  readonly requests: SecretsManagerRequest[];
  /** Stops the server; calling it again does nothing. */
  close(): Promise<void>;
}

/** Credentials for the SDK to sign with (the server checks none). */
export const SECRETS_MANAGER_TEST_CREDENTIALS = {
  accessKeyId: "AKIAFLOWLENSSECRETS1",
  secretAccessKey: "flowlens-test-secret-key",
} as const;

export const NOT_FOUND_MESSAGE = "Secrets Manager can't find the specified secret.";

/** AccessDeniedException as Secrets Manager words it for a missing identity-based permission. */
export function accessDenied(secretId: string): SecretsManagerAnswer {
  return {
    type: "AccessDeniedException",
    message:
      `User: arn:aws:iam::123456789012:user/flowlens is not authorized to perform: secretsmanager:GetSecretValue ` +
      `on resource: ${secretId} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
  };
}

const CREDENTIAL_SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/secretsmanager\//;

export async function startSecretsManagerServer(
  options: SecretsManagerServerOptions,
): Promise<SecretsManagerServer> {
  const requests: SecretsManagerRequest[] = [];
  const server = createServer((request, response) => {
    answer(request, response, options, requests).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  options: SecretsManagerServerOptions,
  requests: SecretsManagerRequest[],
): Promise<void> {
  let body = "";
  for await (const chunk of request) body += chunk;
  const target = String(request.headers["x-amz-target"] ?? "");
  const { SecretId: secretId = "" } = JSON.parse(body || "{}") as { SecretId?: string };
  const [, accessKeyId = "", region = ""] = CREDENTIAL_SCOPE.exec(request.headers.authorization ?? "") ?? [];
  const contentType = String(request.headers["content-type"] ?? "");
  requests.push({ target, contentType, secretId, accessKeyId, region });
  if (target !== "secretsmanager.GetSecretValue") {
    return send(response, 400, { __type: "UnknownOperationException" });
  }
  const failure = options.failures?.[secretId];
  if (failure && "rawBody" in failure) {
    response.writeHead(failure.status, { "content-type": "application/x-amz-json-1.1" }).end(failure.rawBody);
    return;
  }
  if (failure)
    return send(response, failure.status ?? 400, { __type: failure.type, message: failure.message });
  const secret = options.secrets.find((s) => s.name === secretId || arnOf(s) === secretId);
  if (!secret)
    return send(response, 400, { __type: "ResourceNotFoundException", message: NOT_FOUND_MESSAGE });
  send(response, 200, {
    ARN: arnOf(secret),
    Name: secret.name,
    VersionId: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
    ...(secret.secretString === undefined ? {} : { SecretString: secret.secretString }),
    ...(secret.secretBinary === undefined
      ? {}
      : { SecretBinary: Buffer.from(secret.secretBinary).toString("base64") }),
    VersionStages: ["AWSCURRENT"],
    CreatedDate: 1_700_000_000.123,
  });
}

function arnOf(secret: StoredSecret): string {
  return secret.arn ?? `arn:aws:secretsmanager:us-east-1:123456789012:secret:${secret.name}-AbCdEf`;
}

function send(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response
    .writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() })
    .end(JSON.stringify(body));
}
