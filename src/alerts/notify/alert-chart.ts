/**
 * The small chart posted with an ALARM: the metric's `series` around the window as a line, the window
 * shaded and the threshold as a dashed rule, in the metric's unit (bytes scaled to one binary unit).
 * Vega-Lite → SVG → PNG as the reports' charts are (report/charts/render-chart.ts).
 */
import type { ChartSpec } from "../../insights/insight.js";
import { chartToSvg, svgToPng } from "../../report/charts/render-chart.js";
import type { AlertEvent, AlertUnit } from "../alert-event.js";
import { formatAlertValue } from "./alert-numbers.js";

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** How values are shown on the axis: divided by `scale`, formatted with d3-format `format`. */
function axisOf(unit: AlertUnit, largest: number): { scale: number; title: string; format: string } {
  switch (unit) {
    case "bytes": {
      const power = Math.max(
        0,
        Math.min(BYTE_UNITS.length - 1, Math.floor(Math.log(Math.max(largest, 1)) / Math.log(1024))),
      );
      return { scale: 1024 ** power, title: BYTE_UNITS[power] as string, format: ",.1~f" };
    }
    case "usd":
      return { scale: 1, title: "US dollars", format: "$,.2f" };
    case "share":
      return { scale: 1, title: "share", format: ".0%" };
    case "z-score":
      return { scale: 1, title: "robust z-score", format: ".1f" };
    default:
      return { scale: 1, title: "count", format: ",~s" };
  }
}

export function alertChartSpec(event: AlertEvent): ChartSpec {
  const values = event.series.map((p) => p.value ?? 0);
  const largest = Math.max(0, event.threshold ?? 0, ...values);
  const axis = axisOf(event.unit, largest);
  const y = { field: "value", type: "quantitative", title: axis.title, axis: { format: axis.format } };
  return {
    width: 480,
    height: 160,
    title: `${event.rule}${event.instance === "" ? "" : ` · ${event.instance}`}`,
    layer: [
      {
        data: { values: [{ start: event.windowStart, end: event.windowEnd }] },
        mark: { type: "rect", color: "#fde2e1" },
        encoding: { x: { field: "start", type: "temporal" }, x2: { field: "end" } },
      },
      {
        data: {
          values: event.series.map((p) => ({
            time: p.time,
            value: p.value === null ? null : p.value / axis.scale,
          })),
        },
        mark: { type: "line", point: true, color: "#1f6feb", strokeWidth: 2 },
        encoding: { x: { field: "time", type: "temporal", title: "UTC", axis: { format: "%H:%M" } }, y },
      },
      ...(event.threshold === null
        ? []
        : [
            {
              data: { values: [{ value: event.threshold / axis.scale }] },
              mark: { type: "rule", color: "#cf222e", strokeDash: [6, 4], strokeWidth: 1.5 },
              encoding: { y: { field: "value", type: "quantitative" } },
            },
            {
              data: {
                values: [
                  {
                    value: event.threshold / axis.scale,
                    label: `threshold ${formatAlertValue(event.threshold, event.unit)}`,
                  },
                ],
              },
              mark: { type: "text", align: "left", dx: 4, dy: -7, color: "#cf222e", fontSize: 11 },
              encoding: {
                y: { field: "value", type: "quantitative" },
                x: { datum: event.series[0]?.time ?? event.windowStart, type: "temporal" },
                text: { field: "label" },
              },
            },
          ]),
    ],
  };
}

/** The chart as PNG bytes. */
export async function renderAlertChart(event: AlertEvent): Promise<Buffer> {
  return svgToPng(await chartToSvg(alertChartSpec(event)));
}
