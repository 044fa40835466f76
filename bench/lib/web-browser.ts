/**
 * A page's first render in Debian's chromium (playwright-core, headless, the browser tests' launch flags),
 * each load in a fresh context so nothing is cached: the navigation timing entry
 * (performance.getEntriesByType("navigation")[0]: response end, DOMContentLoaded, load) and the time from
 * navigation start to the frame in which the page's own content first shows (a predicate checked on
 * every animation frame from before the page's script runs).
 */
import { type Browser, chromium } from "playwright-core";
import { percentile } from "./web-requests.js";

export const CHROMIUM = process.env.FLOWLENS_CHROMIUM ?? "/usr/bin/chromium";

export interface RenderedPage {
  readonly name: string;
  readonly path: string;
  /** What "rendered" means for this page, in words. */
  readonly shows: string;
  /** Evaluated in the page on every frame until true; its body is a JS expression. */
  readonly predicate: string;
}

export interface RenderSample {
  readonly responseEndMs: number;
  readonly domContentLoadedMs: number;
  readonly loadMs: number;
  readonly shownMs: number;
}

export interface RenderTiming {
  readonly name: string;
  readonly path: string;
  readonly shows: string;
  readonly loads: number;
  /** The first load of the run (nothing cached anywhere yet, the server's included). */
  readonly first: RenderSample;
  readonly p50: RenderSample;
  readonly max: RenderSample;
}

/** Runs in the page before its scripts: records when `window.__benchShows` first holds. */
const WATCH = `(() => {
  const check = () => {
    try {
      if (window.__benchShows && window.__benchShows()) { window.__benchShownAt = performance.now(); return; }
    } catch {}
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function loadOnce(browser: Browser, url: string, page: RenderedPage): Promise<RenderSample> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: "UTC" });
  try {
    const tab = await context.newPage();
    await tab.addInitScript({ content: `window.__benchShows = () => (${page.predicate});\n${WATCH}` });
    await tab.goto(url, { waitUntil: "load" });
    // Functions, not strings: the dashboard's CSP refuses eval, which a string predicate needs. They run in
    // the page, where globalThis is the window (this project's TypeScript has no DOM types).
    await tab.waitForFunction(
      () => (globalThis as { __benchShownAt?: number }).__benchShownAt !== undefined,
      null,
      {
        timeout: 120_000,
      },
    );
    return await tab.evaluate(() => {
      const [nav] = performance.getEntriesByType("navigation" as never) as unknown as {
        responseEnd: number;
        domContentLoadedEventEnd: number;
        loadEventEnd: number;
      }[];
      return {
        responseEndMs: nav?.responseEnd ?? Number.NaN,
        domContentLoadedMs: nav?.domContentLoadedEventEnd ?? Number.NaN,
        loadMs: nav?.loadEventEnd ?? Number.NaN,
        shownMs: (globalThis as { __benchShownAt?: number }).__benchShownAt as number,
      };
    });
  } finally {
    await context.close();
  }
}

function each(samples: readonly RenderSample[], pick: (values: number[]) => number): RenderSample {
  const of = (key: keyof RenderSample) => pick(samples.map((s) => s[key]));
  return {
    responseEndMs: of("responseEndMs"),
    domContentLoadedMs: of("domContentLoadedMs"),
    loadMs: of("loadMs"),
    shownMs: of("shownMs"),
  };
}

/** Each page loaded `loads` times in fresh contexts of one headless chromium. */
export async function timeRenders(
  baseUrl: string,
  pages: readonly RenderedPage[],
  loads: number,
): Promise<RenderTiming[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const timings: RenderTiming[] = [];
    for (const page of pages) {
      const samples: RenderSample[] = [];
      for (let i = 0; i < loads; i++) samples.push(await loadOnce(browser, `${baseUrl}${page.path}`, page));
      timings.push({
        name: page.name,
        path: page.path,
        shows: page.shows,
        loads,
        first: samples[0] as RenderSample,
        p50: each(samples, (v) => percentile(v, 50)),
        max: each(samples, (v) => Math.max(...v)),
      });
    }
    return timings;
  } finally {
    await browser.close();
  }
}
