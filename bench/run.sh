#!/usr/bin/env bash
# Times full clean builds of zaklyk, Hugo and (when ZOLA_BIN names its binary) Zola on the same
# synthetic sites, at three sizes, in one run: median wall-clock time of hyperfine runs and the
# mean CPU time (user + system) of the same runs, pages per second, the ratios to the others and
# to the floor (`cp -r` of zaklyk's own output), peak memory and output size. Then the preview's
# latency (bench/latency.py): from a save to the new version served over HTTP, at two sizes.
# Not part of `cargo test`.
#
#   bench/run.sh                       # sizes 3x5 10x100 30x300
#   ZOLA_BIN=/path/to/zola bench/run.sh   # Zola v0.22.1, built from its source
#   RUNS=10 bench/run.sh               # at least this many runs per command (default 5;
#                                      # hyperfine also runs each for at least 3 s)
#   BENCH_DIR=bench/out bench/run.sh   # measure on this disk instead of in memory
#
# zaklyk's clean builds are timed with its share-card cache warm (hyperfine's --prepare removes
# the output, not <site>/.zaklyk-cache/); the first, cold build of each size is timed apart, since
# it draws every card. Hugo and Zola draw no cards. The sites are written to and built in /dev/shm
# unless BENCH_DIR says otherwise (bench/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
SIZES="${SIZES:-3x5 10x100 30x300}"
LATENCY_SIZES="${LATENCY_SIZES:-10x100 30x300}"

. bench/setup.sh
need hugo hugo
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
ZOLA="${ZOLA_BIN:-}"

peak_mib() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {printf "%.0f", $2/1024}'; }
# Per command of a hyperfine export: "median-wall mean-cpu" (seconds).
times() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(' '.join('%.4f %.4f' % (r['median'], r['user'] + r['system']) for r in d['results']))" "$1"; }
cold_s() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; python3 -c "import sys,time; print('%.3f' % (time.time() - float(sys.argv[1])))" "$s"; }

zola_head=""; zola_sep=""
if [ -n "$ZOLA" ]; then zola_head=" Zola $($ZOLA --version | cut -d' ' -f2) (CPU) | zaklyk / Zola | peak RSS Zola |"; zola_sep="---:|---:|---:|"; fi
printf '\n| size | pages | zaklyk (CPU) | zaklyk cold cards | Hugo %s (CPU) |%s cp -r (floor) | zaklyk / Hugo | zaklyk / floor | zaklyk pages/s | peak RSS zaklyk | peak RSS Hugo | output zaklyk | output Hugo |\n' "$(hugo version | grep -o 'v[0-9.]*' | head -1)" "$zola_head" > "$OUT/table.md"
printf '|---|---:|---:|---:|---:|%s---:|---:|---:|---:|---:|---:|---:|---:|\n' "$zola_sep" >> "$OUT/table.md"
for size in $SIZES; do
  L=${size%x*}; P=${size#*x}; D="$OUT/$size"
  "$GEN" "$D" "$L" "$P"
  rm -rf "$D/zaklyk/.zaklyk-cache"
  cold=$(cold_s "$ZAKLYK" build --root "$D/zaklyk" --out "$D/z-cold")
  cp -r "$D/z-cold" "$D/z-floor"
  commands=("$ZAKLYK build --root $D/zaklyk --out $D/z-out"
    "hugo --source $D/hugo --destination $D/h-out --quiet"
    "cp -r $D/z-floor $D/copy")
  [ -n "$ZOLA" ] && commands+=("$ZOLA --root $D/zola build --output-dir $D/zo-out --force")
  hyperfine --style basic --warmup 1 --min-runs "$RUNS" --export-json "$D/times.json" \
    --prepare "rm -rf $D/z-out $D/h-out $D/copy $D/zo-out" "${commands[@]}" >/dev/null
  read -r tz cz th ch tc cc tzo czo <<<"$(times "$D/times.json")"
  rm -rf "$D/z-out" "$D/h-out" "$D/zo-out"
  mz=$(peak_mib "$ZAKLYK" build --root "$D/zaklyk" --out "$D/z-out")
  mh=$(peak_mib hugo --source "$D/hugo" --destination "$D/h-out" --quiet)
  mzo=""; [ -n "$ZOLA" ] && mzo=$(peak_mib "$ZOLA" --root "$D/zola" build --output-dir "$D/zo-out" --force)
  bz=$(du -sb "$D/z-out" | cut -f1); bh=$(du -sb "$D/h-out" | cut -f1)
  python3 - "$size" "$((L * P))" "$tz" "$cz" "$cold" "$th" "$ch" "$tc" "$mz" "$mh" "$bz" "$bh" "${tzo:-}" "${czo:-}" "$mzo" >> "$OUT/table.md" <<'PY'
import sys
size, pages, tz, cz, cold, th, ch, tc, mz, mh, bz, bh, tzo, czo, mzo = sys.argv[1:]
pages = int(pages)
tz, cz, cold, th, ch, tc = map(float, (tz, cz, cold, th, ch, tc))
zola = f" {float(tzo):.3f} s ({float(czo):.3f} s) | {tz/float(tzo):.2f} | {mzo} MiB |" if tzo else ""
print(f"| {size} | {pages:,} | {tz:.3f} s ({cz:.3f} s) | {cold:.3f} s | {th:.3f} s ({ch:.3f} s) |{zola} {tc:.3f} s | {tz/th:.2f} | {tz/tc:.2f} | {pages/tz:,.0f} | {mz} MiB | {mh} MiB | {int(bz)/2**20:.1f} MiB | {int(bh)/2**20:.1f} MiB |")
PY
  rm -rf "$D/z-cold" "$D/z-floor" "$D/copy"
done
echo "zaklyk $($ZAKLYK --version | cut -d' ' -f2), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(date -u +%Y-%m-%d)" >> "$OUT/table.md"

printf '\n| size | edit | save → served, as an open tab sees it, median | save → served, GET every 2 ms, median | CPU of serve per edit, median | edits |\n|---|---|---:|---:|---:|---:|\n' > "$OUT/latency.md"
for size in $LATENCY_SIZES; do
  L=${size%x*}; P=${size#*x}; D="$OUT/$size"
  [ -d "$D/zaklyk" ] || "$GEN" "$D" "$L" "$P"
  python3 bench/latency.py "$ZAKLYK" "$D/zaklyk" "$size" >> "$OUT/latency.md"
done
cat "$OUT/table.md" "$OUT/latency.md"
