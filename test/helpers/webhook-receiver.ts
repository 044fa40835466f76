/**
 * A local webhook receiver on 127.0.0.1 for alert tests: it keeps every POST with its headers and raw
 * body, answers 200, and `failNext(status, times)` makes the next POSTs answer that status first (or,
 * with "hang", never answer). Closed when the test that started it finishes.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

export interface ReceivedPost {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status it was answered with, or "hang". */
  readonly answer: number | "hang";
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hooks/flowlens` */
  readonly url: string;
  readonly posts: ReceivedPost[];
  failNext(answer: number | "hang", times?: number): void;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const faults: (number | "hang")[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = faults.shift() ?? 200;
    posts.push({
      path: request.url ?? "",
      headers: request.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      answer,
    });
    if (answer === "hang") return;
    response.writeHead(answer, { "content-type": "text/plain" }).end(answer === 200 ? "thanks" : "trouble");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/flowlens`,
    posts,
    failNext: (answer, times = 1) => faults.push(...Array.from({ length: times }, () => answer)),
  };
}
