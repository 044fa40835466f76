/**
 * Reports built by the API, kept per period under the store's generation (store-generation.ts), so a page
 * that asks again costs a read-only open and one query. Building one classifies new addresses and brings
 * the rollups up to date (configuredReport), so it runs with the store open for writing, the spool loader
 * held off; requests for the same period while it builds wait for that one build.
 */
import type { Period } from "../../insights/insight.js";
import type { Report } from "../../report/build-report.js";
import { configuredReport } from "../../report/configured-report.js";
import type { ApiStore } from "./api-store.js";
import { storeGeneration } from "./store-generation.js";

/** Periods kept; the oldest asked for goes first. */
const KEEP = 32;

export interface CachedReport {
  readonly generation: string;
  readonly report: Report;
}

export class ReportCache {
  private readonly reports = new Map<string, CachedReport>();
  private readonly building = new Map<string, Promise<CachedReport>>();

  constructor(private readonly store: ApiStore) {}

  async get(period: Period): Promise<CachedReport> {
    const key = `${period.from}..${period.to}`;
    const generation = await this.store.reading(storeGeneration);
    const cached = this.reports.get(key);
    if (cached?.generation === generation) {
      this.reports.delete(key);
      this.reports.set(key, cached);
      return cached;
    }
    let build = this.building.get(key);
    if (!build) {
      build = this.build(period).finally(() => this.building.delete(key));
      this.building.set(key, build);
    }
    const built = await build;
    this.reports.delete(key);
    this.reports.set(key, built);
    for (const old of this.reports.keys()) {
      if (this.reports.size <= KEEP) break;
      this.reports.delete(old);
    }
    return built;
  }

  private build(period: Period): Promise<CachedReport> {
    return this.store.writing(async (store) => {
      const generation = await storeGeneration(store);
      const report = await configuredReport(store, this.store.config, period);
      return { generation, report };
    });
  }
}
