/**
 * The spec file of a user insight (`<name>.yaml` beside `<name>.sql` in the insights folder): what it is
 * called, its parameters with defaults, how rows become findings, and an optional chart.
 *
 * @example
 * # dns-resolvers.yaml
 * title: DNS by resolver
 * description: Bytes to port 53 per destination.
 * params: { min_bytes: 1000 }
 * finding:
 *   sentence: "{{dstaddr}} answered {{records}} DNS records ({{bytes}} bytes)"
 *   severity: low
 *   max: 3
 * chart: { type: bar, x: dstaddr, y: bytes }
 * timeoutSeconds: 120
 */
import { z } from "zod";
import { SEVERITIES } from "../insight.js";

const paramValue = z.union([z.number(), z.string(), z.boolean()]);

export const userInsightSpecSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes")
      .optional()
      .describe("default: the file name"),
    title: z.string().min(1),
    description: z.string().default(""),
    params: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), paramValue).default({}),
    finding: z
      .object({
        sentence: z.string().min(1).describe("a template: {{column}} is the row's value"),
        severity: z.enum(SEVERITIES).default("info"),
        usd: z.string().optional().describe("the column holding dollars, if the finding is about money"),
        rate: z.string().optional().describe("the price the dollars were computed with, in words"),
        max: z.number().int().positive().default(3),
      })
      .strict()
      .optional(),
    chart: z
      .object({
        type: z.enum(["bar", "line"]).default("bar"),
        x: z.string(),
        y: z.string(),
        title: z.string().optional(),
      })
      .strict()
      .optional(),
    limit: z.number().int().positive().max(10_000).default(50).describe("rows kept for the report table"),
    timeoutSeconds: z
      .number()
      .int()
      .positive()
      .max(86_400)
      .optional()
      .describe(
        "the SQL is stopped after this long and the insight fails; default: 60 (INSIGHT_TIME_LIMIT_MS)",
      ),
  })
  .strict();

export type UserInsightSpec = z.infer<typeof userInsightSpecSchema>;
