/**
 * The home page's cost and security panels, taken from the report's own findings by their `measure` (no
 * figure is computed again here): each cost is the dollars for the period, the insight's own per-month
 * figure, the bytes it is of and the rate used; the security panel is rejects, admin-port probes and scans.
 * The costs overlap (NAT processing includes the S3/DynamoDB and internet bytes that crossed a NAT
 * gateway), so they are listed, never added up.
 */
import type { Finding } from "../../insights/insight.js";
import type { Report } from "../../report/build-report.js";

/** Which finding each panel figure is, and which of its numbers are the bytes. Plain data. */
const COSTS = [
  {
    measure: "nat_processing",
    title: "NAT gateway processing",
    insight: "nat-gateway",
    bytes: ["processed_bytes"],
  },
  {
    measure: "s3_dynamodb_via_nat",
    title: "S3 and DynamoDB through NAT gateways",
    insight: "nat-gateway",
    bytes: ["s3_bytes", "dynamodb_bytes"],
  },
  { measure: "cross_az", title: "Cross-AZ transfer", insight: "cross-az", bytes: ["cross_az_bytes"] },
  {
    measure: "internet_egress",
    title: "Internet egress",
    insight: "internet-egress",
    bytes: ["internet_egress_bytes"],
  },
] as const;

export interface CostFigure {
  readonly measure: string;
  readonly title: string;
  readonly insight: string;
  /** Dollars over the period; 0 when the insight found no such traffic, null when it failed. */
  readonly usd: number | null;
  readonly usdPerMonth: number | null;
  readonly bytes: number | null;
  readonly rate: string | null;
  readonly sentence: string | null;
  readonly severity: Finding["severity"] | null;
  /** Why the figure is missing: the insight's error. */
  readonly error?: string;
}

export interface SecurityPanel {
  readonly rejectedRecords: number | null;
  readonly adminProbes: {
    readonly records: number;
    readonly sources: number;
    readonly ports: readonly { readonly port: number; readonly records: number }[];
    readonly sentence: string | null;
  } | null;
  readonly privateRejectRecords: number | null;
  readonly scans:
    | readonly {
        readonly sentence: string;
        readonly severity: Finding["severity"];
        readonly numbers: Finding["numbers"];
      }[]
    | null;
  readonly sentences: readonly string[];
  readonly errors: readonly string[];
}

const num = (value: unknown): number => (typeof value === "number" ? value : Number(value ?? 0));

function findingsOf(report: Report, insight: string) {
  const result = report.insights.find((i) => i.id === insight);
  return {
    findings: result?.findings ?? [],
    error: result ? result.error : `insight ${insight} did not run`,
  };
}

export function costPanel(report: Report): CostFigure[] {
  return COSTS.map((cost) => {
    const { findings, error } = findingsOf(report, cost.insight);
    const base = { measure: cost.measure, title: cost.title, insight: cost.insight };
    if (error !== undefined) {
      return {
        ...base,
        usd: null,
        usdPerMonth: null,
        bytes: null,
        rate: null,
        sentence: null,
        severity: null,
        error,
      };
    }
    const finding = findings.find((f) => f.measure === cost.measure);
    if (!finding) {
      return { ...base, usd: 0, usdPerMonth: 0, bytes: 0, rate: null, sentence: null, severity: null };
    }
    return {
      ...base,
      usd: finding.usd ?? null,
      usdPerMonth: finding.numbers.usd_per_month === undefined ? null : num(finding.numbers.usd_per_month),
      bytes: cost.bytes.reduce((sum, key) => sum + num(finding.numbers[key]), 0),
      rate: finding.rate ?? null,
      sentence: finding.sentence,
      severity: finding.severity,
    };
  });
}

export function securityPanel(report: Report): SecurityPanel {
  const rejected = findingsOf(report, "rejected-traffic");
  const scans = findingsOf(report, "scans");
  const byMeasure = (measure: string) => rejected.findings.find((f) => f.measure === measure);
  const probes = byMeasure("admin_probes");
  const rejectedOk = rejected.error === undefined;
  const scanFindings = scans.findings.filter((f) => f.measure === "scan");
  return {
    rejectedRecords: rejectedOk ? num(byMeasure("rejected")?.numbers.rejected_records) : null,
    adminProbes: !rejectedOk
      ? null
      : {
          records: num(probes?.numbers.admin_probe_records),
          sources: num(probes?.numbers.admin_probe_sources),
          ports: Object.entries(probes?.numbers ?? {})
            .filter(([key]) => /^port_\d+$/.test(key))
            .map(([key, records]) => ({ port: Number(key.slice(5)), records: num(records) })),
          sentence: probes?.sentence ?? null,
        },
    privateRejectRecords: rejectedOk
      ? num(byMeasure("private_rejects")?.numbers.private_reject_records)
      : null,
    scans:
      scans.error === undefined
        ? scanFindings.map((f) => ({ sentence: f.sentence, severity: f.severity, numbers: f.numbers }))
        : null,
    sentences: [...rejected.findings, ...scanFindings].map((f) => f.sentence),
    errors: [rejected.error, scans.error].filter((e): e is string => e !== undefined),
  };
}
