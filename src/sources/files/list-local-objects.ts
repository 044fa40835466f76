/**
 * Expands the paths a user names (files, directories searched recursively, globs) into flow log objects.
 * Directories yield only files that look like flow logs, so a demo folder's inventory and ground truth
 * are passed over; a file named explicitly is always taken.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { FlowlensError } from "../../errors.js";
import { parseKeyLayout } from "../key-layout.js";
import type { SourceObject } from "../source-object.js";

const FLOW_LOG_FILE = /\.(log|gz|parquet|txt)$/i;

async function toObject(path: string): Promise<SourceObject> {
  const info = await stat(path);
  return {
    uri: path,
    size: info.size,
    fingerprint: String(Math.trunc(info.mtimeMs)),
    key: parseKeyLayout(path),
  };
}

async function expand(arg: string): Promise<string[]> {
  if (isDynamicPattern(arg)) {
    const matches = await glob(arg, { absolute: true, onlyFiles: true, dot: false });
    if (matches.length === 0) {
      throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `the pattern ${arg} matches no file`, {
        hint: "check the pattern; quote it so the shell does not expand it first",
      });
    }
    return matches;
  }
  const path = resolve(arg);
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `${arg} does not exist`, {
      hint: "give a flow log file, a directory of them, a glob or an s3:// location",
    });
  }
  if (!info.isDirectory()) return [path];
  const files = await glob("**/*", { cwd: path, absolute: true, onlyFiles: true, dot: false });
  return files.filter((f) => FLOW_LOG_FILE.test(f));
}

/** The objects under the given paths, sorted by path, each once. */
export async function listLocalObjects(args: readonly string[]): Promise<SourceObject[]> {
  const paths = new Set<string>();
  for (const arg of args) for (const path of await expand(arg)) paths.add(path);
  const sorted = [...paths].sort();
  return Promise.all(sorted.map(toObject));
}
