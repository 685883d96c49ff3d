#!/usr/bin/env bash
# Prints the path of xvfb-run (a virtual X display for one command: `xvfb-run -a npm start` runs
# the wallet's browser where there is no screen), installing Debian's xvfb package when it is not
# there (test/e2e/start.test.ts runs this first, so `npm test` passes on a clean machine).
# $VIGIL_XVFB_RUN overrides. Install output goes to stderr.
set -euo pipefail
for candidate in "${VIGIL_XVFB_RUN:-}" /usr/bin/xvfb-run; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
echo "ensure-xvfb: installing Debian's xvfb…" >&2
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq xvfb xauth >&2
echo /usr/bin/xvfb-run
