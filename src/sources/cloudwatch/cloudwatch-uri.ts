/**
 * The two kinds of cloudwatch:// URI.
 *
 * What a user names: `cloudwatch://<log-group>[?stream-prefix=<prefix>]` — a log group name may start with
 * `/`, so `cloudwatch:///aws/vpc/flow-logs` names the group `/aws/vpc/flow-logs`.
 *
 * What the ledger keeps, one object per log group, region and UTC hour:
 * `cloudwatch://<log-group>/<YYYY-MM-DDTHH>?region=<region>[&stream-prefix=<prefix>]`. The hour is the last
 * path segment (a group name may hold `/` but never `?`), and the query is percent-encoded (a stream
 * prefix may hold `&`, `=` or spaces), so the URI reads back to exactly one hour and prints on one line.
 */
import { FlowlensError } from "../../errors.js";

export const CLOUDWATCH_SCHEME = "cloudwatch://";

/** A log group as the user named it. */
export interface LogGroupSource {
  readonly group: string;
  /** Only events of streams whose name starts with this (VPC Flow Logs names streams after ENIs). */
  readonly streamPrefix?: string;
}

/** One UTC hour of a log group in one region: the unit that is pulled, staged and kept in the ledger. */
export interface LogHour extends LogGroupSource {
  readonly region: string;
  /** Epoch milliseconds of the hour's start (a whole UTC hour). */
  readonly startMs: number;
}

export const HOUR_MS = 3_600_000;

/** CloudWatch Logs' rule for group names: 1–512 of letters, digits, `.`, `-`, `_`, `/` and `#`. */
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const USAGE = "expected cloudwatch://<log-group>[?stream-prefix=<prefix>]";

export function isCloudWatchUri(arg: string): boolean {
  return arg.startsWith(CLOUDWATCH_SCHEME);
}

/**
 * @example parseCloudWatchUri("cloudwatch:///aws/vpc/flow?stream-prefix=eni-") // { group: "/aws/vpc/flow", streamPrefix: "eni-" }
 * @throws FlowlensError FLOWLENS_USAGE naming the URI and what is wrong with it
 */
export function parseCloudWatchUri(uri: string): LogGroupSource {
  const rest = uri.slice(CLOUDWATCH_SCHEME.length);
  const queryAt = rest.indexOf("?");
  const group = queryAt === -1 ? rest : rest.slice(0, queryAt);
  if (group === "") {
    throw new FlowlensError("FLOWLENS_USAGE", `${uri} names no log group: ${USAGE}`, {
      hint: "give the log group the flow log publishes to, e.g. cloudwatch:///aws/vpc/flow-logs",
    });
  }
  if (!GROUP_NAME.test(group)) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `"${group}" in ${uri} is not a log group name: expected 1 to 512 letters, digits and . - _ / #`,
      { hint: "copy the name from the console or `aws logs describe-log-groups`" },
    );
  }
  if (queryAt === -1) return { group };
  const params = new URLSearchParams(rest.slice(queryAt + 1));
  const unknown = [...params.keys()].find((key) => key !== "stream-prefix");
  if (unknown !== undefined) {
    throw new FlowlensError("FLOWLENS_USAGE", `${uri} has an unknown option "${unknown}": ${USAGE}`, {
      hint: "stream-prefix is the one option; leave the others out",
    });
  }
  const streamPrefix = params.get("stream-prefix") ?? "";
  if (streamPrefix === "" || /[:*]/.test(streamPrefix) || streamPrefix.length > 512) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `stream-prefix "${streamPrefix}" in ${uri} is not a log stream prefix: expected 1 to 512 characters other than : and *`,
      { hint: "VPC Flow Logs names each stream after its ENI, e.g. stream-prefix=eni-" },
    );
  }
  return { group, streamPrefix };
}

/** `2026-11-20T05`: the hour's UTC day and hour. */
export function hourLabel(startMs: number): string {
  return new Date(startMs).toISOString().slice(0, 13);
}

/** @example logHourUri({ group: "/aws/vpc/flow", region: "us-east-1", startMs }) // cloudwatch:///aws/vpc/flow/2026-11-20T05?region=us-east-1 */
export function logHourUri(hour: LogHour): string {
  const query = new URLSearchParams({ region: hour.region });
  if (hour.streamPrefix !== undefined) query.set("stream-prefix", hour.streamPrefix);
  return `${CLOUDWATCH_SCHEME}${hour.group}/${hourLabel(hour.startMs)}?${query.toString()}`;
}
