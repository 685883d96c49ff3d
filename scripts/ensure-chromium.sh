#!/usr/bin/env bash
# Prints the path of a Chromium that loads unpacked MV3 extensions headless, installing
# Debian's package when none is there (the e2e tests run this first, so `npm test` passes on a
# clean machine). $VIGIL_CHROMIUM overrides. Install output goes to stderr.
set -euo pipefail
for candidate in "${VIGIL_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
echo "ensure-chromium: installing Debian's chromium…" >&2
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq chromium >&2
echo /usr/bin/chromium
