import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ChartSpec, InsightDefinition } from "../../src/insights/insight.js";
import { buildReport, type Report } from "../../src/report/build-report.js";
import { ChartRenderer } from "../../src/report/charts/chart-renderer.js";
import { REPORT_FORMATS, writeReport } from "../../src/report/write-report.js";
import { openTestStore } from "../enrich/open-test-store.js";
import { tempDir } from "../helpers/temp-dir.js";

const PERIOD = { from: "2026-11-20", to: "2026-11-20" };

function barChart(title: string, values: { port: string; records: number }[]): ChartSpec {
  return {
    title,
    data: { values },
    mark: "bar",
    encoding: {
      y: { field: "port", type: "nominal" },
      x: { field: "records", type: "quantitative" },
    },
  };
}

/** An insight that returns a chart and notes which charts the renderer had been given when it ran. */
function chartingInsight(id: string, seen: string[][], added: string[]): InsightDefinition<never> {
  return {
    id,
    title: id,
    description: `${id} for the test`,
    params: z.object({}) as unknown as z.ZodType<never>,
    async run() {
      seen.push([...added]);
      return { findings: [], table: [], notes: [], chart: barChart(id, [{ port: "22", records: 3 }]) };
    },
  };
}

/** A renderer that also lists the ids it was given, in order. */
class ListingRenderer extends ChartRenderer {
  readonly added: string[] = [];
  override add(id: string, spec: ChartSpec): void {
    this.added.push(id);
    super.add(id, spec);
  }
}

const filesOf = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();

describe("charts rendered while the report is built", () => {
  it("hands each insight's chart to the renderer as soon as that insight has run", async () => {
    const store = await openTestStore();
    const charts = new ListingRenderer(true);
    const seen: string[][] = [];
    const insights = ["first", "second", "third"].map((id) => chartingInsight(id, seen, charts.added));
    await buildReport(store, insights, PERIOD, { charts });
    expect(seen).toEqual([[], ["first"], ["first", "second"]]);
    expect(charts.added).toEqual(["first", "second", "third"]);
    const { svgs, pngs } = await charts.rendered();
    expect([...svgs.keys()]).toEqual(["first", "second", "third"]);
    expect(svgs.get("second")).toMatch(/^<svg[^>]*>/);
    expect(pngs.get("third")?.subarray(1, 4).toString()).toBe("PNG");
  });

  it("writes the same files, byte for byte, as rendering the charts at write time", async () => {
    const store = await openTestStore();
    const insights = ["overview", "scans"].map((id) => chartingInsight(id, [], []));
    const charts = new ChartRenderer(true);
    const report = await buildReport(store, insights, PERIOD, { charts });
    const early = tempDir();
    const late = tempDir();
    await writeReport(report, early, REPORT_FORMATS, charts);
    await writeReport(report, late, REPORT_FORMATS);
    expect(filesOf(early)).toEqual([
      "charts/overview.png",
      "charts/scans.png",
      "report.html",
      "report.json",
      "report.md",
    ]);
    for (const file of filesOf(early)) {
      expect(readFileSync(join(early, file)).equals(readFileSync(join(late, file))), file).toBe(true);
    }
  });

  it("renders no PNG when only SVGs are asked for", async () => {
    const charts = new ChartRenderer(false);
    charts.add("overview", barChart("Overview", [{ port: "443", records: 9 }]));
    const { svgs, pngs } = await charts.rendered();
    expect(svgs.size).toBe(1);
    expect(pngs.size).toBe(0);
  });

  it("reports a chart that cannot render when the charts are collected, not before", async () => {
    const charts = new ChartRenderer(true);
    charts.add("broken", { mark: "bar", encoding: { x: { field: "a", type: "no-such-type" } } });
    // Nothing awaits the chart for a while: its failure must not surface as an unhandled rejection.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(charts.rendered()).rejects.toThrow();
  });

  it("writes a report without charts when no format shows them", async () => {
    const report: Report = { title: "t", period: PERIOD, headline: [], insights: [] };
    const dir = tempDir();
    await writeReport(report, dir, ["md", "json"]);
    expect(filesOf(dir)).toEqual(["report.json", "report.md"]);
  });
});
