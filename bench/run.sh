#!/usr/bin/env bash
# Times full clean builds of zaklyk and Hugo on the same synthetic sites, at three sizes, in one
# run: median of hyperfine runs, pages per second, the ratio to Hugo, peak memory and output size,
# plus `cp -r` of Hugo's output as the I/O floor. Not part of `cargo test`.
#
#   bench/run.sh            # sizes 3x30, 10x100, 30x300
#   RUNS=10 bench/run.sh    # more runs per command (default 5)
#   BENCH_DIR=bench/out bench/run.sh   # measure on this disk instead of in memory
#
# The sites are written to and built in /dev/shm unless BENCH_DIR says otherwise (bench/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
SIZES="${SIZES:-3x30 10x100 30x300}"

. bench/setup.sh
need hugo hugo
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null

peak_mib() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {printf "%.0f", $2/1024}'; }
median() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(' '.join('%.4f' % r['median'] for r in d['results']))" "$1"; }

printf '\n| size | pages | zaklyk | Hugo %s | cp -r (floor) | zaklyk / Hugo | zaklyk / floor | zaklyk pages/s | peak RSS zaklyk | peak RSS Hugo | output zaklyk | output Hugo |\n' "$(hugo version | grep -o 'v[0-9.]*' | head -1)" > "$OUT/table.md"
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' >> "$OUT/table.md"
for size in $SIZES; do
  L=${size%x*}; P=${size#*x}; D="$OUT/$size"
  "$GEN" "$D" "$L" "$P"
  hugo --source "$D/hugo" --destination "$D/hugo-out" --quiet >/dev/null
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$D/times.json" \
    --prepare "rm -rf $D/z-out $D/h-out $D/copy" \
    "$ZAKLYK build --root $D/zaklyk --out $D/z-out" \
    "hugo --source $D/hugo --destination $D/h-out --quiet" \
    "cp -r $D/hugo-out $D/copy" >/dev/null
  read -r tz th tc <<<"$(median "$D/times.json")"
  rm -rf "$D/z-out" "$D/h-out"
  mz=$(peak_mib "$ZAKLYK" build --root "$D/zaklyk" --out "$D/z-out")
  mh=$(peak_mib hugo --source "$D/hugo" --destination "$D/h-out" --quiet)
  bz=$(du -sb "$D/z-out" | cut -f1); bh=$(du -sb "$D/h-out" | cut -f1)
  pages=$((L * P))
  python3 - "$size" "$pages" "$tz" "$th" "$tc" "$mz" "$mh" "$bz" "$bh" >> "$OUT/table.md" <<'PY'
import sys
size, pages, tz, th, tc, mz, mh, bz, bh = sys.argv[1:]
pages, tz, th, tc = int(pages), float(tz), float(th), float(tc)
print(f"| {size} | {pages:,} | {tz:.3f} s | {th:.3f} s | {tc:.3f} s | {tz/th:.2f} | {tz/tc:.2f} | {pages/tz:,.0f} | {mz} MiB | {mh} MiB | {int(bz)/2**20:.1f} MiB | {int(bh)/2**20:.1f} MiB |")
PY
done
echo "zaklyk $($ZAKLYK --version | cut -d' ' -f2), $(nproc) cores, $(date -u +%Y-%m-%d)" >> "$OUT/table.md"
cat "$OUT/table.md"
