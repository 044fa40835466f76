/**
 * The demo's seeded randomness: xoroshiro128+ from pure-rand, one independent stream per purpose
 * (stream 0 for the estate's addresses and events, stream 1 + d for day d), so a day's traffic depends only
 * on the seed and the day's index.
 */

import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

const TWO_POW_32 = 2 ** 32;

export class Random {
  private constructor(private readonly generator: RandomGenerator) {}

  /** The stream-th independent stream of the seed (2^64 draws apart from its neighbours). */
  static stream(seed: number, stream: number): Random {
    const generator = xoroshiro128plus(seed);
    for (let i = 0; i < stream; i++) generator.jump();
    return new Random(generator);
  }

  /** Uniform in [0, 1), 32 bits of randomness. */
  float(): number {
    return (this.generator.next() >>> 0) / TWO_POW_32;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Picks with a bias towards the first items (power-law-like popularity). */
  pickSkewed<T>(items: readonly T[]): T {
    const u = this.float();
    return items[Math.floor(u * u * u * items.length)] as T;
  }

  /** An integer spread evenly on a log scale over [min, max]: many small values, a few large ones. */
  logUniform(min: number, max: number): number {
    return Math.round(min * (max / min) ** this.float());
  }
}
