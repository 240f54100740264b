#!/usr/bin/env bash
# The scaling curve of zaklyk alone: full clean builds of synthetic sites of growing size, two
# series — more pages at 10 languages, and more languages at 300 pages per language — with the
# time per page and per MiB of output, so that a build that stops being linear shows up.
#
#   bench/curve.sh                 # median of 5 runs per size
#   RUNS=10 bench/curve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
PAGES_SERIES="${PAGES_SERIES:-10x30 10x100 10x300 10x1000}"
LANGUAGES_SERIES="${LANGUAGES_SERIES:-3x300 10x300 20x300 30x300}"

. bench/setup.sh

printf '\n| series | size | pages | time | ms per page | output | ms per MiB |\n|---|---|---:|---:|---:|---:|---:|\n' > "$OUT/curve.md"
run() {
  local series=$1 size=$2
  local L=${size%x*} P=${size#*x} D="$OUT/curve-$size"
  "$GEN" "$D" "$L" "$P" >/dev/null
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$D/times.json" \
    --prepare "rm -rf $D/z-out" "$ZAKLYK build --root $D/zaklyk --out $D/z-out" >/dev/null
  "$ZAKLYK" build --root "$D/zaklyk" --out "$D/z-out" 2>/dev/null
  local bytes
  bytes=$(du -sb "$D/z-out" | cut -f1)
  python3 - "$series" "$size" "$((L * P))" "$bytes" "$D/times.json" >> "$OUT/curve.md" <<'PY'
import json, sys
series, size, pages, size_bytes, times = sys.argv[1:]
t = json.load(open(times))["results"][0]["median"]
pages, mib = int(pages), int(size_bytes) / 2**20
print(f"| {series} | {size} | {pages:,} | {t:.3f} s | {1000 * t / pages:.3f} | {mib:.1f} MiB | {1000 * t / mib:.1f} |")
PY
  rm -rf "$D"
}
for size in $PAGES_SERIES; do run "pages" "$size"; done
for size in $LANGUAGES_SERIES; do run "languages" "$size"; done
echo "zaklyk $($ZAKLYK --version | cut -d' ' -f2), $(nproc) cores, $(date -u +%Y-%m-%d)" >> "$OUT/curve.md"
cat "$OUT/curve.md"
