#!/usr/bin/env bash
# Installs Debian's Go toolchains into .toolchains/ without root and without
# touching the system: a private apt state, `apt-get download`, `dpkg -x`.
# Idempotent: a toolchain whose bin/go already answers is skipped.
# The private apt state and the archive's address: scripts/lib/private-apt.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.toolchains"
state="$dest/.apt"
# minor -> suite that carries it
declare -A SUITE=([1.19]=bookworm [1.21]=bookworm-backports [1.22]=bookworm-backports
                  [1.23]=bookworm-backports [1.24]=trixie [1.25]=trixie-backports [1.26]=sid [1.27]=sid)
wanted=("$@"); [ ${#wanted[@]} -gt 0 ] || wanted=(1.19 1.21 1.22 1.23 1.24 1.25 1.26 1.27)

missing=()
for v in "${wanted[@]}"; do
  [ -n "${SUITE[$v]:-}" ] || { echo "install-toolchains: unknown Go minor '$v' (known: ${!SUITE[*]})" >&2; exit 2; }
  if [ -x "$dest/go$v/bin/go" ] && [ -d "$dest/go$v/src/runtime" ] && "$dest/go$v/bin/go" version >/dev/null 2>&1; then continue; fi
  missing+=("$v")
done
[ ${#missing[@]} -gt 0 ] || { echo "toolchains: all present in $dest"; exit 0; }

# shellcheck source=lib/private-apt.sh
. "$root/scripts/lib/private-apt.sh"
mkdir -p "$dest/.debs"
private_apt_init toolchains "$state" "" bookworm bookworm-backports trixie trixie-backports sid
for v in "${missing[@]}"; do
  echo "toolchains: installing go$v from ${SUITE[$v]}"
  tmp=$(mktemp -d "$dest/.x.XXXXXX")
  ( cd "$dest/.debs" && apt-get "${apt_opts[@]}" -q download "golang-$v-go/${SUITE[$v]}" "golang-$v-src/${SUITE[$v]}" >/dev/null )
  for deb in "$dest/.debs"/golang-"$v"-go_*.deb "$dest/.debs"/golang-"$v"-src_*.deb; do dpkg -x "$deb" "$tmp"; done
  # Keep the package layout as extracted: the go package's relative links
  # (src, pkg/include, ...) point into the src package's usr/share/go-1.NN.
  rm -rf "$dest/go$v" "$dest/go$v.root"
  mv "$tmp" "$dest/go$v.root"
  ln -sfn "go$v.root/usr/lib/go-$v" "$dest/go$v"
  "$dest/go$v/bin/go" version
done
rm -rf "$dest/.debs"
