/**
 * `npm run bench:web [-- --records N] [--days N] [--records-per-day N] [--loads N] [--renders N] [--quick]`:
 * the dashboard's speed. The built `flowlens serve` runs as a child on each store (a day of 10 M records;
 * 30 days of 1 M for the trends) and is asked over real HTTP on loopback for what each page asks, the way
 * the page asks it (web-requests.ts); then chromium opens home and the console (web-browser.ts), and the
 * front end's size is taken from dist/web/assets. Prints the tables and the targets met and missed; writes
 * bench/.data/web-latest.json.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { bundleSize } from "./lib/bundle-size.js";
import { printWeb } from "./lib/print-web.js";
import { ServeProcess } from "./lib/serve-process.js";
import { type RenderedPage, timeRenders } from "./lib/web-browser.js";
import { type PageCalls, timePage } from "./lib/web-requests.js";
import { evaluateWebTargets, type PageKind, type TimedPage, type WebOptions } from "./lib/web-results.js";
import { prepareDayStore, prepareTrendsStore, type WebStore } from "./lib/web-stores.js";

const USAGE =
  "usage: npm run bench:web -- [--records N] [--days N] [--records-per-day N] [--loads N] [--renders N] [--seed N] [--quick]";

function options(): WebOptions {
  const { values } = parseArgs({
    options: {
      records: { type: "string" },
      days: { type: "string" },
      "records-per-day": { type: "string" },
      loads: { type: "string" },
      renders: { type: "string" },
      seed: { type: "string", default: "7" },
      quick: { type: "boolean", default: false },
    },
  });
  const whole = (flag: string, text: string | undefined, otherwise: number) => {
    if (text === undefined) return otherwise;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`--${flag} is "${text}": expected a whole number ≥ 1\n${USAGE}`);
    return value;
  };
  const quick = values.quick === true;
  return {
    records: whole("records", values.records, quick ? 200_000 : 10_000_000),
    days: whole("days", values.days, quick ? 7 : 30),
    recordsPerDay: whole("records-per-day", values["records-per-day"], quick ? 50_000 : 1_000_000),
    loads: whole("loads", values.loads, quick ? 5 : 20),
    renders: whole("renders", values.renders, quick ? 2 : 5),
    seed: whole("seed", values.seed, 7),
  };
}

const root = resolve(import.meta.dirname, "..");
const opts = options();

interface Page extends PageCalls {
  readonly kind: PageKind;
}

const period = (store: WebStore, days?: "all") =>
  `from=${store.from}&to=${days === "all" ? store.to : store.from}`;

const homePage = (store: WebStore, days?: "all"): Page => ({
  name: days === "all" ? "home on the whole range (no target)" : "home",
  kind: days === "all" ? "other" : "home",
  steps: [["/api/days"], [`/api/report?${period(store, days)}`]],
});

/** The day's other pages: every insight, the explorer's views. */
function dayPages(day: WebStore, insightIds: readonly string[]): Page[] {
  const p = period(day);
  const explorer = (name: string, view: string, sankey = p): Page => ({
    name: `explorer: ${name}`,
    kind: "explorer",
    steps: [
      ["/api/days", "/api/flows/dimensions"],
      [`/api/flows?${p}${view}`, `/api/flows/sankey?${sankey}`],
    ],
  });
  return [
    ...insightIds.map(
      (id): Page => ({ name: `insight: ${id}`, kind: "insight", steps: [[`/api/insights/${id}?${p}`]] }),
    ),
    explorer("top ENIs (the default view)", "&groupBy=eni"),
    explorer("by destination port", "&groupBy=dstport"),
    explorer("by source address class", "&groupBy=srcClass"),
    explorer("rejected, by source address", "&action=REJECT&groupBy=srcaddr", `${p}&action=REJECT`),
    explorer("port 443, by protocol, records", "&port=443&groupBy=protocol&metric=records", `${p}&port=443`),
    explorer("10.0.0.0/8, by ENI kind", "&addr=10.0.0.0%2F8&groupBy=eniKind", `${p}&addr=10.0.0.0%2F8`),
  ];
}

async function timePages(url: string, store: "day" | "trends", pages: readonly Page[]): Promise<TimedPage[]> {
  const timed: TimedPage[] = [];
  for (const page of pages) {
    console.log(`  ${page.name} …`);
    timed.push({ ...(await timePage(url, page, opts.loads)), kind: page.kind, store });
  }
  return timed;
}

async function withServe<T>(store: WebStore, fn: (url: string) => Promise<T>): Promise<T> {
  const serve = await ServeProcess.start({ db: store.db, accessKey: randomBytes(16).toString("hex") });
  try {
    return await fn(serve.url);
  } finally {
    await serve.stop();
  }
}

const RENDERED: RenderedPage[] = [
  {
    name: "console",
    path: "/console",
    shows: "the SQL textarea",
    predicate: `(() => { const t = document.querySelector("textarea.sql"); return t !== null && t.getBoundingClientRect().height > 0; })()`,
  },
  {
    name: "home",
    path: "/",
    shows: "the headline findings",
    predicate: `[...document.querySelectorAll(".panel h2")].some((h) => h.textContent === "What matters most" && h.parentElement.querySelector(".finding, .empty") !== null)`,
  },
  {
    name: "explorer",
    path: "/explorer",
    shows: "the top-N chart drawn",
    predicate: `document.querySelector(".chart svg path") !== null`,
  },
];

const loadBefore = loadavg()[0] as number;
const bundle = bundleSize(resolve(root, "dist/web/assets"));
const day = await prepareDayStore(root, opts.records, opts.seed);
const trends = await prepareTrendsStore(root, opts.days, opts.recordsPerDay, opts.seed);

console.log(`\nserving the day (${day.records.toLocaleString("en-US")} records) …`);
const { pages: dayTimed, renders } = await withServe(day, async (url) => {
  const home = await timePages(url, "day", [homePage(day)]);
  const report = (await (await fetch(`${url}/api/report?${period(day)}`)).json()) as {
    report: { insights: { id: string }[] };
  };
  const rest = await timePages(
    url,
    "day",
    dayPages(
      day,
      report.report.insights.map((i) => i.id),
    ),
  );
  console.log("  chromium …");
  const renders = await timeRenders(url, RENDERED, opts.renders);
  return { pages: [...home, ...rest], renders };
});

console.log(`\nserving the trends store (${trends.records.toLocaleString("en-US")} records) …`);
const trendsTimed = await withServe(trends, (url) =>
  timePages(url, "trends", [
    { name: `trends (?days=${opts.days})`, kind: "trends", steps: [[`/api/trends?days=${opts.days}`]] },
    homePage(trends, "all"),
  ]),
);

const results = {
  date: new Date().toISOString().slice(0, 10),
  options: opts,
  stores: { day, trends },
  bundle,
  pages: [...dayTimed, ...trendsTimed],
  renders,
  // The machine's 1-minute load average at the start and the end: the cores are shared.
  loadAverage: { start: loadBefore, end: loadavg()[0] as number },
};
const targets = evaluateWebTargets(results);
printWeb(results, targets);
writeFileSync(
  resolve(root, "bench/.data/web-latest.json"),
  `${JSON.stringify({ ...results, targets }, null, 2)}\n`,
);
