/**
 * Expands the paths a user names (files, directories searched recursively, globs) into flow log objects.
 * Directories yield only files that look like flow logs, so a demo folder's inventory and ground truth
 * are passed over; a file named explicitly is always taken.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { FlowlensError } from "../../errors.js";
import { isFlowLogName } from "../flow-log-name.js";
import { parseKeyLayout } from "../key-layout.js";
import type { SourceObject } from "../source-object.js";

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
  const path = resolve(arg);
  const info = await stat(path).catch(() => undefined);
  // A path that exists is taken as named, even when it looks like a pattern (`x[1].log`).
  if (!info && isDynamicPattern(arg)) {
    const matches = await glob(arg, { absolute: true, onlyFiles: true, dot: false });
    if (matches.length === 0) {
      throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `the pattern ${arg} matches no file`, {
        hint: "check the pattern; quote it so the shell does not expand it first",
      });
    }
    return matches;
  }
  if (!info) {
    throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `${arg} does not exist`, {
      hint: "give a flow log file, a directory of them, a glob or an s3:// location",
    });
  }
  if (!info.isDirectory()) return [path];
  const files = (await glob("**/*", { cwd: path, absolute: true, onlyFiles: true, dot: false })).filter(
    isFlowLogName,
  );
  if (files.length === 0) {
    throw new FlowlensError("FLOWLENS_SOURCE_NOT_FOUND", `${arg} holds no flow log files`, {
      hint: "flow log files end in .log, .log.gz, .gz, .txt or .parquet; name other files explicitly",
    });
  }
  return files;
}

/** The objects under the given paths, sorted by path, each once. */
export async function listLocalObjects(args: readonly string[]): Promise<SourceObject[]> {
  const paths = new Set<string>();
  for (const arg of args) for (const path of await expand(arg)) paths.add(path);
  const sorted = [...paths].sort();
  return Promise.all(sorted.map(toObject));
}
