/**
 * Alerts: what is in ALARM now, per rule and instance, with a sparkline of the metric around its window,
 * and the history of transitions with their numbers and what each notification did, paged (`page`) from
 * a day on (`since`), both in the URL.
 */
import { formatAlertValue, formatDuration, formatWindowRange } from "../../alerts/notify/alert-numbers.js";
import { apiGet, useApi } from "../api.js";
import { Status } from "../components/status.js";
import { formatLocalTime, formatUsd } from "../format.js";
import { type Location, setParams } from "../router.js";

type State = "OK" | "ALARM" | "INSUFFICIENT_DATA";

interface AlertEventView {
  readonly eventId: string;
  readonly rule: string;
  readonly instance: string;
  readonly severity: string;
  readonly fromState: State;
  readonly toState: State;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly unit: string;
  readonly usd: number | null;
  readonly message: string;
  readonly series: readonly { readonly time: string; readonly value: number | null }[];
  readonly evaluatedAt: string;
  readonly deliveries: readonly { readonly target: string; readonly state: string }[];
}

interface AlertsAnswer {
  readonly states: readonly AlertEventView[];
  readonly history: {
    readonly events: readonly AlertEventView[];
    readonly total: number;
    readonly limit: number;
    readonly offset: number;
  };
}

const PAGE = 25;
const STATE_LABEL: Record<State, string> = { OK: "OK", ALARM: "ALARM", INSUFFICIENT_DATA: "No data" };

function StateBadge({ state }: { state: State }) {
  return <span class={`state-badge ${state.toLowerCase()}`}>{STATE_LABEL[state]}</span>;
}

/** The metric around the window as a small line, the window shaded and the threshold dashed. */
function Sparkline({ event }: { event: AlertEventView }) {
  const points = event.series.filter((p) => p.value !== null) as { time: string; value: number }[];
  if (points.length < 2) return <span class="note">–</span>;
  const [w, h] = [140, 32];
  const times = points.map((p) => Date.parse(p.time));
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const top = Math.max(event.threshold ?? 0, ...points.map((p) => p.value)) || 1;
  const x = (t: number) => ((t - t0) / (t1 - t0 || 1)) * (w - 2) + 1;
  const y = (v: number) => h - 2 - (v / top) * (h - 4);
  const line = points.map(
    (p, i) => `${i === 0 ? "M" : "L"}${x(times[i] as number).toFixed(1)},${y(p.value).toFixed(1)}`,
  );
  const from = Math.max(x(Date.parse(event.windowStart)), 0);
  const to = Math.min(x(Date.parse(event.windowEnd)), w);
  return (
    <svg
      class="sparkline"
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={`${event.rule} around its window`}
    >
      {to > from && <rect x={from} y={0} width={to - from} height={h} class="window" />}
      {event.threshold !== null && (
        <line x1={0} x2={w} y1={y(event.threshold)} y2={y(event.threshold)} class="threshold" />
      )}
      <path d={line.join(" ")} class={`line ${event.toState.toLowerCase()}`} />
    </svg>
  );
}

function Deliveries({ event }: { event: AlertEventView }) {
  if (event.deliveries.length === 0) return <span class="note">–</span>;
  return (
    <span class="deliveries">
      {event.deliveries
        .filter((d) => d.target !== "slack-chart")
        .map((d) => (
          <span key={d.target} class={`delivery ${d.state}`} title={`${d.target}: ${d.state}`}>
            {d.target.replace(/^webhook:/, "↗ ")}{" "}
            {d.state === "delivered" ? "✓" : d.state === "failed" ? "✗" : "–"}
          </span>
        ))}
    </span>
  );
}

function CurrentStates({ states }: { states: readonly AlertEventView[] }) {
  const count = (s: State) => states.filter((e) => e.toState === s).length;
  return (
    <>
      <div class="grid alert-summary">
        {(["ALARM", "INSUFFICIENT_DATA", "OK"] as const).map((s) => (
          <div class={`panel summary ${s.toLowerCase()}`} key={s}>
            <h2>{s === "ALARM" ? "In alarm" : s === "OK" ? "OK" : "Insufficient data"}</h2>
            <p class="figure">
              {count(s)} <small>rule instance(s)</small>
            </p>
          </div>
        ))}
      </div>
      <div class="panel">
        <h2>Current state</h2>
        <div class="table-scroll">
          <table class="alerts" aria-label="current alert states">
            <thead>
              <tr>
                <th>State</th>
                <th>Rule</th>
                <th>Instance</th>
                <th>Severity</th>
                <th class="number">Value</th>
                <th class="number">Threshold</th>
                <th>Around the window</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {states.map((e) => (
                <tr key={e.eventId} class={e.toState === "ALARM" ? "alarm-row" : undefined}>
                  <td>
                    <StateBadge state={e.toState} />
                  </td>
                  <td class="rule">{e.rule}</td>
                  <td>{e.instance || <span class="note">all</span>}</td>
                  <td>
                    <span class={`severity ${e.severity}`}>{e.severity}</span>
                  </td>
                  <td class="number">{formatAlertValue(e.value, e.unit)}</td>
                  <td class="number">{e.threshold === null ? "–" : formatAlertValue(e.threshold, e.unit)}</td>
                  <td>
                    <Sparkline event={e} />
                  </td>
                  <td>{formatLocalTime(e.windowEnd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}

function History({ history, since }: { history: AlertsAnswer["history"]; since: string | undefined }) {
  const { events, total, offset, limit } = history;
  const page = Math.floor(offset / limit);
  return (
    <div class="panel">
      <div class="toolbar history-toolbar">
        <h2>History</h2>
        <label>
          since{" "}
          <input
            type="date"
            value={since ?? ""}
            onChange={(event) =>
              setParams({ since: (event.target as HTMLInputElement).value || undefined, page: undefined })
            }
          />
        </label>
        <span class="note">
          {total === 0
            ? "no transitions"
            : `${offset + 1}–${offset + events.length} of ${total} transition(s)`}
        </span>
        <button
          type="button"
          disabled={page === 0}
          onClick={() => setParams({ page: page > 1 ? String(page - 1) : undefined })}
        >
          ← Newer
        </button>
        <button
          type="button"
          disabled={offset + events.length >= total}
          onClick={() => setParams({ page: String(page + 1) })}
        >
          Older →
        </button>
      </div>
      {events.length === 0 ? (
        <p class="empty">No transitions {since ? `since ${since}` : "yet"}.</p>
      ) : (
        <div class="table-scroll">
          <table class="alerts" aria-label="alert history">
            <thead>
              <tr>
                <th>Window</th>
                <th>Rule</th>
                <th>Instance</th>
                <th>Transition</th>
                <th class="number">Value</th>
                <th class="number">Threshold</th>
                <th class="number">Cost</th>
                <th>Message</th>
                <th>Notified</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.eventId}>
                  <td class="window">
                    {formatWindowRange(e.windowStart, e.windowEnd)}
                    <div class="note">
                      {formatDuration(Date.parse(e.windowEnd) - Date.parse(e.windowStart))}
                    </div>
                  </td>
                  <td class="rule">{e.rule}</td>
                  <td>{e.instance || <span class="note">all</span>}</td>
                  <td class="transition">
                    <StateBadge state={e.fromState} /> → <StateBadge state={e.toState} />
                  </td>
                  <td class="number">{formatAlertValue(e.value, e.unit)}</td>
                  <td class="number">{e.threshold === null ? "–" : formatAlertValue(e.threshold, e.unit)}</td>
                  <td class="number">{e.usd === null ? "–" : formatUsd(e.usd)}</td>
                  <td class="message">{e.message}</td>
                  <td>
                    <Deliveries event={e} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function NoAlerts() {
  return (
    <div class="panel empty-state">
      <h2>No alerts yet</h2>
      <p>
        Alert rules watch the numbers flowlens computes — S3 traffic back through a NAT gateway, SSH and RDP
        from the internet, port scans, cross-AZ spikes — and are evaluated after every load.
      </p>
      <p>
        Add rules under <code>alerts:</code> in the config file (<code>flowlens config check</code> validates
        them), then see them here and in <code>flowlens alerts list</code>. Transitions into ALARM are posted
        to Slack once, with a reply in the thread when they clear.
      </p>
    </div>
  );
}

export function AlertsPage({ location }: { location: Location }) {
  const since = location.params.get("since") ?? undefined;
  const page = Number(location.params.get("page") ?? "0") || 0;
  const params = { since, limit: String(PAGE), offset: page > 0 ? String(page * PAGE) : undefined };
  const loaded = useApi(JSON.stringify(params), () => apiGet<AlertsAnswer>("alerts", params));
  return (
    <>
      <h1>Alerts</h1>
      <p class="subtitle">Rules in ALARM now, and every transition with its numbers and notifications.</p>
      <Status loaded={loaded}>
        {(a) =>
          a.states.length === 0 && a.history.total === 0 && since === undefined ? (
            <NoAlerts />
          ) : (
            <>
              <CurrentStates states={a.states} />
              <History history={a.history} since={since} />
            </>
          )
        }
      </Status>
    </>
  );
}
