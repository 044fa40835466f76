/**
 * Private staging directories for objects on their way into DuckDB (S3 downloads, and links that give
 * awkwardly named local files a plain name). Each is named after the process that made it, so a later run
 * removes the ones whose process died without cleaning up (killed, or the machine stopped).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "flowlens-staging-";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes staging directories left by processes that no longer run. */
function removeAbandoned(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(PREFIX.length).split("-")[0]);
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && pid !== process.pid && !alive(pid)) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

export function makeStagingDir(): string {
  removeAbandoned();
  return mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
}

/** A file name DuckDB will not read as a glob pattern (it treats * ? [ ] { } as wildcards). */
export function plainFileName(name: string): string {
  return name.replace(/[*?[\]{}]/g, "_");
}
