/**
 * Writes a report to a directory in the formats asked for: report.md, report.html (self-contained),
 * report.json (every finding and table) and charts/<insight>.png. Charts render once to SVG and are
 * shared by the HTML and the PNGs.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Report } from "./build-report.js";
import { chartToSvg, svgToPng } from "./charts/render-chart.js";
import { renderHtml } from "./render/render-html.js";
import { renderMarkdown } from "./render/render-markdown.js";

export const REPORT_FORMATS = ["md", "html", "png", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface WrittenReport {
  readonly dir: string;
  readonly files: string[];
}

export async function writeReport(
  report: Report,
  dir: string,
  formats: readonly ReportFormat[],
): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    files.push(path);
  };
  const svgs = new Map<string, string>();
  const pngs: Promise<[string, Buffer]>[] = [];
  if (formats.includes("html") || formats.includes("png")) {
    for (const insight of report.insights) {
      if (!insight.chart) continue;
      const svg = await chartToSvg(insight.chart);
      svgs.set(insight.id, svg);
      // Rasterising runs off the main thread while the next chart is laid out.
      if (formats.includes("png")) pngs.push(svgToPng(svg).then((png) => [insight.id, png]));
    }
  }
  const pngPaths = new Map<string, string>();
  if (pngs.length > 0) await mkdir(join(dir, "charts"), { recursive: true });
  for (const [id, png] of await Promise.all(pngs)) {
    await write(join("charts", `${id}.png`), png);
    pngPaths.set(id, `charts/${id}.png`);
  }
  if (formats.includes("md")) await write("report.md", renderMarkdown(report, pngPaths));
  if (formats.includes("html")) await write("report.html", renderHtml(report, svgs));
  if (formats.includes("json")) await write("report.json", `${JSON.stringify(report, null, 2)}\n`);
  return { dir, files };
}
