/** The files of a written report that go to Slack: each insight's chart PNG and the HTML report. */
import { relative, sep } from "node:path";
import type { WrittenReport } from "../../report/write-report.js";

export interface ReportFile {
  readonly path: string;
  /** The path inside the report directory, with `/` (`charts/overview.png`): the ledger's name for it. */
  readonly name: string;
}

export interface ReportFiles {
  /** Chart PNGs by insight id. */
  readonly charts: ReadonlyMap<string, ReportFile>;
  readonly html?: ReportFile;
}

const CHART = /^charts\/(.+)\.png$/;

export function reportFiles(written: WrittenReport): ReportFiles {
  const charts = new Map<string, ReportFile>();
  let html: ReportFile | undefined;
  for (const path of written.files) {
    const name = relative(written.dir, path).split(sep).join("/");
    const chart = CHART.exec(name);
    if (chart?.[1]) charts.set(chart[1], { path, name });
    else if (name === "report.html") html = { path, name };
  }
  return html ? { charts, html } : { charts };
}
