/**
 * Servers that misbehave the way a broken network path or a hung service does, on 127.0.0.1 with a port
 * the system picks, closed when the test ends (also when it fails):
 * - `startSilentServer`: accepts TCP connections and never sends a byte;
 * - `startStallingServer`: answers every HTTP request with 200 and a Content-Length, sends the first
 *   part of the body and then nothing more;
 * - `startTricklingServer`: answers with 200 and a Content-Length, then sends one byte at a time, slowly;
 * - `startClosingServer`: closes every connection as soon as it is accepted;
 * - `startNotHttpServer`: answers every connection with a line that is not HTTP (an SSH banner);
 * - `startBrokenXmlServer`: answers every request with 200 and XML cut off in the middle;
 * - `startCuttingServer`: answers with 200 and a Content-Length, sends part of the body and closes.
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

/** 200 with `Content-Length: totalBytes`, then one byte every `intervalMs` for as long as the test runs. */
export function startTricklingServer(totalBytes: number, intervalMs: number): Promise<LocalEndpoint> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createHttpServer((request, response) => {
    request.resume();
    response.writeHead(200, objectHeaders(totalBytes));
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < totalBytes && !response.destroyed) response.write(Buffer.from([0x61]));
      sent++;
    }, intervalMs);
    timers.add(timer);
    response.on("close", () => clearInterval(timer));
  });
  server.on("close", () => {
    for (const timer of timers) clearInterval(timer);
  });
  return listen(server as unknown as Server, sockets);
}

/** Accepts each connection and closes it at once, before reading the request. */
export function startClosingServer(): Promise<LocalEndpoint> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => socket.destroy());
  return listen(server, sockets);
}

/** Answers each connection with an SSH banner and closes it: something that is not an HTTP server. */
export function startNotHttpServer(): Promise<LocalEndpoint> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    socket.resume();
    socket.end("SSH-2.0-OpenSSH_9.6\r\n");
  });
  return listen(server, sockets);
}

/** Answers each request with 200 and an XML document cut off in the middle of an element. */
export function startBrokenXmlServer(): Promise<LocalEndpoint> {
  const sockets = new Set<Socket>();
  const body = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>flow-logs</Na';
  const server = createHttpServer((request, response) => {
    request.resume();
    response.writeHead(200, { "Content-Type": "application/xml", "Content-Length": String(body.length) });
    response.end(body);
  });
  return listen(server as unknown as Server, sockets);
}

/** 200 with `Content-Length: totalBytes`, the first `sentBytes` of the body, then the connection closed. */
export function startCuttingServer(sentBytes: number, totalBytes: number): Promise<LocalEndpoint> {
  const sockets = new Set<Socket>();
  const server = createHttpServer((request, response) => {
    request.resume();
    response.writeHead(200, objectHeaders(totalBytes));
    response.write(Buffer.alloc(sentBytes, 0x61), () => response.socket?.destroy());
  });
  return listen(server as unknown as Server, sockets);
}

function objectHeaders(totalBytes: number): Record<string, string> {
  return {
    "Content-Length": String(totalBytes),
    "Content-Type": "application/octet-stream",
    ETag: '"0123456789abcdef0123456789abcdef"',
    "Last-Modified": new Date(0).toUTCString(),
  };
}
