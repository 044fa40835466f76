/**
 * The SQL console: one read-only statement on the store (the server's sandbox refuses the rest), its
 * rows as a table with a quick chart of the first two columns, saved queries, and the schema.
 */
import { useState } from "preact/hooks";
import { apiGet, apiSend, useApi } from "../api.js";
import { DataTable } from "../components/data-table.js";
import { Status } from "../components/status.js";
import { VegaChart } from "../components/vega-chart.js";
import { formatBytes, formatCount } from "../format.js";
import { type Location, setParams } from "../router.js";

interface Result {
  readonly columns: { readonly name: string; readonly type: string }[];
  readonly rows: unknown[][];
  readonly cut: boolean;
  /** What the rows were cut at: maxRows, or maxBytes of answer. */
  readonly cutBy: "rows" | "bytes" | null;
  readonly maxRows: number;
  readonly maxBytes: number;
  readonly ms: number;
}
interface Table {
  readonly name: string;
  readonly kind: string;
  readonly columns: { readonly name: string; readonly type: string }[];
}
interface Saved {
  readonly name: string;
  readonly sql: string;
}

const EXAMPLE = "SELECT day, count(*) AS records, sum(bytes) AS bytes FROM flows GROUP BY day ORDER BY day";
const NUMERIC = /INT|DOUBLE|DECIMAL|FLOAT|REAL|HUGEINT/;

function quickChart(result: Result): object | undefined {
  const [x, y] = result.columns;
  if (!x || !y || !NUMERIC.test(y.type) || result.rows.length < 2) return undefined;
  // A line only where there are enough points in time to make one; bars otherwise.
  const line = /DATE|TIME/.test(x.type) && result.rows.length > 31;
  return {
    data: { values: result.rows.map((r) => ({ [x.name]: r[0], [y.name]: Number(r[1]) })) },
    mark: { type: line ? "line" : "bar", tooltip: true },
    encoding: {
      x: { field: x.name, type: line ? "temporal" : "ordinal", sort: null },
      y: { field: y.name, type: "quantitative" },
    },
    height: 220,
  };
}

export function ConsolePage({ location }: { location: Location }) {
  const [sql, setSql] = useState(location.params.get("sql") ?? EXAMPLE);
  const [result, setResult] = useState<
    { ok: true; value: Result } | { ok: false; message: string } | undefined
  >();
  const [running, setRunning] = useState(false);
  const [savedVersion, setSavedVersion] = useState(0);
  const schema = useApi("schema", () => apiGet<{ tables: Table[] }>("schema"));
  const saved = useApi(`queries ${savedVersion}`, () => apiGet<{ queries: Saved[] }>("queries"));

  const run = async () => {
    setRunning(true);
    setParams({ sql });
    try {
      setResult({ ok: true, value: await apiSend<Result>("POST", "sql", { sql }) });
    } catch (error) {
      setResult({ ok: false, message: (error as Error).message });
    } finally {
      setRunning(false);
    }
  };
  const save = async () => {
    const name = window.prompt("Save this query as:");
    if (!name) return;
    await apiSend("POST", "queries", { name, sql });
    setSavedVersion((v) => v + 1);
  };
  const rows = result?.ok
    ? result.value.rows.map((r) => Object.fromEntries(result.value.columns.map((c, i) => [c.name, r[i]])))
    : [];
  const chart = result?.ok ? quickChart(result.value) : undefined;
  return (
    <>
      <h1>SQL console</h1>
      <p class="subtitle">
        One read-only statement; no files, settings or extensions; limited in time and rows.
      </p>
      <div class="columns">
        <div class="panel schema">
          <h2>Saved</h2>
          <Status loaded={saved}>
            {({ queries }) =>
              queries.length === 0 ? (
                <p class="empty">None yet.</p>
              ) : (
                queries.map((q) => (
                  <div key={q.name}>
                    <button type="button" class="cell-link" onClick={() => setSql(q.sql)}>
                      {q.name}
                    </button>
                  </div>
                ))
              )
            }
          </Status>
          <h2>Schema</h2>
          <div class="tables">
            <Status loaded={schema}>
              {({ tables }) =>
                tables.map((t) => (
                  <details key={t.name}>
                    <summary>
                      {t.name} <code>{t.kind}</code>
                    </summary>
                    {t.columns.map((c) => (
                      <div key={c.name}>
                        {c.name} <code>{c.type}</code>
                      </div>
                    ))}
                  </details>
                ))
              }
            </Status>
          </div>
        </div>
        <div>
          <div class="panel">
            <textarea
              class="sql"
              aria-label="SQL"
              value={sql}
              onInput={(e) => setSql((e.target as HTMLTextAreaElement).value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void run();
              }}
            />
            <div class="toolbar">
              <button type="button" onClick={run} disabled={running}>
                {running ? "Running…" : "Run (Ctrl+Enter)"}
              </button>
              <button type="button" onClick={save}>
                Save…
              </button>
              {result?.ok && (
                <span class="note">
                  {formatCount(result.value.rows.length)} row(s) in {result.value.ms} ms
                  {result.value.cutBy === "bytes"
                    ? ` — cut at ${formatBytes(result.value.maxBytes)} of results`
                    : result.value.cut
                      ? ` — cut at ${formatCount(result.value.maxRows)}`
                      : ""}
                </span>
              )}
            </div>
            {result && !result.ok && (
              <p class="error" role="alert">
                {result.message}
              </p>
            )}
          </div>
          {chart && (
            <div class="panel">
              <VegaChart spec={chart} label="query chart" />
            </div>
          )}
          {result?.ok && (
            <div class="panel">
              <DataTable rows={rows} columns={result.value.columns.map((c) => c.name)} name="query" />
            </div>
          )}
        </div>
      </div>
    </>
  );
}
