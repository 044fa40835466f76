/**
 * Which log format a delivery's records are in. Streamed records carry no header line, so the format
 * comes from the `serve.streams` settings (by delivery stream, log group or common attribute; the first
 * entry that matches wins), else from the field names of a CloudWatch filter pattern's `extractedFields`,
 * else it is AWS's default format.
 */
import type { StreamFormatSetting } from "../config/serve-config.js";
import { fieldByName } from "../records/fields.js";
import { DEFAULT_FORMAT, type LogFormat, parseHeaderLine, parseLogFormat } from "../records/log-format.js";

export interface DeliveryOrigin {
  readonly deliveryStream: string | null;
  readonly sourceArn: string | null;
  readonly commonAttributes: Readonly<Record<string, string>> | null;
  readonly logGroup?: string;
  /** The keys of a log event's `extractedFields`, in order. */
  readonly extractedFields?: readonly string[];
}

/** `arn:aws:firehose:us-east-1:111122223333:deliverystream/flow-logs` → `flow-logs`. */
export function deliveryStreamName(sourceArn: string): string {
  const at = sourceArn.lastIndexOf(":deliverystream/");
  return at >= 0 ? sourceArn.slice(at + ":deliverystream/".length) : sourceArn;
}

/** Field names as a filter pattern writes them (`account_id`, `$srcaddr`) → a format, if all are known. */
function formatOfFieldNames(names: readonly string[]): LogFormat | undefined {
  const fields = names.map((n) => n.replace(/^\$/, "").replaceAll("_", "-"));
  if (fields.length === 0 || !fields.every((f) => fieldByName(f))) return undefined;
  try {
    return parseHeaderLine(fields.join(" "));
  } catch {
    return undefined;
  }
}

export class StreamFormats {
  private readonly entries: readonly { setting: StreamFormatSetting; format: LogFormat }[];

  constructor(settings: readonly StreamFormatSetting[]) {
    this.entries = settings.map((setting) => ({ setting, format: parseLogFormat(setting.logFormat) }));
  }

  formatFor(origin: DeliveryOrigin): LogFormat {
    for (const { setting, format } of this.entries) {
      if (matches(setting, origin)) return format;
    }
    return (origin.extractedFields && formatOfFieldNames(origin.extractedFields)) ?? DEFAULT_FORMAT;
  }
}

function matches(setting: StreamFormatSetting, origin: DeliveryOrigin): boolean {
  const { deliveryStream, logGroup, commonAttributes } = setting;
  if (
    deliveryStream !== undefined &&
    deliveryStream !== origin.deliveryStream &&
    deliveryStream !== origin.sourceArn
  )
    return false;
  if (logGroup !== undefined && logGroup !== origin.logGroup) return false;
  for (const [name, value] of Object.entries(commonAttributes ?? {})) {
    if (origin.commonAttributes?.[name] !== value) return false;
  }
  return true;
}
