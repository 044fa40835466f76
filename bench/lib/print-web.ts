/** Prints `npm run bench:web`'s results: the pages' API timings, the renders in chromium, the bundle, the targets. */
import { printTargets } from "./print-results.js";
import type { Target } from "./targets.js";
import { ms, type WebResults } from "./web-results.js";

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const count = (n: number) => n.toLocaleString("en-US");

export function printWeb(results: WebResults, targets: readonly Target[]): void {
  const { day, trends } = results.stores;
  for (const [store, title] of [
    ["day", `the day: ${count(day.records)} records on ${day.from}`],
    ["trends", `the trends store: ${count(trends.records)} records, ${trends.from}..${trends.to}`],
  ] as const) {
    const pages = results.pages.filter((p) => p.store === store);
    if (pages.length === 0) continue;
    console.log(`\nAPI on ${title} (${results.options.loads} warm loads after the cold one)`);
    console.log(
      `  ${"page / call".padEnd(70)}${"cold".padStart(10)}${"p50".padStart(10)}${"p95".padStart(10)}${"max".padStart(10)}${"answer".padStart(12)}`,
    );
    for (const page of pages) {
      console.log(
        `  ${page.name.padEnd(70)}${ms(page.coldMs).padStart(10)}${ms(page.p50Ms).padStart(10)}${ms(page.p95Ms).padStart(10)}`,
      );
      if (page.calls.length === 1 && page.kind !== "explorer") continue;
      for (const call of page.calls) {
        console.log(
          `    ${call.path.slice(0, 66).padEnd(68)}${ms(call.coldMs).padStart(10)}${ms(call.p50Ms).padStart(10)}${ms(call.p95Ms).padStart(10)}${ms(call.maxMs).padStart(10)}${kib(call.bytes).padStart(12)}`,
        );
      }
    }
  }
  if (results.renders.length > 0) {
    console.log(
      `\nfirst render in chromium (each load a fresh context; first / p50 / max of ${results.options.renders})`,
    );
    console.log(
      `  ${"page".padEnd(44)}${"response end".padStart(24)}${"DOMContentLoaded".padStart(24)}${"load".padStart(24)}${"content shown".padStart(24)}`,
    );
    const three = (a: number, b: number, c: number) =>
      `${Math.round(a)} / ${Math.round(b)} / ${Math.round(c)} ms`;
    for (const r of results.renders) {
      console.log(
        `  ${`${r.name} (${r.shows})`.slice(0, 43).padEnd(44)}${three(r.first.responseEndMs, r.p50.responseEndMs, r.max.responseEndMs).padStart(24)}${three(r.first.domContentLoadedMs, r.p50.domContentLoadedMs, r.max.domContentLoadedMs).padStart(24)}${three(r.first.loadMs, r.p50.loadMs, r.max.loadMs).padStart(24)}${three(r.first.shownMs, r.p50.shownMs, r.max.shownMs).padStart(24)}`,
      );
    }
  }
  console.log("\nfront end (dist/web/assets)");
  for (const a of results.bundle.assets)
    console.log(
      `  ${a.file.padEnd(30)}${kib(a.bytes).padStart(12)}${`${kib(a.gzipBytes)} gzip`.padStart(18)}`,
    );
  console.log(
    `  ${"total".padEnd(30)}${kib(results.bundle.bytes).padStart(12)}${`${kib(results.bundle.gzipBytes)} gzip`.padStart(18)}`,
  );
  console.log("\ntargets");
  printTargets(targets, "  ");
  const missed = targets.filter((t) => !t.met);
  console.log(
    `\ntargets: ${targets.length - missed.length} of ${targets.length} met (${results.date}; load average ${results.loadAverage.start.toFixed(1)} at the start, ${results.loadAverage.end.toFixed(1)} at the end)${missed.map((t) => `\n  MISSED ${t.label}: ${t.measured}`).join("")}`,
  );
}
