/**
 * Expands the paths a user names (files, directories searched recursively, globs) into flow log objects.
 * Directories yield only files that look like flow logs, so a demo folder's inventory and ground truth
 * are passed over; a file named explicitly is always taken.
 *
 * Symbolic links are followed, and each file is one object however many paths reach it: files are told
 * apart by device and inode (so hard links are one object too), and an object's URI — its identity in the
 * ledger — is its real path (links resolved), so naming it another way in a later run finds the same
 * ledger row. A directory that cannot be read, a link that cannot be followed, or a path that is not a
 * regular file (a FIFO, socket or device, named or found under a directory, never opened) is not skipped in
 * silence: it is returned in `unreadable`, for the run to count as failed and name.
 */
import type { Stats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import pLimit from "p-limit";
import { isDynamicPattern } from "tinyglobby";
import { FlowlensError } from "../../errors.js";
import { isFlowLogName } from "../flow-log-name.js";
import { parseKeyLayout } from "../key-layout.js";
import type { SourceObject } from "../source-object.js";
import { findFiles, type UnreadablePath } from "./find-files.js";
import { notAFile } from "./not-a-file.js";

export type { UnreadablePath } from "./find-files.js";

export interface LocalListing {
  /** One per file, sorted by URI. */
  readonly objects: SourceObject[];
  /** Directories and links under the paths that could not be looked into. */
  readonly unreadable: UnreadablePath[];
}

async function expand(arg: string): Promise<{ files: string[]; unreadable: UnreadablePath[] }> {
  const path = resolve(arg);
  const info = await stat(path).catch(() => undefined);
  // A path that exists is taken as named, even when it looks like a pattern (`x[1].log`).
  if (!info && isDynamicPattern(arg)) {
    const found = await findFiles(arg);
    if (found.files.length === 0 && found.unreadable.length === 0) {
      throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `the pattern ${arg} matches no file`, {
        hint: "check the pattern; quote it so the shell does not expand it first",
      });
    }
    return found;
  }
  if (!info) {
    throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `${arg} does not exist`, {
      hint: "give a flow log file, a directory of them, a glob or an s3:// location",
    });
  }
  if (!info.isDirectory()) return { files: [path], unreadable: [] };
  const found = await findFiles("**/*", path);
  const files = found.files.filter(isFlowLogName);
  if (files.length === 0 && found.unreadable.length === 0) {
    throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `${arg} holds no flow log files`, {
      hint: "flow log files end in .log, .log.gz, .gz, .txt or .parquet; name other files explicitly",
    });
  }
  return { files, unreadable: found.unreadable };
}

const FILES_LOOKED_AT_ONCE = 64;

/** A file's facts and real path, or why it is not an object. */
async function lookAt(path: string): Promise<{ info: Stats; real: string } | { error: string }> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    // Gone or changed since the walk saw it.
    return { error: `cannot read ${path}: ${(error as Error).message}` };
  }
  // An anonymous pipe (/dev/fd/63) has no real path; a FIFO or a device is named before anything opens it.
  const real = await realpath(path).catch((error: unknown) => error as Error);
  const problem = notAFile(path, info, real instanceof Error ? undefined : real);
  if (problem !== undefined) return { error: problem };
  if (real instanceof Error) return { error: `cannot read ${path}: ${real.message}` };
  return { info, real };
}

/** The objects under the given paths, each file once, and the paths that could not be read. */
export async function findLocalObjects(args: readonly string[]): Promise<LocalListing> {
  const paths = new Set<string>();
  const unreadable = new Map<string, UnreadablePath>();
  for (const arg of args) {
    const found = await expand(arg);
    for (const path of found.files) paths.add(path);
    for (const problem of found.unreadable) unreadable.set(problem.path, problem);
  }
  // Sorted first, so the path that names a file reached several ways is the same every run. The files are
  // looked at many at a time (one at a time, 10,000 of them took a second), then taken in that order.
  const sorted = [...paths].sort();
  const limit = pLimit(FILES_LOOKED_AT_ONCE);
  const facts = await Promise.all(sorted.map((path) => limit(() => lookAt(path))));
  const byIdentity = new Map<string, SourceObject>();
  for (const [i, path] of sorted.entries()) {
    const fact = facts[i] as Awaited<ReturnType<typeof lookAt>>;
    if ("error" in fact) {
      unreadable.set(path, { path, error: fact.error });
      continue;
    }
    const { info, real } = fact;
    const identity = `${info.dev}:${info.ino}`;
    if (byIdentity.has(identity)) continue;
    // The path as reached may carry the S3 key layout when the real one does not, or the other way round.
    const named = parseKeyLayout(path);
    byIdentity.set(identity, {
      uri: real,
      size: info.size,
      fingerprint: String(Math.trunc(info.mtimeMs)),
      key: Object.keys(named).length > 0 ? named : parseKeyLayout(real),
    });
  }
  const objects = [...byIdentity.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  return { objects, unreadable: [...unreadable.values()] };
}

/**
 * The objects under the given paths, each file once, for callers that own the folder they read (the
 * demo, benches).
 * @throws FlowlensError FLOWLENS_SOURCE_UNREADABLE when a directory or link under them cannot be read
 */
export async function listLocalObjects(args: readonly string[]): Promise<SourceObject[]> {
  const { objects, unreadable } = await findLocalObjects(args);
  const [first] = unreadable;
  if (first) {
    throw new FlowlensError("FLOWLENS_SOURCE_UNREADABLE", first.error, {
      hint: "make it readable or remove it, and run again",
    });
  }
  return objects;
}
