/**
 * A real S3 API on 127.0.0.1 for tests: s3rver on an ephemeral port over a fresh temporary directory, and a
 * real S3Client pointed at it that records every command it sends, so tests can assert which prefixes were
 * listed. Buckets are created on first `put`. Start one per test and close it in the same test.
 */
import type { Cipher, Decipher } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { buildAwsClient } from "../../src/aws/aws-network.js";

export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** A client for the code under test; every command it sends lands in `commands`. */
  readonly client: S3Client;
  /** The commands `client` sent, in order. Setup done through `put` is not recorded. */
  readonly commands: RecordedCommand[];
  /** Stores an object, creating its bucket if needed. Returns the ETag, quotes included. */
  put(bucket: string, key: string, body: string | Uint8Array): Promise<string>;
  /** Stops the server and removes its directory; calling it again does nothing. */
  close(): Promise<void>;
}

export interface RecordedCommand {
  /** e.g. `ListObjectsV2Command` */
  readonly command: string;
  readonly input: Record<string, unknown>;
}

/** Credentials s3rver accepts. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

// s3rver ships no types; this is the part of its API we use.
interface S3rverListOptions {
  readonly delimiter?: string;
  readonly prefix?: string;
  readonly startAfter?: string;
  readonly maxKeys?: number;
}
interface S3rverListing {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  store: { listObjects(bucket: string, options: S3rverListOptions): Promise<S3rverListing> };
}
type S3rverClass = new (options: Record<string, unknown>) => S3rver;

const require = createRequire(import.meta.url);

export async function startS3Server(): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), "flowlens-s3rver-"));
  const S3rver = require("s3rver") as S3rverClass;
  runDesOnAes();
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  fixDelimiterListings(server);
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = testClient(endpoint);
  const commands = recordCommands(client);
  const setup = testClient(endpoint);
  const buckets = new Set<string>();
  let closed = false;
  return {
    endpoint,
    client,
    commands,
    async put(bucket, key, body) {
      if (!buckets.has(bucket)) {
        await setup.send(new CreateBucketCommand({ Bucket: bucket }));
        buckets.add(bucket);
      }
      const bytes = typeof body === "string" ? Buffer.from(body) : body;
      // An explicit length keeps the SDK from warning about a "stream of unknown length" for empty bodies.
      const { ETag } = await setup.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.byteLength }),
      );
      return ETag ?? "";
    },
    async close() {
      if (closed) return;
      closed = true;
      client.destroy();
      setup.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * A real S3Client for `endpoint`, path-style, with s3rver's credentials unless others are given, built
 * with flowlens's network settings (timeouts, attempts) as every flowlens client is.
 */
export function testClient(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string } = S3RVER_CREDENTIALS,
): S3Client {
  return buildAwsClient(
    (network) =>
      new S3Client({ ...network, endpoint, forcePathStyle: true, region: "us-east-1", credentials }),
  );
}

/** Records `{command, input}` for each command `client` sends from now on. */
export function recordCommands(client: S3Client): RecordedCommand[] {
  const commands: RecordedCommand[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push({ command: context.commandName ?? "unknown", input: { ...(args.input as object) } });
      return next(args);
    },
    { step: "initialize", name: "flowlensRecordCommands" },
  );
  return commands;
}

/**
 * s3rver 3.7.1 quirk: with a Delimiter it stops walking its directory tree one level below the prefix, so
 * a common prefix is reported only when an object lies directly under it (AWSLogs/123/x), never for
 * deeper keys (AWSLogs/123/vpcflowlogs/…) — exactly the listings flow log discovery makes. Real S3 reports
 * AWSLogs/123/ either way. So delimiter listings are answered here from a full walk, folded into common
 * prefixes; they come back in one page (no paging), which is all the discovery listings in tests need.
 */
function fixDelimiterListings(server: S3rver): void {
  const store = server.store;
  const listObjects = store.listObjects.bind(store);
  store.listObjects = async (bucket, options) => {
    const { delimiter, prefix = "" } = options;
    if (!delimiter) return listObjects(bucket, options);
    const all = await listObjects(bucket, {
      ...options,
      delimiter: undefined,
      maxKeys: Number.POSITIVE_INFINITY,
    });
    const objects: S3rverListing["objects"] = [];
    const commonPrefixes = new Set<string>();
    for (const object of all.objects) {
      const at = object.key.indexOf(delimiter, prefix.length);
      if (at === -1) objects.push(object);
      else commonPrefixes.add(object.key.slice(0, at + delimiter.length));
    }
    return { objects, commonPrefixes: [...commonPrefixes].sort(), isTruncated: false };
  };
}

/**
 * s3rver 3.7.1 quirk: it seals ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node ≥ 17) no
 * longer offers, so every truncated listing fails with a 500 InternalError. Its two DES calls are
 * rerouted to AES-128-CBC with the 8-byte key and IV doubled: tokens still round-trip, s3rver's own paging
 * code stays what is tested, and nothing else can have relied on "des", which cannot run here anyway.
 */
function runDesOnAes(): void {
  const crypto = require("node:crypto") as typeof import("node:crypto") & { desOnAes?: true };
  if (crypto.desOnAes) return;
  const { createCipheriv, createDecipheriv } = crypto;
  // s3rver passes Buffers for key and IV.
  const doubled = (bytes: unknown) => Buffer.concat([bytes as Buffer, bytes as Buffer]);
  crypto.createCipheriv = ((...args: Parameters<typeof createCipheriv>): Cipher => {
    const [algorithm, key, iv] = args;
    return algorithm === "des"
      ? createCipheriv("aes-128-cbc", doubled(key), doubled(iv))
      : createCipheriv(...args);
  }) as typeof createCipheriv;
  crypto.createDecipheriv = ((...args: Parameters<typeof createDecipheriv>): Decipher => {
    const [algorithm, key, iv] = args;
    return algorithm === "des"
      ? createDecipheriv("aes-128-cbc", doubled(key), doubled(iv))
      : createDecipheriv(...args);
  }) as typeof createDecipheriv;
  crypto.desOnAes = true;
}
