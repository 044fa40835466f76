/**
 * A Vega-Lite spec drawn interactively (tooltips, legend toggles) — the very spec the report renders to
 * PNG. Expressions are interpreted rather than compiled, so the page needs no `unsafe-eval`.
 */
import { useEffect, useRef } from "preact/hooks";
import embed, { type VisualizationSpec } from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

export function VegaChart({ spec, label }: { spec: object; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const view = embed(element.current, withLegendToggles(spec) as VisualizationSpec, {
      actions: false,
      renderer: "svg",
      ast: true,
      expr: expressionInterpreter,
      defaultStyle: false,
      tooltip: { theme: "light", disableDefaultStyle: true },
    });
    return () => {
      view.then((result) => result.finalize());
    };
  }, [spec]);
  return <div class="chart" role="img" aria-label={label} ref={element} />;
}

/** Clicking a legend entry shows only that series; clicking again shows all (a Vega-Lite point selection). */
function withLegendToggles(spec: object): object {
  const s = spec as { encoding?: { color?: { field?: string } }; params?: unknown[]; mark?: unknown };
  const field = s.encoding?.color?.field;
  if (!field || s.params) return { ...spec, width: "container" };
  return {
    ...spec,
    width: "container",
    params: [{ name: "legend_pick", select: { type: "point", fields: [field] }, bind: "legend" }],
    encoding: {
      ...s.encoding,
      opacity: { condition: { param: "legend_pick", value: 1 }, value: 0.15 },
    },
  };
}
