/** A tiny HTTP server on 127.0.0.1 with an OS-picked port, answering fixed paths; closed when the test ends. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

export interface Served {
  readonly status?: number;
  readonly body: string;
}

/** Starts a server answering `routes` (404 elsewhere) and returns its base URL, `http://127.0.0.1:<port>`. */
export async function serveFiles(routes: Record<string, Served>): Promise<string> {
  const server = createServer((request, response) => {
    const route = routes[request.url ?? ""];
    response.writeHead(route?.status ?? (route ? 200 : 404), { "content-type": "application/json" });
    response.end(route?.body ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just free). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/ip-ranges.json`;
}
