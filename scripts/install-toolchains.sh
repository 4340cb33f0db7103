#!/usr/bin/env bash
# Installs Debian's Go toolchains into .toolchains/ without root and without
# touching the system: a private apt state, `apt-get download`, `dpkg -x`.
# Idempotent: a toolchain whose bin/go already answers is skipped.
# The archive's address is read from this machine's own apt configuration.
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

uri=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  u=$(awk '/^URIs:/{print $2; exit}' "$f")
  case "$u" in *security*|"") ;; *) uri=$u; break;; esac
done
if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
  uri=$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
fi
[ -n "$uri" ] || { echo "install-toolchains: no Debian archive URI found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list" >&2; exit 2; }

mkdir -p "$state/lists/partial" "$state/archives/partial" "$dest/.debs"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
{
  for s in bookworm bookworm-backports trixie trixie-backports sid; do
    echo "deb [signed-by=$keyring] $uri $s main"
  done
} > "$state/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$state/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state" -o "Dir::State::status=/dev/null"
          -o "APT::Get::List-Cleanup=0" -o "Acquire::Languages=none" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
# Refresh the private index at most once a day, or when a suite has no index yet.
stale=$([ -z "$(find "$state/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ] && echo 1 || true)
for s in bookworm bookworm-backports trixie trixie-backports sid; do
  compgen -G "$state/lists/*_dists_${s}_InRelease" >/dev/null || stale=1
done
if [ -n "$stale" ]; then
  echo "toolchains: updating private package index ($uri)"
  apt-get "${apt_opts[@]}" -q update >/dev/null
fi
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
