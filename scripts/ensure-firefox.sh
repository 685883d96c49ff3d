#!/usr/bin/env bash
# Prints the path of a Firefox that runs the Firefox build headless (Debian's firefox-esr, driven
# over WebDriver BiDi by test/e2e/firefox-run.test.ts), installing Debian's package when none is
# there. $VIGIL_FIREFOX overrides.
exec "$(dirname "$0")/ensure-debian-tool.sh" "${VIGIL_FIREFOX:-}" firefox-esr /usr/bin/firefox-esr /usr/bin/firefox
