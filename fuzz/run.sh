#!/usr/bin/env bash
# Coverage-guided fuzzing of zaklyk's parsers and renderer with libFuzzer (cargo-fuzz).
# cargo-fuzz needs nightly features (-Zsanitizer); only the stable toolchain exists here, so
# RUSTC_BOOTSTRAP=1 lets stable rustc accept them. Not part of `cargo test`.
#
#   fuzz/run.sh              # every target for 60 s
#   SECONDS_PER_TARGET=600 fuzz/run.sh page
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
TIME="${SECONDS_PER_TARGET:-60}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(page fluent site_toml render minify template)
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" target
  echo "== $t, $TIME s"
  # minify-html's full engine checks its parser with a debug assertion that malformed markup
  # trips (`<title>…</titlex>`); what ships is built without debug assertions, and so is the
  # target that feeds it arbitrary markup (the others keep them, with overflow checks).
  flags=()
  [ "$t" = minify ] && flags=(--release)
  # Each target has a dictionary of the tokens that nest (`dicts/`), so that inputs nested far
  # past every limit come up within a minute.
  mkdir -p "seeds/$t"
  cargo fuzz run "${flags[@]}" "$t" "corpus/$t" "seeds/$t" -- -dict="dicts/$t.dict" -max_total_time="$TIME" -rss_limit_mb=2048 -timeout=10 2>&1 \
    | tee "target/fuzz-$t.log" | grep -E "^#[0-9]+ +(DONE|pulse|INITED)|SUMMARY|panicked|ERROR" || true
  grep -E "^Done [0-9]+ runs|^#[0-9]+ +DONE" "target/fuzz-$t.log" | tail -1
done
ls artifacts/*/* 2>/dev/null && { echo "crashes found: see fuzz/artifacts/"; exit 1; } || echo "no crashes"
