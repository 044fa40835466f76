/**
 * What one `npm run bench:web` run measured (written to bench/.data/web-latest.json), and the issue's
 * targets checked against it: p95 API latency per page ≤ 300 ms (home, insight, trends), each explorer
 * query ≤ 1 s on the full day, the console's first render ≤ 1.5 s in chromium, the front end ≤ 1.5 MB gzip.
 */
import type { BundleSize } from "./bundle-size.js";
import type { Target } from "./targets.js";
import type { RenderTiming } from "./web-browser.js";
import type { PageTiming } from "./web-requests.js";
import type { WebStore } from "./web-stores.js";

export interface WebOptions {
  readonly records: number;
  readonly days: number;
  readonly recordsPerDay: number;
  readonly loads: number;
  readonly renders: number;
  readonly seed: number;
}

export type PageKind = "home" | "insight" | "trends" | "explorer" | "other";

export interface TimedPage extends PageTiming {
  readonly kind: PageKind;
  readonly store: "day" | "trends";
}

export interface WebResults {
  readonly date: string;
  readonly options: WebOptions;
  readonly stores: { readonly day: WebStore; readonly trends: WebStore };
  readonly bundle: BundleSize;
  readonly pages: TimedPage[];
  readonly renders: RenderTiming[];
  /** The 1-minute load average when the run started and ended (the machine's cores are shared). */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

const PAGE_P95_MS = 300;
const EXPLORER_MS = 1000;
const CONSOLE_RENDER_MS = 1500;
const BUNDLE_GZIP_BYTES = 1_500_000;

export const ms = (value: number) => `${Math.round(value).toLocaleString("en-US")} ms`;

function pageTarget(results: WebResults, kind: PageKind, label: string): Target | undefined {
  const pages = results.pages.filter((p) => p.kind === kind);
  if (pages.length === 0) return undefined;
  const worst = pages.reduce((a, b) => (b.p95Ms > a.p95Ms ? b : a));
  return {
    scope: kind,
    label: `${label}: p95 API latency per page ≤ ${PAGE_P95_MS} ms${pages.length > 1 ? ` (worst: ${worst.name})` : ""}`,
    measured: ms(worst.p95Ms),
    met: worst.p95Ms <= PAGE_P95_MS,
  };
}

export function evaluateWebTargets(results: WebResults): Target[] {
  const targets: Target[] = [];
  const add = (t: Target | undefined) => t && targets.push(t);
  add(pageTarget(results, "home", "home (days, then the report)"));
  add(pageTarget(results, "insight", "insight pages"));
  add(pageTarget(results, "trends", `trends (${results.options.days} days)`));
  const queries = results.pages
    .filter((p) => p.kind === "explorer")
    .flatMap((p) =>
      p.calls.filter((c) => c.path.startsWith("/api/flows?") || c.path.startsWith("/api/flows/sankey")),
    );
  if (queries.length > 0) {
    const worst = queries.reduce((a, b) =>
      Math.max(b.p95Ms, b.coldMs) > Math.max(a.p95Ms, a.coldMs) ? b : a,
    );
    const slowest = Math.max(worst.p95Ms, worst.coldMs);
    targets.push({
      scope: "explorer",
      label: `explorer: each query ≤ ${EXPLORER_MS / 1000} s on the full day (p95 and first; worst: ${worst.path.slice(5, 60)})`,
      measured: ms(slowest),
      met: slowest <= EXPLORER_MS,
    });
  }
  const console = results.renders.find((r) => r.name === "console");
  if (console) {
    targets.push({
      scope: "browser",
      label: `console first render ≤ ${CONSOLE_RENDER_MS / 1000} s in chromium (textarea shown; slowest of ${console.loads})`,
      measured: ms(console.max.shownMs),
      met: console.max.shownMs <= CONSOLE_RENDER_MS,
    });
  }
  targets.push({
    scope: "bundle",
    label: "front end (scripts and styles, charts included) ≤ 1.5 MB gzip",
    measured: `${(results.bundle.gzipBytes / 1e6).toFixed(2)} MB`,
    met: results.bundle.gzipBytes <= BUNDLE_GZIP_BYTES,
  });
  return targets;
}
