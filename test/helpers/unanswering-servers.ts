/**
 * Servers that misbehave the way a broken network path or a hung service does, on 127.0.0.1 with a port
 * the system picks, closed when the test ends (also when it fails):
 * - `startSilentServer`: accepts TCP connections and never sends a byte;
 * - `startStallingServer`: answers every HTTP request with 200 and a Content-Length, sends the first
 *   part of the body and then nothing more.
 */
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { onTestFinished } from "vitest";

export interface LocalEndpoint {
  /** e.g. `http://127.0.0.1:43127` */
  readonly endpoint: string;
  /** Connections (TCP) the server has accepted so far. */
  connections(): number;
}

async function listen(server: Server, sockets: Set<Socket>): Promise<LocalEndpoint> {
  let accepted = 0;
  server.on("connection", (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, connections: () => accepted };
}

/** Accepts connections, reads what is sent and never answers. */
export function startSilentServer(): Promise<LocalEndpoint> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => socket.resume());
  return listen(server, sockets);
}

/**
 * Answers each request with 200, `Content-Length: totalBytes` and the first `sentBytes` of the body, then
 * stalls with the connection open.
 */
export function startStallingServer(sentBytes: number, totalBytes: number): Promise<LocalEndpoint> {
  const sockets = new Set<Socket>();
  const server = createHttpServer((request, response) => {
    request.resume();
    response.writeHead(200, {
      "Content-Length": String(totalBytes),
      "Content-Type": "application/octet-stream",
      ETag: '"0123456789abcdef0123456789abcdef"',
      "Last-Modified": new Date(0).toUTCString(),
    });
    response.write(Buffer.alloc(sentBytes, 0x61));
  });
  return listen(server as unknown as Server, sockets);
}
