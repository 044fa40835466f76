/** Home: pick a period; its headline findings, what traffic cost (cost panel) and what knocked (security). */
import { apiGet, useApi } from "../api.js";
import { DayCalendar } from "../components/day-calendar.js";
import { FindingList, Status } from "../components/status.js";
import { formatBytes, formatCount, formatUsd } from "../format.js";
import { describePeriod, periodOf } from "../period.js";
import { type Location, linkTo, setParams } from "../router.js";
import type { CostFigure, DayRow, Period, ReportAnswer, SecurityPanel } from "../types.js";

export function HomePage({ location }: { location: Location }) {
  const days = useApi("days", () => apiGet<{ days: DayRow[] }>("days"));
  return (
    <Status loaded={days}>
      {({ days }) => {
        const period = periodOf(location, days);
        if (!period)
          return (
            <p class="empty">The store holds no flow logs yet: run flowlens ingest, or flowlens demo.</p>
          );
        return <PeriodView days={days} period={period} />;
      }}
    </Status>
  );
}

function PeriodView({ days, period }: { days: readonly DayRow[]; period: Period }) {
  const report = useApi(`report ${period.from} ${period.to}`, () =>
    apiGet<ReportAnswer>("report", { ...period }),
  );
  return (
    <>
      <h1>{describePeriod(period)}</h1>
      <p class="subtitle">Click a day to see it; shift-click another to see the days between.</p>
      <div class="panel">
        <DayCalendar
          days={days}
          period={period}
          onPick={(p) => setParams({ from: p.from, to: p.to === p.from ? undefined : p.to })}
        />
      </div>
      <Status loaded={report}>
        {(answer) => (
          <>
            <div class="panel">
              <h2>What matters most</h2>
              <FindingList findings={answer.report.headline} period={period} />
            </div>
            <div class="grid">
              <CostPanel costs={answer.costs} period={period} />
              <SecurityView security={answer.security} period={period} />
            </div>
            <div class="panel">
              <h2>Insights</h2>
              <div class="grid">
                {answer.report.insights.map((i) => (
                  <a key={i.id} {...linkTo(`/insights/${i.id}`, { from: period.from, to: period.to })}>
                    <strong>{i.title}</strong>
                    <div class="note">
                      {i.error ? `failed: ${i.error}` : `${i.findings.length} finding(s)`}
                    </div>
                  </a>
                ))}
              </div>
            </div>
          </>
        )}
      </Status>
    </>
  );
}

function CostPanel({ costs, period }: { costs: readonly CostFigure[]; period: Period }) {
  return (
    <section class="panel" aria-label="cost">
      <h2>What traffic cost</h2>
      {costs.map((c) => (
        <div key={c.measure} class="cost">
          <h3>
            <a {...linkTo(`/insights/${c.insight}`, { from: period.from, to: period.to })}>{c.title}</a>
          </h3>
          {c.error ? (
            <p class="error">{c.error}</p>
          ) : (
            <p class="figure">
              {formatUsd(c.usd ?? 0)}{" "}
              <small>{c.usdPerMonth === null ? "" : `${formatUsd(c.usdPerMonth)}/month`}</small>
              <small>{c.bytes === null ? "" : ` · ${formatBytes(c.bytes)}`}</small>
            </p>
          )}
          {c.rate && <p class="note">{c.rate}</p>}
        </div>
      ))}
      <p class="note">
        The figures overlap (NAT processing includes the S3 and internet bytes through it): they are not added
        up.
      </p>
    </section>
  );
}

function SecurityView({ security, period }: { security: SecurityPanel; period: Period }) {
  const link = linkTo("/insights/rejected-traffic", { from: period.from, to: period.to });
  return (
    <section class="panel" aria-label="security">
      <h2>What knocked</h2>
      <h3>
        <a {...link}>Rejected records</a>
      </h3>
      <p class="figure">{security.rejectedRecords === null ? "–" : formatCount(security.rejectedRecords)}</p>
      <h3>Admin-port probes</h3>
      <p class="figure">
        {security.adminProbes ? formatCount(security.adminProbes.records) : "0"}{" "}
        <small>
          {security.adminProbes ? `from ${formatCount(security.adminProbes.sources)} source(s)` : ""}
        </small>
      </p>
      <h3>
        <a {...linkTo("/insights/scans", { from: period.from, to: period.to })}>Scans</a>
      </h3>
      {security.scans && security.scans.length > 0 ? (
        security.scans.map((s) => <p key={s.sentence}>{s.sentence}</p>)
      ) : (
        <p class="empty">No scans found.</p>
      )}
      {security.errors.map((e) => (
        <p class="error" key={e}>
          {e}
        </p>
      ))}
    </section>
  );
}
