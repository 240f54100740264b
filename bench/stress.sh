#!/usr/bin/env bash
# How time grows with the inputs that used to grow faster than linearly: a page of N headings
# with one text, and N Fluent messages in the source language and N in a translation. Each is
# built at 1× and 2× its size; `check` and `build` are timed with hyperfine (the median wall
# clock, and the CPU time, user and system, which a machine busy with other work disturbs less),
# and the ratio of the 2× time to the 1× time is printed (2.0 is linear). Not part of
# `cargo test`.
#
#   bench/stress.sh                       # 20,000 headings and 80,000 messages, median of 3 runs
#   RUNS=5 HEADINGS=20000 MESSAGES=80000 bench/stress.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
HEADINGS="${HEADINGS:-20000}"
MESSAGES="${MESSAGES:-80000}"

. bench/setup.sh
cargo build --release --quiet --example bench-stress
STRESS="$PWD/target/release/examples/bench-stress"
# The median wall-clock time and the mean CPU time (user + system) of a hyperfine run.
times() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(r['median'], r['user'] + r['system'])" "$1"; }

printf '\n| input | size | `check` | `build` | `check` CPU | `build` CPU | `check` CPU 2×/1× | `build` CPU 2×/1× |\n|---|---:|---:|---:|---:|---:|---:|---:|\n' > "$OUT/stress.md"
for spec in "headings $HEADINGS" "messages $MESSAGES"; do
  read -r kind n <<<"$spec"
  declare -A t=()
  for scale in 1 2; do
    size=$((n * scale)); D="$OUT/stress-$kind-$size"
    "$STRESS" "$D/site" "$kind" "$size" 2>/dev/null
    for verb in check build; do
      cmd="$ZAKLYK $verb --root $D/site"
      [ "$verb" = build ] && cmd="$cmd --out $D/out"
      # Exit 1 is fine here: the site's own warnings do not fail it, but a translation may.
      hyperfine --style basic --runs "$RUNS" -i --export-json "$D/$verb.json" "$cmd" >/dev/null
      read -r wall cpu <<<"$(times "$D/$verb.json")"
      t[$verb$scale]=$wall; t[cpu$verb$scale]=$cpu
    done
    python3 - "$kind" "$size" "$scale" "${t[check$scale]}" "${t[build$scale]}" "${t[cpucheck$scale]}" "${t[cpubuild$scale]}" "${t[cpucheck1]}" "${t[cpubuild1]}" >> "$OUT/stress.md" <<'PY'
import sys
kind, size, scale = sys.argv[1:4]
check, build, ccheck, cbuild, ccheck1, cbuild1 = map(float, sys.argv[4:])
ratio = lambda a, b: f"{a / b:.2f}" if scale == "2" else ""
print(f"| {kind} | {int(size):,} | {check:.2f} s | {build:.2f} s | {ccheck:.2f} s | {cbuild:.2f} s | {ratio(ccheck, ccheck1)} | {ratio(cbuild, cbuild1)} |")
PY
    rm -rf "$D"
  done
  unset t
done
echo "zaklyk $($ZAKLYK --version | cut -d' ' -f2), $(nproc) cores, $(date -u +%Y-%m-%d), median of $RUNS runs" >> "$OUT/stress.md"
cat "$OUT/stress.md"
