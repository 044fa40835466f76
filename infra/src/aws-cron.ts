/**
 * A five-field cron expression as flowlens's own `schedule.cron` takes it (minute hour day-of-month month
 * day-of-week, e.g. "0 6 * * *") checked and written in EventBridge Scheduler's six-field form
 * (`cron(0 6 * * ? *)`): one of the two day fields is `?`, days of the week are names (Unix counts Sunday
 * as 0 or 7, AWS as 1), and `*\/n` steps start from the field's first value.
 */

interface FieldRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const RULES: readonly FieldRule[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 7, names: DAYS },
];

/** The values a field selects, or what is wrong with it. */
function fieldValues(text: string, rule: FieldRule): number[] | string {
  const values = new Set<number>();
  const numberOf = (part: string): number | undefined => {
    const index = rule.names?.indexOf(part.toUpperCase()) ?? -1;
    if (index >= 0) return index + (rule.names === MONTHS ? 1 : 0);
    if (!/^\d+$/.test(part)) return undefined;
    const n = Number(part);
    return n >= rule.min && n <= rule.max ? n : undefined;
  };
  for (const item of text.split(",")) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    const step = match?.[2] === undefined ? 1 : Number(match[2]);
    if (!match?.[1] || step < 1) return `the ${rule.name} field "${text}" is not a value, range or step`;
    const [from, to] =
      match[1] === "*"
        ? [rule.min, rule.max]
        : match[1].includes("-")
          ? match[1].split("-").map(numberOf)
          : [numberOf(match[1]), match[2] === undefined ? numberOf(match[1]) : rule.max];
    if (from === undefined || to === undefined || from > to) {
      return `the ${rule.name} field "${text}" is outside ${rule.min}-${rule.max}${rule.names ? ` (or ${rule.names[0]}-${rule.names.at(-1)})` : ""}`;
    }
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return [...values];
}

/** A field without `*`-steps AWS may read differently: `*\/n` becomes `<min>/n`, names upper case. */
function awsField(text: string, rule: FieldRule): string {
  return text.toUpperCase().replace(/^\*\/(\d+)$/, `${rule.min}/$1`);
}

/**
 * EventBridge Scheduler's `cron(…)` for a five-field cron, or the reason it is not a schedule
 * (`{ problem }`), e.g. a value out of range or both day fields restricted (AWS cannot run on either).
 */
export function awsScheduleCron(
  cron: string,
): { readonly expression: string } | { readonly problem: string } {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    return {
      problem: `a cron expression of 5 fields (minute hour day-of-month month day-of-week), e.g. "0 6 * * *"`,
    };
  }
  const selected: number[][] = [];
  for (const [i, rule] of RULES.entries()) {
    const values = fieldValues(fields[i] as string, rule);
    if (typeof values === "string") return { problem: `a valid cron expression: ${values}` };
    selected.push(values);
  }
  const [minute, hour, dom, month] = fields as [string, string, string, string, string];
  const weekDays = new Set((selected[4] ?? []).map((d) => d % 7));
  const everyWeekDay = weekDays.size === 7;
  const everyMonthDay = dom === "*";
  if (!everyWeekDay && !everyMonthDay) {
    return {
      problem:
        "a day of month or a day of week, not both: EventBridge Scheduler cannot run on either one (use * for one of them)",
    };
  }
  const days = everyWeekDay
    ? [awsField(dom, RULES[2] as FieldRule), "?"]
    : [
        "?",
        [...weekDays]
          .sort((a, b) => a - b)
          .map((d) => DAYS[d])
          .join(","),
      ];
  const m = awsField(minute, RULES[0] as FieldRule);
  const h = awsField(hour, RULES[1] as FieldRule);
  const mon = awsField(month, RULES[3] as FieldRule);
  return { expression: `cron(${m} ${h} ${days[0]} ${mon} ${days[1]} *)` };
}

/** True when `zone` is an IANA time zone this Node.js knows (e.g. "Europe/Paris", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.trim() !== "";
  } catch {
    return false;
  }
}
