/**
 * Writes a report to a directory in the formats asked for: report.md, report.html (self-contained),
 * report.json (every finding and table) and charts/<insight>.png. Charts render once to SVG and are
 * shared by the HTML and the PNGs; they can start rendering while the report is being built.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Report } from "./build-report.js";
import { ChartRenderer } from "./charts/chart-renderer.js";
import { renderHtml } from "./render/render-html.js";
import { renderMarkdown } from "./render/render-markdown.js";

export const REPORT_FORMATS = ["md", "html", "png", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface WrittenReport {
  readonly dir: string;
  readonly files: string[];
}

/**
 * Writes the report's files. `charts` holds charts already rendering (see `buildReport`'s `charts`
 * option); without it they are rendered here.
 */
export async function writeReport(
  report: Report,
  dir: string,
  formats: readonly ReportFormat[],
  charts?: ChartRenderer,
): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    files.push(path);
  };
  const { svgs, pngs } = needsCharts(formats)
    ? await (charts ?? chartsOf(report, formats)).rendered()
    : { svgs: new Map<string, string>(), pngs: new Map<string, Buffer>() };
  const pngPaths = new Map<string, string>();
  if (formats.includes("png") && pngs.size > 0) {
    await mkdir(join(dir, "charts"), { recursive: true });
    for (const [id, png] of pngs) {
      await write(join("charts", `${id}.png`), png);
      pngPaths.set(id, `charts/${id}.png`);
    }
  }
  if (formats.includes("md")) await write("report.md", renderMarkdown(report, pngPaths));
  if (formats.includes("html")) await write("report.html", renderHtml(report, svgs));
  if (formats.includes("json")) await write("report.json", `${JSON.stringify(report, null, 2)}\n`);
  return { dir, files };
}

/** Whether any of the formats shows charts: the HTML (inline SVG) or the PNGs. */
function needsCharts(formats: readonly ReportFormat[]): boolean {
  return formats.includes("html") || formats.includes("png");
}

/** A renderer for the formats, to hand to `buildReport` so the charts render while insights run. */
export function chartRendererFor(formats: readonly ReportFormat[]): ChartRenderer | undefined {
  return needsCharts(formats) ? new ChartRenderer(formats.includes("png")) : undefined;
}

function chartsOf(report: Report, formats: readonly ReportFormat[]): ChartRenderer {
  const renderer = new ChartRenderer(formats.includes("png"));
  for (const insight of report.insights) if (insight.chart) renderer.add(insight.id, insight.chart);
  return renderer;
}
