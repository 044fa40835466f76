/**
 * Which records belong to a log format. A record of another kind — a Transit Gateway record in a VPC flow
 * log, a record written in another format — is refused, never typed as the wrong fields, even when its
 * field count matches. The version field says a record's kind: it must be the format's version (the
 * highest version among its fields; Transit Gateway records are always version 6, VPC records never are).
 * When the format names fields the catalog does not know (a newer version's, perhaps), the version may be
 * higher, but 6 still belongs to Transit Gateway formats only. Without a version field, an interface-id
 * holding a transit gateway id (`tgw-…`) gives a Transit Gateway record away. The record decoder applies
 * these rules to each record; the fast path's SQL is built from the same rule.
 */
import { type FieldSpec, TRANSIT_GATEWAY_VERSION, type ValueRange } from "./fields.js";
import { formatVersion, type LogFormat } from "./log-format.js";

/** How a transit gateway's id starts: `tgw-0123…`, and its attachments' `tgw-attach-…`. */
export const TRANSIT_GATEWAY_ID_PREFIX = "tgw-";

export interface RecordKindRule {
  /** The format's version field (its index in the format), and the versions its records may hold. */
  readonly version?: { readonly index: number; readonly spec: FieldSpec; readonly allowed: ValueRange };
  /** The format's interface-id field, when it says a record's kind: formats without a version field. */
  readonly interfaceId?: { readonly index: number; readonly spec: FieldSpec };
  /** "version 5", or "version 5 or later" when the format has fields the catalog does not know. */
  readonly expected: string;
}

const rules = new WeakMap<LogFormat, RecordKindRule>();

/** The rule for a format's records (computed once per format). */
export function recordKindRule(format: LogFormat): RecordKindRule {
  let rule = rules.get(format);
  if (!rule) {
    rule = buildRule(format);
    rules.set(format, rule);
  }
  return rule;
}

function buildRule(format: LogFormat): RecordKindRule {
  const version = formatVersion(format);
  const open = format.unknown.length > 0;
  const expected = `version ${version}${open ? " or later" : ""}`;
  const versionIndex = format.fields.findIndex((f) => f.name === "version");
  if (versionIndex >= 0) {
    const allowed: ValueRange = !open
      ? { min: version, max: version }
      : version < TRANSIT_GATEWAY_VERSION
        ? {
            min: version,
            max: 255,
            gap: { above: TRANSIT_GATEWAY_VERSION - 1, below: TRANSIT_GATEWAY_VERSION + 1 },
          }
        : { min: version, max: 255 };
    const spec = format.fields[versionIndex] as FieldSpec;
    return { version: { index: versionIndex, spec, allowed }, expected };
  }
  const interfaceIndex = format.fields.findIndex((f) => f.name === "interface-id");
  if (interfaceIndex >= 0 && version !== TRANSIT_GATEWAY_VERSION) {
    const spec = format.fields[interfaceIndex] as FieldSpec;
    return { interfaceId: { index: interfaceIndex, spec }, expected };
  }
  return { expected };
}

/** The quarantine reason of a record whose version (as written: `"6"`) the rule refuses. */
export function versionRefusal(rule: RecordKindRule, version: string): string {
  const what =
    version === String(TRANSIT_GATEWAY_VERSION)
      ? `a Transit Gateway flow log record (version ${version})`
      : `a version ${version} record`;
  return `${what}, not a record of this log format (${rule.expected})`;
}

/** The quarantine reason of a record whose interface-id is a transit gateway's id. */
export function interfaceIdRefusal(interfaceId: string): string {
  return `a Transit Gateway flow log record (interface-id "${interfaceId}"), not a record of this log format`;
}
