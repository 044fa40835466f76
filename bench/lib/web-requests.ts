/**
 * The dashboard's API timed over real HTTP on loopback, the way a page calls it: a page is steps run one
 * after another, each step's calls at once (home asks for the days, then the period's report). The first
 * load of a page is _cold_ (the first report or trends of a period is built under the store's write lock;
 * later ones come from the cache) and is kept apart from the warm loads the percentiles are taken over.
 */

export interface PageCalls {
  readonly name: string;
  /** Paths under the server's URL, e.g. `/api/days`; each inner list is requested at once. */
  readonly steps: readonly (readonly string[])[];
}

export interface CallTiming {
  readonly path: string;
  readonly coldMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** Bytes of the answer (the first, uncompressed). */
  readonly bytes: number;
}

export interface PageTiming {
  readonly name: string;
  /** Warm loads timed (after the cold one). */
  readonly loads: number;
  readonly coldMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly calls: CallTiming[];
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

async function timedGet(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}\n${Buffer.from(body).toString()}`);
  return { ms, bytes: body.byteLength };
}

/** Loads the page once cold, then `loads` times warm; every call and every whole load timed. */
export async function timePage(baseUrl: string, page: PageCalls, loads: number): Promise<PageTiming> {
  const perCall = new Map<string, { ms: number[]; bytes: number }>();
  const pageMs: number[] = [];
  for (let load = 0; load <= loads; load++) {
    const started = performance.now();
    for (const step of page.steps) {
      const answers = await Promise.all(step.map((path) => timedGet(`${baseUrl}${path}`)));
      step.forEach((path, i) => {
        const answer = answers[i] as { ms: number; bytes: number };
        const seen = perCall.get(path) ?? { ms: [], bytes: answer.bytes };
        seen.ms.push(answer.ms);
        perCall.set(path, seen);
      });
    }
    pageMs.push(performance.now() - started);
  }
  const summary = (all: readonly number[]) => {
    const warm = all.slice(1);
    return {
      coldMs: all[0] as number,
      p50Ms: percentile(warm, 50),
      p95Ms: percentile(warm, 95),
      maxMs: Math.max(...warm),
    };
  };
  const whole = summary(pageMs);
  return {
    name: page.name,
    loads,
    coldMs: whole.coldMs,
    p50Ms: whole.p50Ms,
    p95Ms: whole.p95Ms,
    calls: [...perCall].map(([path, { ms, bytes }]) => ({ path, bytes, ...summary(ms) })),
  };
}
