#!/usr/bin/env bash
# Prints the path of a Chromium that loads unpacked MV3 extensions headless, installing
# Debian's package when none is there (the e2e tests and `vigil start` run this first, so
# `npm test` passes on a clean machine). $VIGIL_CHROMIUM overrides.
exec "$(dirname "$0")/ensure-debian-tool.sh" "${VIGIL_CHROMIUM:-}" chromium /usr/bin/chromium /usr/bin/chromium-browser
