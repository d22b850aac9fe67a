#!/usr/bin/env bash
# Installs the headless browser the UI tests (UiBrowserITCase) drive: Debian's chromium and its chromedriver,
# /usr/bin/chromium and /usr/bin/chromedriver. Selenium is pointed at them, so it downloads nothing.
# Idempotent: does nothing when both are present.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
/usr/bin/chromium --version
