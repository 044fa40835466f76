/**
 * The flows explorer: a period (zoom in and out), filters, one dimension to group by, its top N over time
 * and as a table — click a value to filter by it — and where the bytes went, class → ENI kind → class.
 * The URL holds all of it.
 */
import { useState } from "preact/hooks";
import { addDays } from "../../utc-day.js";
import { apiGet, useApi } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Sankey, type SankeyData } from "../components/sankey.js";
import { Status } from "../components/status.js";
import { VegaChart } from "../components/vega-chart.js";
import { type Location, setParams } from "../router.js";

interface Dimensions {
  readonly dimensions: readonly { name: string; description: string; values: readonly string[] | null }[];
  readonly eitherSide: readonly { name: string; description: string }[];
  readonly metrics: readonly string[];
}
interface TopRow {
  readonly rank: number;
  readonly value: string | number | null;
  readonly records: number;
  readonly bytes: number;
  readonly packets: number;
}
interface Flows {
  readonly bucket: "hour" | "day";
  readonly groupBy: string;
  readonly metric: string;
  readonly table: readonly TopRow[];
  readonly other: { values: number; records: number; bytes: number; packets: number };
  readonly series: readonly {
    bucket: string;
    rank: number | null;
    records: number;
    bytes: number;
    packets: number;
  }[];
}

const VIEW_KEYS = new Set(["from", "to", "groupBy", "metric", "top"]);

/**
 * Colors of the ranked values, in rank order: Tableau's ten without its gray, then their light tints, so
 * the default top 10 never repeats a color (Vega's default scheme has ten, and "other" made eleven).
 * Gray is kept for "other"; beyond 18 values the colors repeat.
 */
const RANK_COLORS = [
  ...["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d"],
  ...["#9ecae9", "#ffbf79", "#ff9d98", "#83bcb6", "#88d27a", "#f2cf5b", "#d6a5c9", "#fcbfd2", "#d8b5a5"],
];
const OTHER_COLOR = "#bab0ac";

function chartOf(flows: Flows): object {
  const name = (rank: number | null) =>
    rank === null ? "other" : String(flows.table.find((r) => r.rank === rank)?.value ?? "(none)");
  const ranked = [...new Set([...flows.table].sort((a, b) => a.rank - b.rank).map((r) => name(r.rank)))];
  const hasOther = flows.series.some((p) => p.rank === null);
  const metric = flows.metric as "bytes" | "records" | "packets";
  return {
    height: 240,
    data: {
      values: flows.series.map((p) => ({
        bucket: p.bucket,
        value: flows.groupBy,
        name: name(p.rank),
        amount: metric === "bytes" ? p.bytes / 2 ** 30 : p[metric],
      })),
    },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: {
        field: "bucket",
        type: "temporal",
        title: null,
        timeUnit: flows.bucket === "hour" ? "utcyearmonthdatehours" : "utcyearmonthdate",
      },
      y: { field: "amount", type: "quantitative", stack: true, title: metric === "bytes" ? "GiB" : metric },
      color: {
        field: "name",
        type: "nominal",
        title: flows.groupBy,
        scale: {
          domain: [...ranked, ...(hasOther ? ["other"] : [])],
          range: [
            ...ranked.map((_, i) => RANK_COLORS[i % RANK_COLORS.length]),
            ...(hasOther ? [OTHER_COLOR] : []),
          ],
        },
      },
    },
  };
}

export function ExplorerPage({ location }: { location: Location }) {
  const params = Object.fromEntries(location.params);
  const days = useApi("days", () => apiGet<{ days: { day: string }[] }>("days"));
  const dims = useApi("dimensions", () => apiGet<Dimensions>("flows/dimensions"));
  return (
    <Status loaded={days}>
      {({ days }) => {
        const from = params.from ?? days.at(-1)?.day;
        if (!from) return <p class="empty">The store holds no flow logs yet.</p>;
        const view = { ...params, from, to: params.to ?? from };
        return <Status loaded={dims}>{(d) => <Explorer view={view} dimensions={d} />}</Status>;
      }}
    </Status>
  );
}

function Explorer({ view, dimensions }: { view: Record<string, string>; dimensions: Dimensions }) {
  const filters = Object.entries(view).filter(([k]) => !VIEW_KEYS.has(k));
  const groupBy = view.groupBy ?? "eni";
  const key = new URLSearchParams(view).toString();
  const flows = useApi(`flows ${key}`, () => apiGet<Flows>("flows", { groupBy, ...view }));
  const sankey = useApi(`sankey ${key}`, () =>
    apiGet<SankeyData>(
      "flows/sankey",
      Object.fromEntries(Object.entries(view).filter(([k]) => !["groupBy", "metric", "top"].includes(k))),
    ),
  );
  const [adding, setAdding] = useState({ name: "eni", value: "" });
  const span = (Date.parse(view.to as string) - Date.parse(view.from as string)) / 86_400_000;
  const zoomOut = () =>
    setParams({
      from: addDays(view.from as string, -Math.max(1, Math.ceil((span + 1) / 2))),
      to: addDays(view.to as string, Math.max(0, Math.ceil((span + 1) / 2))),
    });
  const zoomIn = () => setParams({ to: addDays(view.from as string, Math.floor(span / 2)) });
  const filterable = [
    ...dimensions.dimensions.map((d) => d.name),
    ...dimensions.eitherSide.map((d) => d.name),
  ];
  return (
    <>
      <h1>Flows</h1>
      <p class="subtitle">
        {view.from === view.to ? view.from : `${view.from} to ${view.to}`}, grouped by {groupBy}
      </p>
      <div class="toolbar">
        <label>
          from{" "}
          <input
            type="date"
            value={view.from}
            onChange={(e) => setParams({ from: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label>
          to{" "}
          <input
            type="date"
            value={view.to}
            onChange={(e) => setParams({ to: (e.target as HTMLInputElement).value })}
          />
        </label>
        <button type="button" onClick={zoomOut}>
          Zoom out
        </button>
        <button type="button" onClick={zoomIn} disabled={span < 1}>
          Zoom in
        </button>
        <label>
          group by{" "}
          <select
            aria-label="group by"
            value={groupBy}
            onChange={(e) => setParams({ groupBy: (e.target as HTMLSelectElement).value })}
          >
            {dimensions.dimensions.map((d) => (
              <option key={d.name} value={d.name} title={d.description}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          of{" "}
          <select
            aria-label="metric"
            value={view.metric ?? "bytes"}
            onChange={(e) => setParams({ metric: (e.target as HTMLSelectElement).value })}
          >
            {dimensions.metrics.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
      </div>
      <section class="chips" aria-label="filters">
        {filters.map(([name, value]) => (
          <span class="chip" key={name}>
            {name} = {value}
            <button
              type="button"
              aria-label={`remove filter ${name}`}
              onClick={() => setParams({ [name]: undefined })}
            >
              ×
            </button>
          </span>
        ))}
        <form
          class="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            if (adding.value.trim()) setParams({ [adding.name]: adding.value.trim() });
            setAdding({ ...adding, value: "" });
          }}
        >
          <select
            aria-label="filter on"
            value={adding.name}
            onChange={(e) => setAdding({ ...adding, name: (e.target as HTMLSelectElement).value })}
          >
            {filterable.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
          <input
            aria-label="filter value"
            placeholder="value, or several separated by commas"
            value={adding.value}
            onInput={(e) => setAdding({ ...adding, value: (e.target as HTMLInputElement).value })}
          />
          <button type="submit">Add filter</button>
        </form>
      </section>
      <Status loaded={flows}>
        {(f) => (
          <>
            <div class="panel">
              {f.series.length > 0 ? (
                <VegaChart spec={chartOf(f)} label={`top ${groupBy} over time`} />
              ) : (
                <p class="empty">No flows match.</p>
              )}
            </div>
            <div class="panel">
              <h2>Top {groupBy}</h2>
              <DataTable
                name={`flows-by-${groupBy}`}
                rows={f.table.map((r) => ({
                  [groupBy]: r.value,
                  bytes: r.bytes,
                  records: r.records,
                  packets: r.packets,
                }))}
                clickable={(c) => c === groupBy}
                onCell={(_, value) => setParams({ [groupBy]: String(value) })}
              />
              {f.other.values > 0 && (
                <p class="note">
                  and {f.other.values} other value(s): {f.other.records.toLocaleString("en-US")} records
                </p>
              )}
            </div>
          </>
        )}
      </Status>
      <div class="panel">
        <h2>Where the bytes went</h2>
        <Status loaded={sankey}>
          {(s) => (s.links.length > 0 ? <Sankey data={s} /> : <p class="empty">No flows match.</p>)}
        </Status>
      </div>
    </>
  );
}
