/**
 * The dashboard's front end as `npm run build` wrote it (dist/web/assets/): each script and stylesheet,
 * raw and gzipped (zlib level 9), and their total.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface AssetSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BundleSize {
  readonly assets: AssetSize[];
  readonly bytes: number;
  readonly gzipBytes: number;
}

export function bundleSize(assetsDir: string): BundleSize {
  const assets = readdirSync(assetsDir)
    .filter((file) => file.endsWith(".js") || file.endsWith(".css"))
    .sort()
    .map((file) => {
      const content = readFileSync(join(assetsDir, file));
      return { file, bytes: content.byteLength, gzipBytes: gzipSync(content, { level: 9 }).byteLength };
    });
  if (assets.length === 0) throw new Error(`no .js or .css under ${assetsDir}: run npm run build first`);
  return {
    assets,
    bytes: assets.reduce((sum, a) => sum + a.bytes, 0),
    gzipBytes: assets.reduce((sum, a) => sum + a.gzipBytes, 0),
  };
}
