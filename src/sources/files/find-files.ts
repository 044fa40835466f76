/**
 * Finds the files a glob matches, following symbolic links, and says which paths it could not look into.
 * tinyglobby (through fdir) skips a directory it cannot read, or a link it cannot follow, without a word;
 * here every such failure is noted through tinyglobby's `fs` option, so a caller can name it instead of
 * loading less than it was asked to. A link that leads back into the tree ends the walk down that path
 * (fdir's loop check); the same file reached twice is the caller's to merge (see list-local-objects.ts).
 * fdir also passes over a FIFO, a socket or a device in silence; those are returned as files here, like a
 * link to one is, so the caller's one check of what each path is names them all (see list-local-objects.ts).
 */
import * as nodeFs from "node:fs";
import { basename, dirname, join } from "node:path";
import { type FileSystemAdapter, glob } from "tinyglobby";

/** A path the walk could not look into, with the sentence that says why. */
export interface UnreadablePath {
  readonly path: string;
  /** e.g. `cannot read directory /logs/2025: permission denied (EACCES)` */
  readonly error: string;
}

export interface FoundFiles {
  /** Absolute paths as reached (through links, not resolved). */
  readonly files: string[];
  readonly unreadable: UnreadablePath[];
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOENT: "its target does not exist",
  ELOOP: "too many levels of symbolic links (a link loop)",
  ENOTDIR: "part of its path is not a directory",
  ENAMETOOLONG: "the path is too long",
  EIO: "an input/output error",
};

function sentence(what: "directory" | "symbolic link", path: string, error: NodeJS.ErrnoException): string {
  const reason =
    error.code === undefined ? error.message : `${REASONS[error.code] ?? error.message} (${error.code})`;
  return what === "directory"
    ? `cannot read directory ${path}: ${reason}`
    : `cannot follow symbolic link ${path}: ${reason}`;
}

type Callback<T> = (error: NodeJS.ErrnoException | null, value: T) => void;

/**
 * @param pattern a glob (`**` and the rest of tinyglobby's syntax)
 * @param cwd where a relative pattern starts
 */
export async function findFiles(pattern: string, cwd?: string): Promise<FoundFiles> {
  const unreadable = new Map<string, string>();
  const note = (what: "directory" | "symbolic link", path: string, error: NodeJS.ErrnoException) => {
    const shown = path.replace(/\/$/, "");
    if (!unreadable.has(shown)) unreadable.set(shown, sentence(what, shown, error));
  };
  const fs = {
    // A directory that is gone (the pattern's base, or one removed during the walk) holds nothing to miss.
    readdir: (path: string, options: object, callback: Callback<nodeFs.Dirent[]>) =>
      nodeFs.readdir(path, options as { withFileTypes: true }, (error, entries) => {
        if (error && error.code !== "ENOENT") note("directory", path, error);
        callback(error, entries?.map(asFileUnlessDirectoryOrLink));
      }),
    // fdir resolves only symbolic links: a failure here is a dangling or looping link.
    realpath: (path: string, callback: Callback<string>) =>
      nodeFs.realpath(path, (error, resolved) => {
        if (error) note("symbolic link", path, error);
        callback(error, resolved);
      }),
    stat: (path: string, callback: Callback<nodeFs.Stats>) =>
      nodeFs.stat(path, (error, stats) => {
        if (error) note("symbolic link", path, error);
        callback(error, stats);
      }),
  };
  const files = await glob(pattern, {
    ...(cwd === undefined ? {} : { cwd }),
    absolute: true,
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: true,
    fs: fs as unknown as FileSystemAdapter,
  });
  return { files, unreadable: onePerPlace(unreadable) };
}

/** A FIFO, socket or device entry, shown to fdir as a file so the walk returns it instead of dropping it. */
function asFileUnlessDirectoryOrLink(entry: nodeFs.Dirent): nodeFs.Dirent {
  if (entry.isFile() || entry.isDirectory() || entry.isSymbolicLink()) return entry;
  return Object.assign(entry, { isFile: () => true });
}

/**
 * A link loop makes the walk reach the same broken entry under several paths; each is named once, by its
 * shortest path. Two paths are the same place when their folders resolve to the same real folder.
 */
function onePerPlace(unreadable: ReadonlyMap<string, string>): UnreadablePath[] {
  const byPlace = new Map<string, UnreadablePath>();
  const paths = [...unreadable.keys()].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  for (const path of paths) {
    let folder: string;
    try {
      folder = nodeFs.realpathSync(dirname(path));
    } catch {
      folder = dirname(path);
    }
    const place = join(folder, basename(path));
    if (!byPlace.has(place)) byPlace.set(place, { path, error: unreadable.get(path) as string });
  }
  return [...byPlace.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}
