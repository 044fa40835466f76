/**
 * The cached copy of the last ip-ranges.json loaded: `$FLOWLENS_CACHE_DIR/ip-ranges.json`, by default
 * `$XDG_CACHE_HOME/flowlens/` (`~/.cache/flowlens/`). Written atomically (a temporary file, then rename).
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

export const IP_RANGES_CACHE_FILE = "ip-ranges.json";

/** flowlens's cache directory. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLOWLENS_CACHE_DIR) return env.FLOWLENS_CACHE_DIR;
  // The XDG spec says to ignore a relative XDG_CACHE_HOME.
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), ".cache"), "flowlens");
}

/** Writes the raw file into the cache directory and returns its path. */
export function cacheIpRanges(text: string, directory: string): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, IP_RANGES_CACHE_FILE);
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, path);
  return path;
}
