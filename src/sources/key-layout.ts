/**
 * Reads what an S3 key or a local path says about its flow log object, in any of AWS's key layouts:
 *   default: [prefix/]AWSLogs/{account}/vpcflowlogs/{region}/{yyyy}/{mm}/{dd}/[{HH}/]{name}
 *   Hive:    [prefix/]AWSLogs/aws-account-id={a}/aws-service=vpcflowlogs/aws-region={r}/year=…/month=…/day=…/[hour=…/]{name}
 *   name:    {account}_vpcflowlogs_{region}_{flow-log-id}_{YYYYMMDDTHHmmZ}_{hash}.log.gz (or .parquet)
 * A plain file outside these layouts yields what its name alone says, possibly nothing.
 */

export interface KeyInfo {
  readonly accountId?: string;
  readonly region?: string;
  /** UTC day of the key's date folder (or of the object name's timestamp), YYYY-MM-DD. */
  readonly date?: string;
  readonly hour?: number;
  readonly flowLogId?: string;
  readonly layout?: "default" | "hive";
}

const DEFAULT_LAYOUT =
  /(?:^|\/)AWSLogs\/(\d{12})\/vpcflowlogs\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(?:(\d{2})\/)?[^/]*$/;
const HIVE_LAYOUT =
  /(?:^|\/)AWSLogs\/aws-account-id=(\d{12})\/aws-service=vpcflowlogs\/aws-region=([a-z0-9-]+)\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/(?:hour=(\d{2})\/)?[^/]*$/;
const OBJECT_NAME =
  /(?:^|\/)(\d{12})_vpcflowlogs_([a-z0-9-]+)_(fl-[0-9a-z]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/;

/** A date from a key, kept only when it is a calendar day (a folder named 2024/13/45 says nothing). */
function calendarDay(day: string): string | undefined {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day) ? day : undefined;
}

export function parseKeyLayout(pathOrKey: string): KeyInfo {
  const key = pathOrKey.replaceAll("\\", "/");
  const name = OBJECT_NAME.exec(key);
  const nameInfo: KeyInfo = name
    ? {
        accountId: name[1],
        region: name[2],
        flowLogId: name[3],
        date: calendarDay(`${name[4]}-${name[5]}-${name[6]}`),
        hour: Number(name[7]),
      }
    : {};
  for (const [layout, pattern] of [
    ["default", DEFAULT_LAYOUT],
    ["hive", HIVE_LAYOUT],
  ] as const) {
    const m = pattern.exec(key);
    if (m) {
      return {
        ...nameInfo,
        accountId: m[1],
        region: m[2],
        date: calendarDay(`${m[3]}-${m[4]}-${m[5]}`),
        ...(m[6] === undefined ? {} : { hour: Number(m[6]) }),
        layout,
      };
    }
  }
  return nameInfo;
}

/** The prefix under which one account's flow logs for one region and day lie, in the given layout. */
export function dayPrefix(
  layout: "default" | "hive",
  base: string,
  accountId: string,
  region: string,
  date: string,
): string {
  const [yyyy, mm, dd] = date.split("-");
  const root = `${base}AWSLogs/`;
  return layout === "default"
    ? `${root}${accountId}/vpcflowlogs/${region}/${yyyy}/${mm}/${dd}/`
    : `${root}aws-account-id=${accountId}/aws-service=vpcflowlogs/aws-region=${region}/year=${yyyy}/month=${mm}/day=${dd}/`;
}
