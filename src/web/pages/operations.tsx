/** Operations: is the pipeline healthy? The ledger, failures, quarantine, streams, runs and Slack posts. */
import { apiGet, useApi } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Status } from "../components/status.js";
import { formatBytes, formatCount, formatLocalTime } from "../format.js";

interface Operations {
  readonly ledger: Record<string, unknown>[];
  readonly failedObjects: Record<string, unknown>[];
  readonly quarantine: {
    readonly lines: number;
    readonly reasons: Record<string, unknown>[];
    readonly samples: Record<string, unknown>[];
  };
  readonly streams: Record<string, unknown>[];
  readonly ingestRuns: Record<string, unknown>[];
  readonly dailyRuns: Record<string, unknown>[];
  readonly slackDeliveries: Record<string, unknown>[];
  readonly spool: {
    waitingRequests: number;
    waitingBytes: number;
    lastLoadAt: string | null;
    lastError: string | null;
  };
}

function Section({
  title,
  rows,
  name,
  empty,
}: {
  title: string;
  rows: Record<string, unknown>[];
  name: string;
  empty: string;
}) {
  return (
    <div class="panel">
      <h2>{title}</h2>
      {rows.length === 0 ? <p class="empty">{empty}</p> : <DataTable rows={rows} name={name} />}
    </div>
  );
}

export function OperationsPage() {
  const loaded = useApi("operations", () => apiGet<Operations>("operations"));
  return (
    <>
      <h1>Operations</h1>
      <p class="subtitle">
        What was loaded, what failed and why, what was quarantined, and what the daily job did.
      </p>
      <Status loaded={loaded}>
        {(o) => (
          <>
            <div class="grid">
              <div class="panel">
                <h2>Spool (flowlens serve)</h2>
                <p class="figure">
                  {formatCount(o.spool.waitingRequests)}{" "}
                  <small>request(s) waiting, {formatBytes(o.spool.waitingBytes)}</small>
                </p>
                <p class="note">
                  {o.spool.lastLoadAt
                    ? `last loaded ${formatLocalTime(o.spool.lastLoadAt)}`
                    : "nothing loaded since the server started"}
                </p>
                {o.spool.lastError && <p class="error">{o.spool.lastError}</p>}
              </div>
              <div class="panel">
                <h2>Quarantine</h2>
                <p class="figure">
                  {formatCount(o.quarantine.lines)} <small>line(s) set aside</small>
                </p>
              </div>
            </div>
            <Section title="Ledger" rows={o.ledger} name="ledger" empty="No objects loaded yet." />
            <Section
              title="Failed objects"
              rows={o.failedObjects}
              name="failed-objects"
              empty="No object failed."
            />
            <Section
              title="Quarantine by reason"
              rows={o.quarantine.reasons}
              name="quarantine-reasons"
              empty="Nothing quarantined."
            />
            <Section
              title="Streams (per delivery stream)"
              rows={o.streams}
              name="streams"
              empty="Nothing received by flowlens serve yet."
            />
            <Section
              title="Recent ingest runs"
              rows={o.ingestRuns}
              name="ingest-runs"
              empty="No ingest runs."
            />
            <Section
              title="Daily job"
              rows={o.dailyRuns}
              name="daily-runs"
              empty="The daily job has not run on this store."
            />
            <Section
              title="Slack deliveries"
              rows={o.slackDeliveries}
              name="slack-deliveries"
              empty="Nothing posted to Slack yet."
            />
          </>
        )}
      </Status>
    </>
  );
}
