#!/usr/bin/env node
/** Copies the files tsc does not emit (insight SQL) from src/ to dist/, keeping their paths. */
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { glob } from "tinyglobby";

const root = join(import.meta.dirname, "..");
const files = await glob("src/**/*.sql", { cwd: root });
for (const file of files) {
  const target = join(root, "dist", relative("src", file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(root, file), target);
}
