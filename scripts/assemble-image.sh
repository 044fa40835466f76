#!/usr/bin/env bash
# Assembles exactly what the container image's /app holds, into an empty folder: the package as `npm pack`
# makes it (the `files` of package.json; never the infra/ workspace, src/ or test/), unpacked, with the
# repository's package-lock.json, and its production dependencies installed by `npm ci --omit=dev` (the
# versions the tests ran against); bin/flowlens, the command package.json's `bin` names; and
# healthcheck.mjs, the image's health check. The Dockerfile runs this; so does
# test/e2e/image-contents.test.ts, which then runs the folder's CLI with nothing else around it.
# Usage: scripts/assemble-image.sh <empty-or-new-folder>      (after npm run build)
set -euo pipefail

fail() {
  echo "assemble-image: $*" >&2
  exit 1
}

[ $# -eq 1 ] || fail "expected one argument, the folder to assemble into; got $#"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"
[ -f "$root/dist/cli/main.js" ] || fail "$root/dist/cli/main.js is missing: run npm run build first"
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  fail "$out is not empty: expected an empty or new folder"
fi

# npm pack skips a `files` entry that names nothing without a word; here that is an error.
missing="$(cd "$root" && node -p 'require("./package.json").files.filter((f) => !/[*!?[]/.test(f) && !require("node:fs").existsSync(f)).join(" ")')"
[ -z "$missing" ] || fail "package.json's files names $missing, which $root does not hold"

mkdir -p "$out"
out="$(cd "$out" && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --ignore-scripts: pack the dist/ just built, without `prepare` building it again underneath other users.
tarball="$(cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$work")"
if tar -tzf "$work/$tarball" | grep -qE '^package/(infra|src|test)/'; then
  fail "the package holds infra/, src/ or test/ files: check package.json's files"
fi
tar -xzf "$work/$tarball" -C "$out" --strip-components=1 --no-same-owner
cp "$root/package-lock.json" "$out/package-lock.json"

cd "$out"
# The scripts are the repository's (`prepare` builds from src/, which is not here): none runs in the image.
npm pkg delete scripts
npm ci --omit=dev --no-audit --no-fund

bin="$(node -p 'require("./package.json").bin.flowlens')"
chmod +x "$bin"
mkdir bin
ln -s "../$bin" bin/flowlens
cp "$root/scripts/image-healthcheck.mjs" healthcheck.mjs
echo "assemble-image: $out holds flowlens $(node -p 'require("./package.json").version') and its production dependencies"
