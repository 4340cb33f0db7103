#!/usr/bin/env bash
# Packages the extension offline into dist/go-preempt-guard.vsix.
# Production bundles are built into a private staging folder (not the shared
# dist/, where a concurrent dev build could swap in unminified files), with the
# few files VS Code reads; vsce packages that folder. Everything is bundled by
# esbuild, hence --no-dependencies. Pass --bundle-only to skip the type check.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
stage="$root/.e2e/vsix-stage"
out="$root/dist/go-preempt-guard.vsix"
rm -rf "$stage"
mkdir -p "$stage/dist" "$root/dist"
node scripts/build.mjs --production --outdir "$stage/dist" "$@"
# package.json's `files` lists what `npm pack` ships (the CLI); vsce refuses it next
# to .vscodeignore, which chooses what the .vsix ships: stage the manifest without it.
node -e 'const m=JSON.parse(require("fs").readFileSync("package.json","utf8"));delete m.files;require("fs").writeFileSync(process.argv[1],JSON.stringify(m,null,2)+"\n")' "$stage/package.json"
cp LICENSE .vscodeignore "$stage/"
for f in README.md CHANGELOG.md; do [ ! -f "$f" ] || cp "$f" "$stage/"; done
mkdir -p "$stage/media" "$stage/syntaxes"
cp media/icon.png "$stage/media/"
# The README's screenshots, shown from the installed extension (relative links kept).
for f in media/screenshot-*.png; do [ ! -f "$f" ] || cp "$f" "$stage/media/"; done
cp syntaxes/go-asm.tmLanguage.json syntaxes/go-asm.language-configuration.json "$stage/syntaxes/"
[ ! -d client/media ] || { mkdir -p "$stage/client"; cp -r client/media "$stage/client/media"; }
readme=()
[ -f README.md ] || readme=(--readme-path LICENSE)
rm -f "$out"
(cd "$stage" && node "$root/node_modules/@vscode/vsce/vsce" package --no-dependencies --allow-missing-repository --no-rewrite-relative-links "${readme[@]}" --out "$out" >&2)
node -e 'const s=require("fs").statSync(process.argv[1]).size;console.log(`${process.argv[1]}: ${s} bytes (${(s/1024).toFixed(0)} KiB)`)' "$out"
