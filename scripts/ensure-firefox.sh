#!/usr/bin/env bash
# Prints the path of a Firefox that runs the Firefox build headless (Debian's firefox-esr, driven
# over WebDriver BiDi by test/e2e/firefox-run.test.ts), installing Debian's package when none is
# there. $VIGIL_FIREFOX overrides. Install output goes to stderr.
set -euo pipefail
for candidate in "${VIGIL_FIREFOX:-}" /usr/bin/firefox-esr /usr/bin/firefox; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
echo "ensure-firefox: installing Debian's firefox-esr…" >&2
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq firefox-esr >&2
echo /usr/bin/firefox-esr
