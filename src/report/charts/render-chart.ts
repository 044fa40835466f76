/**
 * Charts without a browser: Vega-Lite → Vega → SVG (vega's headless renderer) → PNG (resvg). The same
 * spec renders interactively in a browser later. Fonts are named, not guessed: DejaVu Sans, which Debian
 * installs, with resvg told to use it for any family it lacks. Vega and resvg are imported on the first
 * chart, not when the CLI starts: vega alone took a fifth of every command's start-up.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import type { TopLevelSpec } from "vega-lite";
import type { ChartSpec } from "../../insights/insight.js";

export const CHART_FONT = "DejaVu Sans";

const DEFAULTS = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  width: 640,
  height: 240,
  padding: 12,
  background: "white",
  config: { font: CHART_FONT, title: { fontSize: 14, anchor: "start" }, axis: { labelLimit: 220 } },
};

/** An insight's chart as it is rendered: the house defaults (size, font, schema) under the insight's spec. */
export function renderedChartSpec(spec: ChartSpec): ChartSpec {
  return { ...DEFAULTS, ...spec };
}

export async function chartToSvg(spec: ChartSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const vegaSpec = compile(renderedChartSpec(spec) as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Where Debian's fonts-dejavu-core puts DejaVu Sans. */
const DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu";
const DEJAVU_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((name) => join(DEJAVU_DIR, name));

/**
 * The two DejaVu Sans files when they are where Debian puts them: loading two fonts instead of every
 * system font saves a third of a chart's rasterising time, and the PNGs do not depend on what else is
 * installed. Elsewhere resvg searches the system fonts for the family.
 */
const CHART_FONTS: ResvgRenderOptions["font"] = DEJAVU_FILES.every((file) => existsSync(file))
  ? { loadSystemFonts: false, fontFiles: DEJAVU_FILES, defaultFontFamily: CHART_FONT }
  : { loadSystemFonts: true, defaultFontFamily: CHART_FONT };

/** Rasterises on libuv's thread pool, so several charts render at once and beside other work. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { renderAsync } = await import("@resvg/resvg-js");
  const image = await renderAsync(svg, {
    font: CHART_FONTS,
    background: "white",
    fitTo: { mode: "zoom", value: 2 },
  });
  return image.asPng();
}
