/**
 * Source class → ENI kind → destination class, as three columns of boxes joined by bands as wide as their
 * bytes. Drawn as plain SVG: Vega-Lite has no Sankey mark, and the layout is three stacked columns.
 */
import { formatBytes } from "../format.js";

export interface SankeyData {
  readonly nodes: readonly { id: string; stage: "source" | "eni" | "destination"; name: string }[];
  readonly links: readonly { source: string; target: string; bytes: number }[];
}

const WIDTH = 900;
const HEIGHT = 240;
const BOX = 14;
const GAP = 10;
/** The height a node label needs (its font is 12 px, styles.css). */
const LABEL_HEIGHT = 15;
const STAGES = ["source", "eni", "destination"] as const;
const COLORS = ["#2f6fe4", "#1f8a4c", "#c77700", "#8a4fd3", "#c4352b", "#5b6577"];

export function Sankey({ data }: { data: SankeyData }) {
  const total = (id: string, side: "source" | "target") =>
    data.links.filter((l) => l[side] === id).reduce((sum, l) => sum + l.bytes, 0);
  const size = (id: string) => Math.max(total(id, "source"), total(id, "target"));
  const place = new Map<string, { x: number; y: number; h: number; outY: number; inY: number }>();
  for (const [column, stage] of STAGES.entries()) {
    const nodes = data.nodes.filter((n) => n.stage === stage && size(n.id) > 0);
    const sum = nodes.reduce((s, n) => s + size(n.id), 0) || 1;
    const scale = (HEIGHT - GAP * Math.max(0, nodes.length - 1)) / sum;
    let y = 0;
    for (const n of nodes) {
      const h = Math.max(2, size(n.id) * scale);
      place.set(n.id, { x: 40 + column * ((WIDTH - 200) / 2), y, h, outY: y, inY: y });
      y += h + GAP;
    }
  }
  const color = (id: string) => COLORS[data.nodes.findIndex((n) => n.id === id) % COLORS.length];
  const bands = [...data.links]
    .sort((a, b) => b.bytes - a.bytes)
    .flatMap((link) => {
      const from = place.get(link.source);
      const to = place.get(link.target);
      if (!from || !to || link.bytes <= 0) return [];
      const h = (link.bytes / size(link.source)) * from.h;
      const h2 = (link.bytes / size(link.target)) * to.h;
      const [x1, y1, x2, y2] = [from.x + BOX, from.outY, to.x, to.inY];
      from.outY += h;
      to.inY += h2;
      const mid = (x1 + x2) / 2;
      const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2} L${x2},${y2 + h2} C${mid},${y2 + h2} ${mid},${y1 + h} ${x1},${y1 + h} Z`;
      return [
        <path key={`${link.source}>${link.target}`} d={d} class="band" fill={color(link.source)}>
          <title>
            {link.source.split(":").pop()} → {link.target.split(":").pop()}: {formatBytes(link.bytes)}
          </title>
        </path>,
      ];
    });
  const lastLabel = new Map<number, number>();
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT + 10}`}
      class="sankey"
      role="img"
      aria-label="bytes from source class through ENI kind to destination class"
    >
      {bands}
      {data.nodes.map((n) => {
        const p = place.get(n.id);
        if (!p) return null;
        const text = `${n.name} · ${formatBytes(size(n.id))}`;
        // Below the top edge, where a small first node's label would otherwise be cut off.
        const y = Math.max(LABEL_HEIGHT - 3, p.y + Math.min(p.h / 2, 12) + 4);
        // A label that would overlap the one above it in its column is left out; the box's tooltip names it.
        const labelled = y - (lastLabel.get(p.x) ?? Number.NEGATIVE_INFINITY) >= LABEL_HEIGHT;
        if (labelled) lastLabel.set(p.x, y);
        return (
          <g key={n.id}>
            <rect x={p.x} y={p.y} width={BOX} height={p.h} fill={color(n.id)}>
              <title>{text}</title>
            </rect>
            {labelled && (
              <text x={p.x + BOX + 6} y={y} class="node-label">
                {text}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
