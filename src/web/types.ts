/** The shapes of the API's answers the pages read (see src/server/api/; the server's types, restated). */
export type Severity = "info" | "low" | "medium" | "high";

export interface Finding {
  readonly insight: string;
  readonly severity: Severity;
  readonly sentence: string;
  readonly usd?: number;
  readonly rate?: string;
  readonly numbers: Readonly<Record<string, number | string | null>>;
}

export interface InsightResult {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly findings: readonly Finding[];
  readonly table: readonly Record<string, unknown>[];
  readonly chart?: object;
  readonly notes: readonly string[];
  readonly error?: string;
}

export interface Period {
  readonly from: string;
  readonly to: string;
}

export interface DayRow {
  readonly day: string;
  readonly records: number;
  readonly bytes: number;
  readonly complete: boolean;
  readonly gaps: readonly string[];
}

export interface CostFigure {
  readonly measure: string;
  readonly title: string;
  readonly insight: string;
  readonly usd: number | null;
  readonly usdPerMonth: number | null;
  readonly bytes: number | null;
  readonly rate: string | null;
  readonly sentence: string | null;
  readonly error?: string;
}

export interface SecurityPanel {
  readonly rejectedRecords: number | null;
  readonly adminProbes: {
    readonly records: number;
    readonly sources: number;
    readonly sentence: string | null;
  } | null;
  readonly privateRejectRecords: number | null;
  readonly scans: readonly { readonly sentence: string }[] | null;
  readonly sentences: readonly string[];
  readonly errors: readonly string[];
}

export interface ReportAnswer {
  readonly period: Period;
  readonly report: {
    readonly title: string;
    readonly headline: readonly Finding[];
    readonly insights: readonly InsightResult[];
  };
  readonly costs: readonly CostFigure[];
  readonly security: SecurityPanel;
}
