/**
 * A Firehose HTTP endpoint request as AWS documents it: the `X-Amz-Firehose-*` headers and the JSON body
 * `{"requestId", "timestamp", "records": [{"data": "<base64>"}, …]}` with 1 to 10,000 records. What is
 * wrong with the request as a whole is a 400 (nothing stored); a record that cannot be read is refused on
 * its own later, and the rest of the request is stored.
 */
import { badRequest } from "../delivery-error.js";
import { deliveryStreamName } from "../stream-formats.js";

export const MAX_RECORDS = 10_000;

export interface FirehoseRequest {
  readonly requestId: string;
  readonly sourceArn: string | null;
  readonly deliveryStream: string | null;
  readonly commonAttributes: Readonly<Record<string, string>> | null;
  /** Each record's `data`, unchecked. */
  readonly records: readonly unknown[];
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
}

function commonAttributes(text: string | undefined): Record<string, string> | null {
  if (text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const attributes = (parsed as { commonAttributes?: unknown } | undefined)?.commonAttributes;
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
    throw badRequest('X-Amz-Firehose-Common-Attributes is not JSON of the shape {"commonAttributes": {…}}');
  }
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, String(v)]));
}

/** @throws DeliveryError 400 naming what is wrong */
export function readFirehoseRequest(headers: Headers, body: Buffer): FirehoseRequest {
  const headerId = header(headers, "x-amz-firehose-request-id");
  if (!headerId) throw badRequest("the X-Amz-Firehose-Request-Id header is missing");
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("the body is not JSON");
  }
  const { requestId, records } = (parsed ?? {}) as { requestId?: unknown; records?: unknown };
  if (typeof requestId !== "string") throw badRequest("the body has no requestId string");
  if (requestId !== headerId) {
    throw badRequest("the body's requestId differs from the X-Amz-Firehose-Request-Id header");
  }
  if (!Array.isArray(records)) throw badRequest("the body has no records array");
  if (records.length === 0 || records.length > MAX_RECORDS) {
    throw badRequest(`the body holds ${records.length} records; Firehose sends 1 to ${MAX_RECORDS}`);
  }
  const sourceArn = header(headers, "x-amz-firehose-source-arn") ?? null;
  return {
    requestId,
    sourceArn,
    deliveryStream: sourceArn === null ? null : deliveryStreamName(sourceArn),
    commonAttributes: commonAttributes(header(headers, "x-amz-firehose-common-attributes")),
    records: records.map((r) => (r as { data?: unknown } | null)?.data),
  };
}
