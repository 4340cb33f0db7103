#!/usr/bin/env bash
# Debian packages the tests need: qemu-user (reproducer under emulation),
# chromium (editor e2e), neovim (second LSP client), libkrb5-dev + ripgrep
# (code-server's npm install), gcc-aarch64-linux-gnu (cgo / externally linked
# arm64 binaries for the binary-scan fixtures), docker-registry + skopeo (the
# image-source tests run a real OCI registry and push images to it). Idempotent: installs only what is missing.
set -euo pipefail
need=()
command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
command -v chromium >/dev/null || need+=(chromium)
command -v nvim >/dev/null || need+=(neovim)
command -v rg >/dev/null || need+=(ripgrep)
[ -x /usr/bin/time ] || need+=(time)
command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
[ ${#need[@]} -gt 0 ] || { echo "system deps: all present"; exit 0; }
if [ "$(id -u)" != 0 ]; then
  echo "system deps: missing ${need[*]}; run as root: apt-get install ${need[*]}" >&2; exit 2
fi
echo "system deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
