#!/usr/bin/env bash
# Fetches published Go arm64 binaries from Debian's archive into .bench/debian/
# for `npm run bench:binary` and the pre-filter equivalence test, the way
# install-toolchains.sh fetches toolchains: a private apt state (arm64 index),
# `apt-get download`, `dpkg -x`. Idempotent: a package already extracted is
# skipped. The private apt state: scripts/lib/private-apt.sh.
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

# shellcheck source=lib/private-apt.sh
. "$root/scripts/lib/private-apt.sh"
mkdir -p "$dest/.debs" "$dest/pkg"
private_apt_init "debian binaries" "$state" arm64 trixie sid
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
