#!/usr/bin/env node
/**
 * Builds the dashboard's front end (src/web/) with esbuild into dist/web/: one script and one stylesheet
 * named by their content's hash (served as immutable), and index.html naming them (served as no-cache).
 * Everything the pages need is in the bundle: no CDN, no external fonts or scripts.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
const out = join(root, "dist", "web");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });
const result = await build({
  entryPoints: [join(root, "src/web/main.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  jsxImportSource: "preact",
  entryNames: "[name]-[hash]",
  outdir: join(out, "assets"),
  metafile: true,
  legalComments: "linked",
  logLevel: "warning",
});
const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const script = outputs.find((f) => f.endsWith(".js"));
const style = outputs.find((f) => f.endsWith(".css"));
const html = readFileSync(join(root, "src/web/index.html"), "utf8")
  .replace("{{script}}", `/assets/${script}`)
  .replace("{{style}}", style ? `<link rel="stylesheet" href="/assets/${style}">` : "");
writeFileSync(join(out, "index.html"), html);
