/**
 * Builds the "few large files" variant of a dataset from its S3-layout objects: the objects, in key order,
 * split into `count` contiguous runs, each written as one gzip file with a single header line. Every
 * object must start with the same header.
 */
import { createWriteStream } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { promisify } from "node:util";
import { createGzip, gunzip } from "node:zlib";

const gunzipAsync = promisify(gunzip);
const GZIP_LEVEL = 3;

export interface RegroupedFiles {
  readonly files: readonly string[];
  /** The header line every object starts with. */
  readonly header: string;
}

export async function regroupObjects(
  objects: readonly string[],
  outDir: string,
  count: number,
): Promise<RegroupedFiles> {
  await mkdir(outDir, { recursive: true });
  const sorted = [...objects].sort();
  const files: string[] = [];
  let header: string | undefined;
  for (let part = 0; part < count; part++) {
    const run = sorted.slice(
      Math.floor((part * sorted.length) / count),
      Math.floor(((part + 1) * sorted.length) / count),
    );
    if (run.length === 0) continue;
    const file = join(outDir, `part-${String(part).padStart(2, "0")}.log.gz`);
    const gzip = createGzip({ level: GZIP_LEVEL });
    const done = finished(gzip.pipe(createWriteStream(file)));
    let wroteHeader = false;
    // The next object is read and inflated while this one is being compressed.
    let next = readFile(run[0] as string).then((b) => gunzipAsync(b));
    for (let i = 0; i < run.length; i++) {
      const text = (await next).toString("utf8");
      if (i + 1 < run.length) next = readFile(run[i + 1] as string).then((b) => gunzipAsync(b));
      const newline = text.indexOf("\n");
      const first = text.slice(0, newline);
      header ??= first;
      if (first !== header) throw new Error(`${run[i]} starts with "${first}", not the header "${header}"`);
      const body = text.slice(wroteHeader ? newline + 1 : 0);
      wroteHeader = true;
      if (!gzip.write(body)) await new Promise((resolve) => gzip.once("drain", resolve));
    }
    gzip.end();
    await done;
    files.push(file);
  }
  if (header === undefined) throw new Error(`no objects to regroup into ${outDir}`);
  return { files, header };
}
