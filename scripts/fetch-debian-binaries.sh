#!/usr/bin/env bash
# Fetches published Go arm64 binaries from Debian's archive into .bench/debian/
# for `npm run bench:binary` and the pre-filter equivalence test, the way
# install-toolchains.sh fetches toolchains: a private apt state (arm64 index),
# `apt-get download`, `dpkg -x`. Idempotent: a package already extracted is
# skipped. The archive's address is read from this machine's apt configuration.
# Prints nothing but progress on stderr; the packages land in
# .bench/debian/pkg/<package>_<suite>/ (the extracted tree).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.bench/debian"
state="$dest/.apt"
# package/suite: trixie's docker.io (dockerd, docker-proxy), kubectl and runc, sid's containerd
wanted=("$@"); [ ${#wanted[@]} -gt 0 ] || wanted=(docker.io/trixie kubectl/trixie containerd/sid runc/trixie)

missing=()
for p in "${wanted[@]}"; do
  [ -f "$dest/pkg/${p%/*}_${p#*/}/.done" ] || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0

uri=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  u=$(awk '/^URIs:/{print $2; exit}' "$f")
  case "$u" in *security*|"") ;; *) uri=$u; break;; esac
done
if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
  uri=$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
fi
[ -n "$uri" ] || { echo "fetch-debian-binaries: no Debian archive URI found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list" >&2; exit 2; }

suites=(trixie sid)
mkdir -p "$state/lists/partial" "$state/archives/partial" "$dest/.debs" "$dest/pkg"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
{
  for s in "${suites[@]}"; do echo "deb [arch=arm64 signed-by=$keyring] $uri $s main"; done
} > "$state/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$state/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state" -o "Dir::State::status=/dev/null"
          -o "APT::Architecture=arm64" -o "APT::Architectures::=arm64"
          -o "APT::Get::List-Cleanup=0" -o "Acquire::Languages=none" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
stale=""
for s in "${suites[@]}"; do
  compgen -G "$state/lists/*_dists_${s}_InRelease" >/dev/null || stale=1
done
if [ -n "$stale" ]; then
  echo "debian binaries: updating private arm64 package index ($uri)" >&2
  apt-get "${apt_opts[@]}" -q update >/dev/null
fi
for p in "${missing[@]}"; do
  pkg=${p%/*} suite=${p#*/}
  echo "debian binaries: fetching $pkg from $suite (arm64)" >&2
  rm -f "$dest/.debs"/*.deb
  ( cd "$dest/.debs" && apt-get "${apt_opts[@]}" -q download "$pkg:arm64/$suite" >/dev/null )
  out="$dest/pkg/${pkg}_${suite}"
  rm -rf "$out" && mkdir -p "$out"
  dpkg -x "$dest/.debs/${pkg}"_*.deb "$out"
  rm -f "$dest/.debs"/*.deb
  touch "$out/.done"
done
