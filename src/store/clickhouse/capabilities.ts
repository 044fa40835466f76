/**
 * What a ClickHouse server can do, by its version: the one place that knows the version differences
 * flowlens cares about. Tested on 18.16 (Debian's); every flag is off for an older or unreadable version.
 */
import { type DialectCapabilities, NO_CAPABILITIES } from "../store.js";

/** The oldest server flowlens is tested on. */
export const OLDEST_TESTED_CLICKHOUSE = "18.16";

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split(".").map(Number);
  return a > major || (a === major && b >= minor);
}

export function clickHouseCapabilities(version: string): DialectCapabilities {
  return {
    ...NO_CAPABILITIES,
    engineRollups: true,
    windowFunctions: atLeast(version, 21, 3),
    ipv4Type: atLeast(version, 19, 3),
  };
}
