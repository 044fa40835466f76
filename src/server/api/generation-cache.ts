/**
 * Answers the API builds with the store open for writing (a report, the trends: both classify new
 * addresses and bring the rollups up to date first), kept per key under the store's generation
 * (store-generation.ts): asking again costs a read-only open and one query until something is loaded.
 * Requests for the same key while it builds wait for that one build.
 */
import type { Store } from "../../store/store.js";
import type { ApiStore } from "./api-store.js";
import { storeGeneration } from "./store-generation.js";

/** Keys kept; the one asked for longest ago goes first. */
const KEEP = 32;

export interface Generated<T> {
  readonly generation: string;
  readonly value: T;
}

export class GenerationCache<A, T> {
  private readonly kept = new Map<string, Generated<T>>();
  private readonly building = new Map<string, Promise<Generated<T>>>();

  constructor(
    private readonly store: ApiStore,
    private readonly build: (store: Store, args: A) => Promise<T>,
  ) {}

  async get(key: string, args: A): Promise<Generated<T>> {
    const generation = await this.store.reading(storeGeneration);
    const cached = this.kept.get(key);
    if (cached?.generation === generation) return this.keep(key, cached);
    let build = this.building.get(key);
    if (!build) {
      build = this.store
        .writing(async (store) => ({
          generation: await storeGeneration(store),
          value: await this.build(store, args),
        }))
        .finally(() => this.building.delete(key));
      this.building.set(key, build);
    }
    return this.keep(key, await build);
  }

  private keep(key: string, value: Generated<T>): Generated<T> {
    this.kept.delete(key);
    this.kept.set(key, value);
    for (const old of this.kept.keys()) {
      if (this.kept.size <= KEEP) break;
      this.kept.delete(old);
    }
    return value;
  }
}
