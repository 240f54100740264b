#!/usr/bin/env bash
# `zaklyk check` beside Mozilla's compare-locales on a real-world Fluent corpus: Firefox ESR's
# English strings (inside the firefox-esr Debian package) and its Ukrainian language pack
# (firefox-esr-l10n-uk), about 11,000 messages each. Nothing of the corpus is committed: this
# script downloads the two packages (Debian's own archive, MPL-2.0 content) into a cache folder.
#
#   tests/corpus-compare.sh            # prints the comparison; exit 1 if the goals are not met
#
# It needs `apt-get download` (Debian or Ubuntu), dpkg-deb, unzip and python3 with venv; without
# them, or without a network, it says so and exits 0 (skipped). `cargo test` never runs it.
# CORPUS_DIR (default: $CARGO_TARGET_DIR or target, then /corpus) keeps the downloads between
# runs; a second run needs no network.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
target="${CARGO_TARGET_DIR:-$root/target}"
work="${CORPUS_DIR:-$target/corpus}"
mkdir -p "$work"

skip() {
    echo "corpus-compare: skipped: $*"
    exit 0
}

for tool in dpkg-deb unzip python3; do
    command -v "$tool" >/dev/null || skip "$tool is not installed"
done

if [ ! -f "$work/extracted.ok" ]; then
    command -v apt-get >/dev/null || skip "apt-get is not available"
    mkdir -p "$work/debs"
    (cd "$work/debs" && rm -f ./*.deb &&
        apt-get download firefox-esr firefox-esr-l10n-uk >/dev/null 2>&1) ||
        skip "could not download firefox-esr and firefox-esr-l10n-uk (no network, or not Debian)"
    rm -rf "$work/x" "$work/en-omni" "$work/en-browser" "$work/uk-langpack"
    for deb in "$work"/debs/*.deb; do
        dpkg-deb -x "$deb" "$work/x"
    done
    lib="$work/x/usr/lib/firefox-esr"
    # omni.ja files are zip archives with a non-standard header; unzip reads them with a warning.
    unzip -qo "$lib/omni.ja" 'localization/*' -d "$work/en-omni" || [ -d "$work/en-omni/localization" ]
    unzip -qo "$lib/browser/omni.ja" 'localization/*' -d "$work/en-browser" || [ -d "$work/en-browser/localization" ]
    unzip -qo "$lib"/browser/extensions/langpack-uk@*.xpi -d "$work/uk-langpack"
    ls "$work"/debs/*.deb | xargs -n1 basename >"$work/packages.txt"
    touch "$work/extracted.ok"
fi

if [ ! -x "$work/venv/bin/compare-locales" ]; then
    python3 -m venv "$work/venv" >/dev/null 2>&1 || skip "python3 cannot make a venv"
    "$work/venv/bin/pip" install --quiet 'compare-locales==9.0.5' ||
        skip "could not install compare-locales from PyPI"
fi

(cd "$root" && cargo build --release --quiet)
exec python3 "$here/corpus_compare.py" \
    --work "$work" \
    --site-template "$root" \
    --zaklyk "$target/release/zaklyk" \
    --compare-locales "$work/venv/bin/compare-locales"
