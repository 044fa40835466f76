/**
 * Says why a path that is not a regular file (a FIFO, a socket, a device, or a link to one) is not read as a
 * flow log. Such a path is never opened: reading a FIFO waits for a writer forever, and a device such as
 * /dev/zero never ends. An anonymous pipe — what the shell's process substitution `<(…)` passes — has no
 * real path at all, and is named as such.
 */
import type { Stats } from "node:fs";

function kindOf(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/**
 * @param path the path as named or reached
 * @param info what `stat` (links followed) says of it
 * @param real its real path, or undefined when it has none (an anonymous pipe)
 * @returns the failure sentence, or undefined for a regular file
 */
export function notAFile(path: string, info: Stats, real: string | undefined): string | undefined {
  const kind = kindOf(info);
  if (kind === undefined) return undefined;
  if (info.isFIFO() && real === undefined) {
    return `${path} is a pipe (as the shell's <(…) process substitution passes), not a file: a pipe cannot be read as an object; write the output to a file and ingest that file`;
  }
  const leads = real !== undefined && real !== path ? ` (it leads to ${real})` : "";
  return `${path} is ${kind === "not a regular file" ? kind : `${kind}, not a file`}${leads}: only regular files are read as flow logs`;
}
