/**
 * The flags of `npm run bench:stream`: how many records, the seed, the pace of the paced phase, how many
 * connections the load generator opens, and whether to profile the server. `--quick` is for development:
 * 200 k records unless --records says otherwise.
 */
import { parseArgs } from "node:util";

export interface StreamBenchOptions {
  readonly records: number;
  readonly seed: number;
  /** The pace of the second phase, in flow records/s (the target rate). */
  readonly rate: number;
  /** Connections the load generator sends on at once. */
  readonly connections: number;
  /** Run serve with node's --cpu-prof; the profile goes to bench/.data/stream-profile/. */
  readonly cpuProf: boolean;
}

const USAGE =
  "usage: npm run bench:stream -- [--records N] [--seed N] [--rate N] [--connections N] [--cpu-prof] [--quick]";

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${flag} is "${text}": expected a whole number ≥ 1\n${USAGE}`);
  return value;
}

export function parseStreamOptions(argv: readonly string[]): StreamBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      records: { type: "string" },
      seed: { type: "string", default: "7" },
      rate: { type: "string", default: "200000" },
      connections: { type: "string", default: "4" },
      "cpu-prof": { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
    },
  });
  return {
    records: wholeNumber("--records", values.records ?? (values.quick ? "200000" : "5000000")),
    seed: wholeNumber("--seed", values.seed),
    rate: wholeNumber("--rate", values.rate),
    connections: wholeNumber("--connections", values.connections),
    cpuProf: values["cpu-prof"],
  };
}
