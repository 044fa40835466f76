/**
 * A local Slack Web API on 127.0.0.1 for tests, answering the methods a report delivery calls with Slack's
 * documented request and response shapes, in two channels (SLACK_TEST_CHANNEL, SLACK_TEST_OTHER_CHANNEL): chat.postMessage, chat.update, chat.getPermalink,
 * files.getUploadURLExternal (whose `upload_url` points back here), the upload URL itself (raw bytes or a
 * multipart form, answered `OK - <size>`), files.completeUploadExternal and files.delete. Arguments come
 * form-encoded or as JSON; the token is checked from `Authorization: Bearer` (or a `token` argument).
 *
 * Every call is recorded with its parsed arguments and how it was answered, and the server keeps the
 * messages and files it holds, so tests can assert the calls and the thread structure. `failNext` makes
 * the next calls of a method answer 429 with Retry-After, an HTTP status, a dropped connection or a Slack
 * error code. `slack-api-server.ts` starts one for a test; `scripts/sandbox.ts` runs one for people.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The bot token the server accepts. */
export const SLACK_TEST_TOKEN = "xoxb-4242424242-1717171717-FlowlensTestBotToken42";

/** The reports' channel: `C0FLOWLENS`, also reachable as `#flowlens-reports`. */
export const SLACK_TEST_CHANNEL = { id: "C0FLOWLENS", name: "flowlens-reports" } as const;

/** A second channel, for what a config sends elsewhere (an alert rule's own channel). */
export const SLACK_TEST_OTHER_CHANNEL = { id: "C0ALERTS42", name: "flowlens-alerts" } as const;

const CHANNELS = [SLACK_TEST_CHANNEL, SLACK_TEST_OTHER_CHANNEL];

export interface SlackApiCall {
  /** A Web API method (`chat.postMessage`), or `upload` for a POST to an upload URL. */
  readonly method: string;
  /** The arguments, JSON-valued ones (`blocks`, `files`) parsed; for `upload`: `file_id` and `size`. */
  readonly args: Readonly<Record<string, unknown>>;
  /** `ok`, a Slack error code, an HTTP status such as `429`, or `dropped`. */
  readonly answer: string;
}

export interface SlackTestMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs: string | undefined;
  text: string;
  blocks: unknown;
  updates: number;
}

export interface SlackTestFile {
  readonly id: string;
  readonly filename: string;
  /** The length files.getUploadURLExternal was told. */
  readonly length: number;
  /** The bytes POSTed to the upload URL. */
  bytes?: Buffer;
  title?: string;
  channelId?: string;
  threadTs?: string;
  deleted: boolean;
}

export type SlackFault =
  /** HTTP 429 with this Retry-After (seconds) and `{ok: false, error: "ratelimited"}`. */
  | { readonly rateLimited: number }
  /** This HTTP status with a plain-text body, as a load balancer in trouble answers. */
  | { readonly status: number }
  /** The connection closed without an answer. */
  | { readonly drop: true }
  /** `{ok: false, error}`, with `needed`/`provided` for missing_scope. */
  | { readonly error: string; readonly needed?: string; readonly provided?: string };

export interface SlackApiServer {
  /** The Web API base URL, `http://127.0.0.1:<port>/api/`. */
  readonly url: string;
  readonly calls: SlackApiCall[];
  /** Messages by ts, thread replies included. */
  readonly messages: Map<string, SlackTestMessage>;
  /** Files by id, deleted ones included. */
  readonly files: Map<string, SlackTestFile>;
  /**
   * Answers calls of `method` (`upload` for upload URLs) with a fault: `times` calls, after letting the
   * next `after` calls through.
   */
  failNext(method: string, fault: SlackFault, times?: number, after?: number): void;
  /** The methods of the calls answered `ok`, in order, from call number `from` on. */
  okMethods(from?: number): string[];
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
type Answer = { ok: true } & Args;
type Failure = { ok: false; error: string };

interface State {
  origin: string;
  readonly onCall: ((call: SlackApiCall) => void) | undefined;
  readonly messages: Map<string, SlackTestMessage>;
  readonly files: Map<string, SlackTestFile>;
  sequence: number;
}

const JSON_ARGS = new Set(["blocks", "files", "attachments", "metadata"]);

export interface SlackApiServerOptions {
  /** Called with each call as it is recorded, just before its answer is sent. */
  readonly onCall?: (call: SlackApiCall) => void;
  /** @default 0, a free port */
  readonly port?: number;
}

/** Starts a server on 127.0.0.1; `close()` stops it. */
export async function serveSlackApi(options: SlackApiServerOptions = {}): Promise<SlackApiServer> {
  const calls: SlackApiCall[] = [];
  // Per method, what the next calls get: a fault, or undefined for a normal answer.
  const faults = new Map<string, (SlackFault | undefined)[]>();
  const state: State = {
    origin: "",
    onCall: options.onCall,
    messages: new Map(),
    files: new Map(),
    sequence: 0,
  };
  const server = createServer((request, response) => {
    handle(request, response, state, calls, faults).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.origin = `http://127.0.0.1:${port}`;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `${state.origin}/api/`,
    calls,
    messages: state.messages,
    files: state.files,
    failNext: (method, fault, times = 1, after = 0) => {
      const queue = faults.get(method) ?? [];
      queue.push(
        ...Array.from({ length: after }, () => undefined),
        ...Array.from({ length: times }, () => fault),
      );
      faults.set(method, queue);
    },
    okMethods: (from = 0) =>
      calls
        .slice(from)
        .filter((c) => c.answer === "ok")
        .map((c) => c.method),
    close,
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  state: State,
  calls: SlackApiCall[],
  faults: Map<string, (SlackFault | undefined)[]>,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const path = new URL(request.url ?? "/", state.origin).pathname;
  const upload = /^\/upload\/v1\/(F\w+)$/.exec(path);
  const method = upload ? "upload" : path.replace(/^\/api\//, "");
  const args = upload ? { file_id: upload[1] } : parseArgs(request.headers["content-type"], body);
  const record = (answer: string, extra: Args = {}) => {
    const call = { method, args: { ...args, ...extra }, answer };
    calls.push(call);
    state.onCall?.(call);
  };

  const fault = faults.get(method)?.shift();
  if (fault) {
    sendFault(request, response, fault, record);
    return;
  }
  if (upload) {
    await receiveUpload(request, response, body, state, upload[1] ?? "", record);
    return;
  }
  if (!path.startsWith("/api/")) {
    record("404");
    response.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
    return;
  }
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? args.token;
  let answer: Answer | Failure;
  if (bearer === undefined) answer = { ok: false, error: "not_authed" };
  else if (bearer !== SLACK_TEST_TOKEN) answer = { ok: false, error: "invalid_auth" };
  else answer = METHODS[method]?.(args, state) ?? { ok: false, error: "unknown_method" };
  record(answer.ok ? "ok" : answer.error);
  sendJson(response, 200, answer);
}

function parseArgs(contentType: string | undefined, body: Buffer): Args {
  const raw: Args = contentType?.startsWith("application/json")
    ? (JSON.parse(body.toString("utf8") || "{}") as Args)
    : Object.fromEntries(new URLSearchParams(body.toString("utf8")));
  for (const [name, value] of Object.entries(raw)) {
    if (JSON_ARGS.has(name) && typeof value === "string") raw[name] = JSON.parse(value);
  }
  return raw;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Args = {}): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify(body));
}

function sendFault(
  request: IncomingMessage,
  response: ServerResponse,
  fault: SlackFault,
  record: (answer: string) => void,
): void {
  if ("rateLimited" in fault) {
    record("429");
    sendJson(response, 429, { ok: false, error: "ratelimited" }, { "retry-after": fault.rateLimited });
    return;
  }
  if ("status" in fault) {
    record(String(fault.status));
    response.writeHead(fault.status, { "content-type": "text/plain" }).end("upstream trouble");
    return;
  }
  if ("drop" in fault) {
    record("dropped");
    request.socket.destroy();
    return;
  }
  record(fault.error);
  sendJson(response, 200, { ok: false, ...fault });
}

/** The upload URL: raw bytes, or a multipart form whose file part holds them (the SDK sends a form). */
async function receiveUpload(
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
  state: State,
  fileId: string,
  record: (answer: string, extra?: Args) => void,
): Promise<void> {
  const file = state.files.get(fileId);
  if (!file) {
    record("404");
    response.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
    return;
  }
  const contentType = request.headers["content-type"] ?? "";
  let bytes = body;
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    const part = [...form.values()].find((value) => typeof value !== "string");
    bytes = part && typeof part !== "string" ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
  }
  file.bytes = bytes;
  record("ok", { size: bytes.length });
  response.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes.length}`);
}

function channelId(value: unknown): string | undefined {
  return CHANNELS.find((c) => [c.id, c.name, `#${c.name}`].includes(String(value)))?.id;
}

function nextTs(state: State): string {
  state.sequence++;
  return `${1_767_225_600 + state.sequence}.${String(state.sequence).padStart(6, "0")}`;
}

function messageJson(message: SlackTestMessage): Args {
  return {
    type: "message",
    user: "U0FLOWBOT",
    bot_id: "B0FLOWBOT",
    text: message.text,
    blocks: message.blocks,
    ts: message.ts,
    ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
  };
}

function fileJson(file: SlackTestFile): Args {
  return {
    id: file.id,
    name: file.filename,
    title: file.title ?? file.filename,
    size: file.bytes?.length ?? 0,
    mimetype: file.filename.endsWith(".png") ? "image/png" : "text/html",
    permalink: `https://flowlens-test.slack.com/files/U0FLOWBOT/${file.id}/${file.filename}`,
  };
}

const METHODS: Record<string, (args: Args, state: State) => Answer | Failure> = {
  "chat.postMessage": (args, state) => {
    const channel = channelId(args.channel);
    if (!channel) return { ok: false, error: "channel_not_found" };
    if (args.text === undefined && args.blocks === undefined) return { ok: false, error: "no_text" };
    const threadTs = typeof args.thread_ts === "string" ? args.thread_ts : undefined;
    const message: SlackTestMessage = {
      channel,
      ts: nextTs(state),
      threadTs,
      text: String(args.text ?? ""),
      blocks: args.blocks,
      updates: 0,
    };
    state.messages.set(message.ts, message);
    return { ok: true, channel, ts: message.ts, message: messageJson(message) };
  },

  "chat.update": (args, state) => {
    // chat.update takes the channel's ID, not its name.
    if (!CHANNELS.some((c) => c.id === args.channel)) return { ok: false, error: "channel_not_found" };
    const message = state.messages.get(String(args.ts));
    if (!message || message.channel !== args.channel) return { ok: false, error: "message_not_found" };
    message.text = String(args.text ?? "");
    message.blocks = args.blocks;
    message.updates++;
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      text: message.text,
      message: messageJson(message),
    };
  },

  "chat.getPermalink": (args, state) => {
    const message = state.messages.get(String(args.message_ts));
    if (!message || message.channel !== channelId(args.channel))
      return { ok: false, error: "message_not_found" };
    const permalink = `https://flowlens-test.slack.com/archives/${message.channel}/p${message.ts.replace(".", "")}`;
    return { ok: true, channel: message.channel, permalink };
  },

  "files.getUploadURLExternal": (args, state) => {
    const length = Number(args.length);
    if (typeof args.filename !== "string" || !Number.isInteger(length) || length <= 0) {
      return { ok: false, error: "invalid_arguments" };
    }
    state.sequence++;
    const id = `F0${String(state.sequence).padStart(8, "0")}`;
    state.files.set(id, { id, filename: args.filename, length, deleted: false });
    return { ok: true, upload_url: `${state.origin}/upload/v1/${id}`, file_id: id };
  },

  "files.completeUploadExternal": (args, state) => {
    const entries = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
    if (entries.length === 0) return { ok: false, error: "invalid_arguments" };
    if (args.channel_id !== undefined && channelId(args.channel_id) !== args.channel_id) {
      return { ok: false, error: "channel_not_found" };
    }
    const files = entries.map((entry) => state.files.get(String(entry.id)));
    if (files.some((file) => file?.bytes === undefined)) return { ok: false, error: "file_not_found" };
    for (const [i, file] of files.entries()) {
      if (!file) continue;
      file.title = entries[i]?.title ?? file.filename;
      if (typeof args.channel_id === "string") file.channelId = args.channel_id;
      if (typeof args.thread_ts === "string") file.threadTs = args.thread_ts;
    }
    return { ok: true, files: files.map((file) => fileJson(file as SlackTestFile)) };
  },

  "files.delete": (args, state) => {
    const file = state.files.get(String(args.file));
    if (!file) return { ok: false, error: "file_not_found" };
    if (file.deleted) return { ok: false, error: "file_deleted" };
    file.deleted = true;
    return { ok: true };
  },
};
