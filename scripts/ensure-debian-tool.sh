#!/usr/bin/env bash
# ensure-debian-tool.sh <override> <packages> <candidate>...: prints the first executable among
# <override> (an env var's value, may be empty) and the candidates; when there is none, installs
# Debian's <packages> (space-separated) with apt and prints the first candidate. The ensure-*.sh
# scripts are this with their own names; install output goes to stderr.
set -euo pipefail
override="$1"
packages="$2"
shift 2
for candidate in "$override" "$@"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
echo "$(basename "$0"): installing Debian's $packages…" >&2
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086 # the package list is words
$SUDO apt-get install -y -qq $packages >&2
echo "$1"
