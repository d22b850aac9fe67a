#!/usr/bin/env bash
# Installs the Go toolchains the lab captures and the regeneration test use:
# Go 1.19 (bookworm's golang-go), 1.21 and 1.23 (bookworm-backports).
# Idempotent: does nothing when all three are present.
set -euo pipefail
have() { [ -x "$1" ]; }
if have /usr/lib/go-1.19/bin/go && have /usr/lib/go-1.21/bin/go && have /usr/lib/go-1.23/bin/go; then
  exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "deb http://deb.debian.org/debian bookworm-backports main" | $SUDO tee /etc/apt/sources.list.d/gorca-backports.list >/dev/null
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq golang-1.19-go golang-1.21-go/bookworm-backports golang-1.23-go/bookworm-backports >/dev/null
for v in 1.19 1.21 1.23; do /usr/lib/go-$v/bin/go version; done
