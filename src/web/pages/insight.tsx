/** One insight for a period: its findings, its chart drawn from the report's own spec, its table. */
import { apiGet, useApi } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { FindingList, Status } from "../components/status.js";
import { VegaChart } from "../components/vega-chart.js";
import { describePeriod } from "../period.js";
import { type Location, linkTo } from "../router.js";
import type { InsightResult, Period } from "../types.js";

/** Columns whose values the explorer can filter by. */
const EXPLORABLE: Readonly<Record<string, string>> = {
  interface_id: "eni",
  sender_interface_id: "eni",
  receiver_interface_id: "eni",
  source: "srcaddr",
  port: "port",
  srcaddr: "srcaddr",
  dstaddr: "dstaddr",
  dstport: "dstport",
  srcport: "srcport",
  subnet_id: "subnet",
  vpc_id: "vpc",
  account_id: "account",
  az_id: "az",
};

export function InsightPage({ location, id }: { location: Location; id: string }) {
  const from = location.params.get("from") ?? undefined;
  const to = location.params.get("to") ?? from;
  const loaded = useApi(`insight ${id} ${from} ${to}`, () =>
    apiGet<{ period: Period; insight: InsightResult }>(`insights/${encodeURIComponent(id)}`, { from, to }),
  );
  return (
    <Status loaded={loaded}>
      {({ period, insight }) => (
        <>
          <p class="note">
            <a {...linkTo("/", { from: period.from, to: period.to === period.from ? undefined : period.to })}>
              ← {describePeriod(period)}
            </a>
          </p>
          <h1>{insight.title}</h1>
          <p class="subtitle">{insight.description}</p>
          {insight.error && <p class="error">{insight.error}</p>}
          <div class="panel">
            <h2>Findings</h2>
            <FindingList findings={insight.findings} period={period} />
            {insight.notes.map((n) => (
              <p class="note" key={n}>
                {n}
              </p>
            ))}
          </div>
          {insight.chart && (
            <div class="panel">
              <VegaChart spec={insight.chart} label={`${insight.title} chart`} />
            </div>
          )}
          <div class="panel">
            <h2>Table</h2>
            <DataTable
              rows={insight.table}
              name={`${insight.id}-${period.from}`}
              clickable={(c) => c in EXPLORABLE}
              onCell={(column, value) => {
                const link = linkTo("/explorer", {
                  from: period.from,
                  to: period.to,
                  [EXPLORABLE[column] as string]: String(value),
                });
                window.history.pushState(null, "", link.href);
                window.dispatchEvent(new PopStateEvent("popstate"));
              }}
            />
          </div>
        </>
      )}
    </Status>
  );
}
