/**
 * Renders a report's charts while its insights are still running. Each chart is handed over as soon as its
 * insight finishes; its layout waits for the next turn of the event loop, by which time the next insight
 * has sent its SQL to DuckDB, so Vega's layout on the main thread runs beside DuckDB's query threads and
 * the PNG rasterising on libuv's pool. `writeReport` then only collects what is ready.
 */
import type { ChartSpec } from "../../insights/insight.js";
import { chartToSvg, svgToPng } from "./render-chart.js";

export interface RenderedCharts {
  /** SVG per insight id, in the order the charts were added. */
  readonly svgs: Map<string, string>;
  /** PNG per insight id; empty when PNGs were not asked for. */
  readonly pngs: Map<string, Buffer>;
}

/** A rendering awaited later: its failure surfaces when the charts are collected, not as "unhandled". */
function settledLater<T>(pending: Promise<T>): Promise<T> {
  pending.catch(() => undefined);
  return pending;
}

export class ChartRenderer {
  readonly #svgs = new Map<string, Promise<string>>();
  readonly #pngs = new Map<string, Promise<Buffer>>();

  /** @param png whether to rasterise each chart to PNG too */
  constructor(private readonly png: boolean) {}

  /** Starts rendering one insight's chart; a chart added again under the same id replaces the first. */
  add(id: string, spec: ChartSpec): void {
    const svg = settledLater(new Promise((resolve) => setImmediate(resolve)).then(() => chartToSvg(spec)));
    this.#svgs.set(id, svg);
    if (this.png) this.#pngs.set(id, settledLater(svg.then(svgToPng)));
  }

  /** Waits for every chart; rejects with the first rendering error. */
  async rendered(): Promise<RenderedCharts> {
    const collect = async <T>(pending: Map<string, Promise<T>>) =>
      new Map(await Promise.all([...pending].map(async ([id, p]) => [id, await p] as const)));
    const [svgs, pngs] = await Promise.all([collect(this.#svgs), collect(this.#pngs)]);
    return { svgs, pngs };
  }
}
