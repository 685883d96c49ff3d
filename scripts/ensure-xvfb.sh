#!/usr/bin/env bash
# Prints the path of xvfb-run (a virtual X display for one command: `xvfb-run -a npm start` runs
# the wallet's browser where there is no screen), installing Debian's xvfb when it is not there
# (test/e2e/start.test.ts runs this first). $VIGIL_XVFB_RUN overrides.
exec "$(dirname "$0")/ensure-debian-tool.sh" "${VIGIL_XVFB_RUN:-}" "xvfb xauth" /usr/bin/xvfb-run
