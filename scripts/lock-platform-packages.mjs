#!/usr/bin/env node
/**
 * The npm registry reachable here lacks some platform-specific optional packages (e.g. DuckDB's and
 * Biome's macOS and Windows binaries), so `npm install` leaves them out of package-lock.json and `npm ci`
 * then refuses the lock as out of sync. This adds the entries `npm ci` asks for, with the os/cpu/libc
 * that make every other platform skip them; later `npm install` runs keep them.
 * Usage: node scripts/lock-platform-packages.mjs   (after npm install, when npm ci says "Missing: …")
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

let output = "";
try {
  execFileSync("npm", ["ci", "--dry-run"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
} catch (error) {
  output = `${error.stdout}${error.stderr}`;
}
const missing = [...output.matchAll(/Missing: (@?[^@\s]+)@/g)].map((m) => m[1]);
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
for (const name of missing) {
  const [parentPath, parent] =
    Object.entries(lock.packages).find(([, p]) => p.optionalDependencies?.[name]) ?? [];
  const platform = /-(android|darwin|linux|win32|freebsd)-(arm64|x64|ia32|arm)(-musl)?$/.exec(name);
  if (!parent || !platform) throw new Error(`do not know how to lock ${name}`);
  lock.packages[`node_modules/${name}`] = {
    version: parent.optionalDependencies[name],
    cpu: [platform[2]],
    os: [platform[1]],
    ...(platform[3] ? { libc: ["musl"] } : {}),
    ...(parent.dev ? { dev: true } : {}),
    optional: true,
  };
  console.log(`locked ${name} (optional dependency of ${parentPath})`);
}
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
