/**
 * Trends — did the fix work? Each money and security number per day, the inventory's changes marked on
 * the time axis, and the before/after sentence around the latest change.
 */
import { apiGet, useApi } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Status } from "../components/status.js";
import { VegaChart } from "../components/vega-chart.js";
import { formatBytes, formatCount, formatUsd } from "../format.js";
import { type Location, setParams } from "../router.js";

interface DayValue {
  readonly day: string;
  readonly value: number;
  readonly usd: number | null;
}
interface Series {
  readonly metric: string;
  readonly title: string;
  readonly unit: "bytes" | "records" | "sources";
  readonly natGatewayId?: string;
  readonly rate?: string;
  readonly values: readonly DayValue[];
}
interface Change {
  readonly at: string;
  readonly kind: string;
  readonly resourceId: string;
  readonly detail: string;
}
interface PeriodValue {
  readonly perDay: number | null;
  readonly usdPerDay: number | null;
}
interface NumberComparison {
  readonly title: string;
  readonly unit: Series["unit"];
  readonly natGatewayId?: string;
  readonly before: PeriodValue;
  readonly after: PeriodValue;
  readonly sentence: string | null;
}
interface Trends {
  readonly period: { from: string; to: string };
  readonly series: readonly Series[];
  readonly changes: readonly Change[];
  readonly comparison: {
    readonly headline: string | null;
    readonly before: { from: string; to: string };
    readonly after: { from: string; to: string };
    readonly numbers: readonly NumberComparison[];
  } | null;
}

const RANGES = ["7", "30", "90"];

function amount(unit: Series["unit"], value: number | null): string {
  if (value === null) return "–";
  return unit === "bytes" ? formatBytes(value) : formatCount(Math.round(value));
}

function seriesChart(series: Series, changes: readonly Change[]): object {
  const money = series.values.some((v) => v.usd !== null);
  const field = money ? "usd" : "value";
  const title = money ? "$ per day" : series.unit === "bytes" ? "GiB per day" : `${series.unit} per day`;
  const values = series.values.map((v) => ({
    day: v.day,
    usd: v.usd,
    value: series.unit === "bytes" && !money ? v.value / 2 ** 30 : v.value,
  }));
  return {
    height: 140,
    layer: [
      {
        data: { values },
        mark: { type: "area", line: true, opacity: 0.25, tooltip: true },
        encoding: {
          x: { field: "day", type: "temporal", title: null, axis: { format: "%b %d" } },
          y: { field, type: "quantitative", title },
        },
      },
      ...(changes.length > 0
        ? [
            {
              data: { values: changes.map((c) => ({ day: c.at.slice(0, 10), change: c.detail })) },
              mark: { type: "rule", strokeDash: [4, 3], color: "#c4352b", tooltip: true },
              encoding: { x: { field: "day", type: "temporal" }, tooltip: [{ field: "change" }] },
            },
          ]
        : []),
    ],
  };
}

export function TrendsPage({ location }: { location: Location }) {
  const days = location.params.get("days") ?? "30";
  const loaded = useApi(`trends ${days}`, () => apiGet<Trends>("trends", { days }));
  return (
    <>
      <h1>Trends</h1>
      <p class="subtitle">
        Each number per day; red dashed lines are changes to the network (routes, endpoints, NAT gateways).
      </p>
      <div class="toolbar">
        {RANGES.map((r) => (
          <button type="button" key={r} aria-pressed={r === days} onClick={() => setParams({ days: r })}>
            Last {r} days
          </button>
        ))}
      </div>
      <Status loaded={loaded}>
        {(t) => (
          <>
            <div class="panel headline">
              <h2>Did it work?</h2>
              {t.comparison?.headline ? (
                <p class="sentence">{t.comparison.headline}</p>
              ) : (
                <p class="empty">
                  No change to the network is recorded in this period, so there is nothing to compare around.
                </p>
              )}
              {t.comparison && (
                <DataTable
                  name="before-after"
                  rows={t.comparison.numbers
                    .filter((n) => n.sentence)
                    .map((n) => ({
                      number: n.natGatewayId ? `${n.title} (${n.natGatewayId})` : n.title,
                      [`before (${t.comparison?.before.from}..${t.comparison?.before.to}) per day`]: amount(
                        n.unit,
                        n.before.perDay,
                      ),
                      before_usd: n.before.usdPerDay,
                      [`after (${t.comparison?.after.from}..${t.comparison?.after.to}) per day`]: amount(
                        n.unit,
                        n.after.perDay,
                      ),
                      after_usd: n.after.usdPerDay,
                    }))}
                />
              )}
            </div>
            {t.changes.length > 0 && (
              <div class="panel">
                <h2>Changes to the network</h2>
                {t.changes.map((c) => (
                  <p key={`${c.at}${c.resourceId}${c.detail}`}>
                    <strong>{c.at.slice(0, 10)}</strong> {c.detail}
                  </p>
                ))}
              </div>
            )}
            <div class="grid">
              {t.series
                .filter((s) => !s.natGatewayId)
                .map((s) => {
                  const total = s.values.reduce((sum, v) => sum + (v.usd ?? 0), 0);
                  return (
                    <div class="panel" key={s.metric}>
                      <h3>{s.title}</h3>
                      <p class="note">
                        {s.values.some((v) => v.usd !== null)
                          ? `${formatUsd(total)} over the period`
                          : (s.rate ?? "")}
                      </p>
                      <VegaChart spec={seriesChart(s, t.changes)} label={`${s.title} per day`} />
                    </div>
                  );
                })}
            </div>
          </>
        )}
      </Status>
    </>
  );
}
