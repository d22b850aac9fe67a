#!/usr/bin/env bash
# Builds and runs every lab case with each Go toolchain and writes the
# captures (see README.md). Usage:
#   lab/capture.sh [--go 1.19,1.21,1.23] [--only <cause>/<program>[,...]] [--out DIR] [--check]
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$LAB"
DRIVER_GO=""
for v in 1.23 1.21 1.19; do
  if [ -x "/usr/lib/go-$v/bin/go" ]; then DRIVER_GO="/usr/lib/go-$v/bin/go"; break; fi
done
[ -n "$DRIVER_GO" ] || { echo "capture.sh: no Go toolchain; run bash lab/install-go.sh" >&2; exit 1; }
mkdir -p bin
CGO_ENABLED=0 GOTOOLCHAIN=local GOPROXY=off GOFLAGS= "$DRIVER_GO" build -o bin/driver ./driver
exec bin/driver "$@"
