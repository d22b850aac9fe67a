#!/usr/bin/env bash
# Produces the large goroutine dumps for the parser benchmark:
# goroutine_leak/mass_leak with 100,000 blocked goroutines, dumped once in
# the debug=2 format, gzip-compressed into captures/large/. Usage:
#   lab/capture-large.sh [--go 1.23,1.19] [--n 100000]
set -euo pipefail
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$LAB"
VERSIONS="1.23,1.19"
N=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --go) VERSIONS="$2"; shift 2 ;;
    --n) N="$2"; shift 2 ;;
    *) echo "usage: $0 [--go 1.23,1.19] [--n 100000]" >&2; exit 2 ;;
  esac
done
OUT=captures/large
mkdir -p "$OUT" bin/large
for v in ${VERSIONS//,/ }; do
  GO=/usr/lib/go-$v/bin/go
  [ -x "$GO" ] || { echo "no Go $v; run bash lab/install-go.sh" >&2; exit 1; }
  BIN=bin/large/mass_leak-go$v
  CGO_ENABLED=0 GOTOOLCHAIN=local GOPROXY=off GOFLAGS= "$GO" build -o "$BIN" ./programs/goroutine_leak/mass_leak
  NAME=go$v-$((N / 1000))k
  DUMP=$OUT/$NAME.dump.txt
  CMD="ulimit -n 4096 && GORCA_LEAK_N=$N GORCA_DUMP_NOW=1 GORCA_DUMP_FILE=$DUMP exec $BIN 2>/dev/null >/dev/null </dev/null"
  rm -f "$DUMP" "$DUMP.gz"
  start=$(date +%s%N)
  env -i PATH=/usr/bin:/bin HOME=/tmp bash -c "$CMD"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  count=$(grep -c -E '^goroutine [0-9]+ .*:$' "$DUMP")
  bytes=$(stat -c %s "$DUMP")
  gzip -9 -n "$DUMP"
  version=$("$GO" env GOVERSION)
  cat > "$OUT/$NAME.meta.json" <<JSON
{
  "root_cause": "goroutine_leak",
  "program": "mass_leak",
  "go_version": "$version",
  "command": "$CMD",
  "format": "pprof goroutine profile, debug=2 (runtime.Stack of all goroutines), gzip -9",
  "dump_goroutines": $count,
  "uncompressed_bytes": $bytes,
  "duration_ms": $ms,
  "description": "every classic leak at once: chan receive, select, sync.Mutex.Lock, WaitGroup.Wait, sync.Cond.Wait, IO wait and sleep, at varied depths and creators"
}
JSON
  echo "$NAME: goroutines=$count bytes=$bytes gz=$(stat -c %s "$DUMP.gz") ${ms}ms"
done
