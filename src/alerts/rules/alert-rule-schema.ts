/**
 * The `alerts:` section of the config: evaluation settings, webhooks (the notification contract's
 * fragment) and the rules, one zod schema per kind. What spans rules (unique names, composite references
 * and cycles, webhook names) is checked by rule-references.ts on the section as written, beside this
 * schema (validateSettings runs both), so every problem is named by its path (`alerts.rules.2.when.all.1`).
 *
 *   alerts:
 *     rules:
 *       - name: s3-back-through-nat
 *         kind: threshold
 *         metric: s3-via-nat-bytes
 *         threshold: 1GiB
 *         period: 1h
 */
import { z } from "zod";
import { showValue } from "../../config/describe-issue.js";
import { wholeNumber } from "../../config/whole-number.js";
import { SEVERITIES } from "../../insights/insight.js";
import { GROUP_KEYS, METRIC_IDS } from "../metrics/metric-catalog.js";
import { ruleNotifySchema, webhookSettingsSchema } from "../notify/notify-settings.js";
import { durationSetting } from "./duration.js";

const DAY = 86_400;

export const TREAT_MISSING_DATA = ["missing", "notBreaching", "breaching", "ignore"] as const;
export type TreatMissingData = (typeof TREAT_MISSING_DATA)[number];
export const COMPARISONS = [">", ">=", "<", "<="] as const;
export type Comparison = (typeof COMPARISONS)[number];

const BYTE_UNITS: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

/** A threshold: a number, or bytes with a binary unit (`1GiB`, `512 MiB`). */
const amountSchema = z.unknown().transform((value, ctx): number => {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const m = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|TiB)\s*$/.exec(value) : null;
  if (m) return Number(m[1]) * (BYTE_UNITS[m[2] as string] as number);
  ctx.addIssue({
    code: "custom",
    input: value,
    message: `expected a number, or bytes such as 512MiB or 1GiB, got ${showValue(value)}`,
  });
  return z.NEVER;
});

export const ruleName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "expected a rule name of lowercase letters, digits and dashes");

const common = {
  name: ruleName.describe("Unique name; history, silences and `alerts test` refer to it"),
  description: z.string().min(1).optional(),
  severity: z.enum(SEVERITIES).default("medium"),
  period: durationSetting({ min: 60, max: DAY, dividesDay: true })
    .default(3600)
    .describe("Length of one datapoint, e.g. 10m, 1h, 1d (buckets start at UTC midnight)"),
  evaluationPeriods: wholeNumber(1, 288, "periods").default(1).describe("N: datapoints in the window"),
  datapointsToAlarm: wholeNumber(1, 288, "datapoints")
    .optional()
    .describe("M: breaching datapoints of the N that make ALARM (default N)"),
  treatMissingData: z.enum(TREAT_MISSING_DATA).default("missing"),
  cooldown: durationSetting({ min: 0, max: 7 * DAY })
    .default(0)
    .describe("After entering ALARM, the instance does not enter ALARM again until this has passed"),
  message: z
    .string()
    .min(1)
    .max(2000)
    .optional()
    .describe("Template: {rule} {instance} {value} {threshold} {usd} {window_start} {window_end} {state}"),
  enabled: z.boolean().default(true),
  notify: ruleNotifySchema.optional(),
};

const filterSchema = z
  .object({
    account: z
      .array(z.string().regex(/^\d{12}$/, "expected a 12-digit AWS account ID"))
      .min(1)
      .optional(),
    vpc: z.array(z.string().min(1)).min(1).optional(),
    eni: z.array(z.string().min(1)).min(1).optional(),
    subnet: z.array(z.string().min(1)).min(1).optional(),
    port: z.array(z.number().int().min(0).max(65535)).min(1).optional(),
  })
  .strict()
  .describe("Only records captured in these accounts, VPCs, ENIs, subnets, or with these ports");

const thresholdRule = z
  .object({
    ...common,
    kind: z.literal("threshold"),
    metric: z.enum(METRIC_IDS),
    filter: filterSchema.optional(),
    groupBy: z.array(z.enum(GROUP_KEYS)).max(3).default([]),
    comparison: z.enum(COMPARISONS).default(">"),
    threshold: amountSchema,
  })
  .strict();

const sqlRule = z
  .object({
    ...common,
    kind: z.literal("sql"),
    sql: z
      .string()
      .min(1)
      .describe("One read-only SELECT; $window_start/$window_end are the bucket's bounds; each row fires"),
    timeoutSeconds: wholeNumber(1, 60, "seconds").default(10),
  })
  .strict();

const anomalyRule = z
  .object({
    ...common,
    kind: z.literal("anomaly"),
    per: z.enum(["estate", "eni"]).default("estate"),
    threshold: z.number().positive().default(5).describe("Robust z-score an hour must exceed"),
    baselineDays: wholeNumber(1, 90, "days").default(7),
    minBytes: z
      .number()
      .nonnegative()
      .default(64 * 2 ** 20)
      .describe("An hour must also differ from its median by this many bytes"),
  })
  .strict();

const eventRule = z
  .object({
    ...common,
    kind: z.literal("event"),
    finding: z
      .enum(["scan", "new-port"])
      .describe("scan: the scans insight; new-port: a service port never seen"),
    ports: z
      .array(z.number().int().min(0).max(65535))
      .min(1)
      .optional()
      .describe("new-port: only these ports"),
    baselineDays: wholeNumber(1, 90, "days").default(7),
  })
  .strict();

/** `name`, `{all: [...]}`, `{any: [...]}` or `{not: ...}` (of rules being in ALARM). */
export type CompositeExpression =
  | string
  | { all: CompositeExpression[] }
  | { any: CompositeExpression[] }
  | { not: CompositeExpression };

const expressionSchema: z.ZodType<CompositeExpression> = z.lazy(() =>
  z.union([
    ruleName,
    z.object({ all: z.array(expressionSchema).min(1) }).strict(),
    z.object({ any: z.array(expressionSchema).min(1) }).strict(),
    z.object({ not: expressionSchema }).strict(),
  ]),
);

const compositeRule = z
  .object({
    ...common,
    kind: z.literal("composite"),
    when: expressionSchema.describe("all/any/not of other rules' ALARM states"),
  })
  .strict();

export const RULE_KINDS = ["threshold", "sql", "anomaly", "event", "composite"] as const;

const ruleSchema = z
  .discriminatedUnion("kind", [thresholdRule, sqlRule, anomalyRule, eventRule, compositeRule], {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `expected kind to be one of ${RULE_KINDS.join(", ")}, got ${showValue((issue.input as { kind?: unknown } | undefined)?.kind)}`
        : undefined,
  })
  .superRefine((rule, ctx) => {
    if (rule.datapointsToAlarm !== undefined && rule.datapointsToAlarm > rule.evaluationPeriods)
      ctx.addIssue({
        code: "custom",
        path: ["datapointsToAlarm"],
        message: `expected at most evaluationPeriods (${rule.evaluationPeriods}) datapoints, got ${rule.datapointsToAlarm}`,
      });
    if (rule.kind === "anomaly" && rule.period !== 3600)
      ctx.addIssue({
        code: "custom",
        path: ["period"],
        message: "expected 1h: the anomalies insight scores hours against the same hour of the baseline days",
      });
  });

export const alertsConfigSchema = z
  .object({
    backfill: durationSetting({ min: 0, max: 90 * DAY })
      .default(2 * DAY)
      .describe("How far back a rule's first evaluation reaches (capture time)"),
    lateData: durationSetting({ min: 0, max: 7 * DAY })
      .default(2 * 3600)
      .describe("How long after a window was judged late records may still revise it"),
    evaluateEvery: durationSetting({ min: 10, max: DAY })
      .default(60)
      .describe("How often flowlens serve and flowlens schedule evaluate between loads"),
    webhooks: z.record(ruleName, webhookSettingsSchema).default({}),
    rules: z.array(ruleSchema).default([]),
  })
  .strict();

export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
export type AlertRule = AlertsConfig["rules"][number];
export type ThresholdRule = Extract<AlertRule, { kind: "threshold" }>;
export type SqlRule = Extract<AlertRule, { kind: "sql" }>;
export type AnomalyRule = Extract<AlertRule, { kind: "anomaly" }>;
export type EventRule = Extract<AlertRule, { kind: "event" }>;
export type CompositeRule = Extract<AlertRule, { kind: "composite" }>;

export const ALERTS_DEFAULTS: AlertsConfig = {
  backfill: 2 * DAY,
  lateData: 2 * 3600,
  evaluateEvery: 60,
  webhooks: {},
  rules: [],
};
