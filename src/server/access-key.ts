/**
 * The Firehose access key check: the key the stream sends in `X-Amz-Firehose-Access-Key` (a forwarder may
 * send `Authorization: Bearer <key>` instead) against the configured one, in constant time — both are
 * hashed first, so neither their contents nor their lengths show in the time taken.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { SecretValue } from "../secrets/secret-value.js";

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

export type AccessCheck = (headers: Readonly<Record<string, string | string[] | undefined>>) => boolean;

function sentKey(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const firehose = headers["x-amz-firehose-access-key"];
  if (typeof firehose === "string") return firehose;
  const authorization = headers.authorization;
  if (typeof authorization === "string" && authorization.startsWith("Bearer ")) return authorization.slice(7);
  return undefined;
}

/** A check that passes every request when no key is configured. */
export function accessCheck(key: SecretValue | undefined): AccessCheck {
  if (key === undefined) return () => true;
  const expected = digest(key.reveal());
  return (headers) => {
    const sent = sentKey(headers);
    return sent !== undefined && timingSafeEqual(digest(sent), expected);
  };
}
