#!/usr/bin/env bash
# Headless Chromium for the explorer's browser test (test/integration/explorer). Uses
# CHROMIUM_PATH or /usr/bin/chromium when present; otherwise installs Debian's package
# (root or sudo needed). Elsewhere, install any Chromium and set CHROMIUM_PATH.
set -euo pipefail
path=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$path" ]; then
  echo "ok chromium at $path"
  exit 0
fi
command -v apt-get >/dev/null || { echo "error: no chromium at $path and no apt-get; install Chromium and set CHROMIUM_PATH" >&2; exit 1; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "==> installing Debian's chromium (browser test of the explorer)"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
echo "ok chromium at $(command -v chromium)"
