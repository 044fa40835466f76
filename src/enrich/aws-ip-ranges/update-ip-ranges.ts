/**
 * `flowlens ip-ranges update` without the printing: get the file (download or `--file`) and validate it
 * — before the store is opened, so a slow download does not hold the store's lock — then cache the raw
 * text and replace the stored set in one transaction. Caching is best effort: a cache that cannot be
 * written is reported, and the load goes on.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { FlowlensError } from "../../errors.js";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { downloadIpRanges, ipRangesUrl } from "./download-ip-ranges.js";
import { cacheDirectory, cacheIpRanges } from "./ip-ranges-cache.js";
import { type IpRangesFile, parseIpRangesFile } from "./ip-ranges-file.js";
import { readIpRangesSource, replaceIpRanges } from "./ip-ranges-tables.js";

export interface UpdateIpRangesOptions {
  /** A local ip-ranges.json to load instead of downloading. @default none: download */
  readonly file?: string;
  /** Where to download from. @default FLOWLENS_IP_RANGES_URL, else https://ip-ranges.amazonaws.com/ip-ranges.json */
  readonly url?: string;
  /** Where to cache the raw file. @default FLOWLENS_CACHE_DIR, else $XDG_CACHE_HOME/flowlens */
  readonly cacheDir?: string;
}

export interface IpRangesUpdate {
  /** UTC, ISO 8601 */
  readonly createDate: string;
  readonly syncToken: string;
  /** The URL or absolute file path read. */
  readonly source: string;
  readonly ipv4Prefixes: number;
  readonly ipv6Prefixes: number;
  /** Distinct service names (AMAZON included). */
  readonly services: number;
  /** False when the store already held this createDate and syncToken. */
  readonly changed: boolean;
  /** The createDate the store held before, or null on a first load. */
  readonly previousCreateDate: string | null;
  /** The cached copy, or null when it could not be written (see cacheError). */
  readonly cachedAt: string | null;
  readonly cacheError?: string;
}

function readLocalFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `--file ${path} does not exist`, {
        hint: `give the path of an ip-ranges.json, or leave out --file to download it`,
      });
    }
    throw new FlowlensError(
      "FLOWLENS_SOURCE_UNREADABLE",
      `cannot read --file ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function countServices(file: IpRangesFile): number {
  return new Set([...file.ipv4, ...file.ipv6].map((p) => p.service)).size;
}

/** A validated ip-ranges.json and where it came from, ready to load. */
export interface IpRangesInput {
  readonly file: IpRangesFile;
  /** The raw text, for the cache. */
  readonly text: string;
  /** The URL or absolute file path read. */
  readonly source: string;
}

/** Reads `--file` or downloads the URL, and validates what came back. Needs no store. */
export async function fetchIpRanges(
  options: Omit<UpdateIpRangesOptions, "cacheDir"> = {},
): Promise<IpRangesInput> {
  const source = options.file ? resolve(options.file) : (options.url ?? ipRangesUrl());
  const text = options.file ? readLocalFile(source) : await downloadIpRanges(source);
  return { file: parseIpRangesFile(text, source), text, source };
}

/** Caches a fetched ip-ranges.json and replaces the stored set with it. */
export async function loadIpRanges(
  store: DuckDbStore,
  input: IpRangesInput,
  options: Pick<UpdateIpRangesOptions, "cacheDir"> = {},
): Promise<IpRangesUpdate> {
  const { file, text, source } = input;
  let cachedAt: string | null = null;
  let cacheError: string | undefined;
  try {
    cachedAt = cacheIpRanges(text, options.cacheDir ?? cacheDirectory());
  } catch (error) {
    cacheError = `cannot cache the file: ${(error as Error).message}`;
  }
  const previous = await readIpRangesSource(store);
  await replaceIpRanges(store, file, source);
  return {
    createDate: file.createDate,
    syncToken: file.syncToken,
    source,
    ipv4Prefixes: file.ipv4.length,
    ipv6Prefixes: file.ipv6.length,
    services: countServices(file),
    changed: previous?.createDate !== file.createDate || previous?.syncToken !== file.syncToken,
    previousCreateDate: previous?.createDate ?? null,
    cachedAt,
    ...(cacheError ? { cacheError } : {}),
  };
}

/** fetchIpRanges then loadIpRanges: loads an ip-ranges.json into aws_ip_ranges and aws_ip_ranges_source. */
export async function updateIpRanges(
  store: DuckDbStore,
  options: UpdateIpRangesOptions = {},
): Promise<IpRangesUpdate> {
  return loadIpRanges(store, await fetchIpRanges(options), options);
}
