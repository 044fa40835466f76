/**
 * Charts without a browser: Vega-Lite → Vega → SVG (vega's headless renderer) → PNG (resvg). The same
 * spec renders interactively in a browser later. Fonts are named, not guessed: DejaVu Sans, which Debian
 * installs, with resvg told to use it for any family it lacks.
 */
import { renderAsync } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
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

export async function chartToSvg(spec: ChartSpec): Promise<string> {
  const vegaSpec = compile({ ...DEFAULTS, ...spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises on libuv's thread pool, so several charts render at once and beside other work. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT },
    background: "white",
    fitTo: { mode: "zoom", value: 2 },
  });
  return image.asPng();
}
