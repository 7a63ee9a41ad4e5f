#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser). `npm test` runs this first: it installs the
# package when it is missing and we are root (CI, fresh machines), and otherwise says what to run.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests (apt-get)…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "! the browser tests need Debian's Chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
exit 1
