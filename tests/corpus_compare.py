#!/usr/bin/env python3
"""The comparison behind tests/corpus-compare.sh (which downloads the corpus first).

Lays Firefox's English (en-US) and Ukrainian .ftl files out twice: flat per language for
compare-locales, which compares file by file, and as zaklyk site folders, where all .ftl files of
a language form one bundle. Firefox loads a few files per document, so a handful of ids exist in
two files; those files go to a second site folder (with the files that define terms, which every
document loads) so that no site has the same id twice. Then it runs `zaklyk check --format json`
on the sites and compare-locales on the flat files, and prints: the missing messages each finds,
the plural findings of each, and every other finding of zaklyk, grouped by code.

Exit 1 when the goals are not met: the same missing set, plural findings within 5 of
compare-locales', and no error of zaklyk on the Ukrainian files other than those classed as real
problems below (markup, which this site's contract forbids and Firefox allows, is reported apart).
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys

ID = re.compile(r"^(-?[a-zA-Z][a-zA-Z0-9_-]*)\s*=", re.M)

# Errors of zaklyk on this corpus that are real problems of the corpus, checked by hand (Firefox
# ESR 153.8, Debian bookworm-security): (code, message id) -> why. Any other error fails the run.
REAL_PROBLEMS = {
    ("reference-unknown", "feature-highlight-wallpaper"):
        "refers to the terms -newtab-wallpaper-feature-highlight-header/-content, but newtab.ftl "
        "defines them as messages (without `-`): Firefox shows the reference's name instead",
    ("variable-unknown", "contextual-manager-passwords-remove-all-confirm-button"):
        "the Ukrainian text shows { $count }, which Firefox never passes (the en-US text selects "
        "on $total): readers see “{$count}”",
}


def corpus_files(work):
    """(flat name, en path, uk path) of every file; a path is None when that side lacks it."""
    roots = [
        ("gecko", os.path.join(work, "en-omni/localization/en-US"),
         os.path.join(work, "uk-langpack/localization/uk")),
        ("browser", os.path.join(work, "en-browser/localization/en-US"),
         os.path.join(work, "uk-langpack/browser/localization/uk")),
    ]
    files = {}
    for prefix, en_root, uk_root in roots:
        for side, base in (("en", en_root), ("uk", uk_root)):
            for d, _, names in os.walk(base):
                for n in names:
                    if n.endswith(".ftl"):
                        rel = os.path.relpath(os.path.join(d, n), base)
                        flat = prefix + "." + rel.replace(os.sep, ".")
                        files.setdefault(flat, {"en": None, "uk": None})[side] = os.path.join(d, n)
    return [(name, f["en"], f["uk"]) for name, f in sorted(files.items())]


def ids_of(path):
    if path is None:
        return set()
    with open(path, encoding="utf-8") as f:
        return set(ID.findall(f.read()))


def lay_out(work, template, files):
    flat = os.path.join(work, "flat")
    shutil.rmtree(flat, ignore_errors=True)
    for name, en, uk in files:
        for lang, path in (("en", en), ("uk", uk)):
            if path:
                os.makedirs(os.path.join(flat, lang), exist_ok=True)
                shutil.copyfile(path, os.path.join(flat, lang, name))

    # Files that define terms go to every site; the rest to the first site without a clash.
    ids = {name: ids_of(en) | ids_of(uk) for name, en, uk in files}
    term_files = [n for n, _, _ in files if any(i.startswith("-") for i in ids[n])]
    sites = []
    for name, _, _ in files:
        if name in term_files:
            continue
        for site in sites:
            if not (site["ids"] & ids[name]):
                break
        else:
            site = {"files": list(term_files), "ids": set().union(*(ids[t] for t in term_files))}
            sites.append(site)
        site["files"].append(name)
        site["ids"] |= ids[name]

    site_dirs = []
    for i, site in enumerate(sites):
        d = os.path.join(work, "sites", chr(ord("a") + i))
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        with open(os.path.join(d, "site.toml"), "w", encoding="utf-8") as f:
            f.write('base_url = "https://example.org/"\ndefault_language = "en"\n'
                    'source_language = "en"\n[languages.en]\nname = "English"\n'
                    '[languages.uk]\nname = "Українська"\n')
        # The statement and the theme's strings of this repository, so that the site renders.
        for lang in ("en", "uk"):
            shutil.copytree(os.path.join(template, "content", lang), os.path.join(d, "content", lang))
            os.makedirs(os.path.join(d, "locales", lang))
            for ftl in os.listdir(os.path.join(template, "locales", lang)):
                shutil.copyfile(os.path.join(template, "locales", lang, ftl),
                                os.path.join(d, "locales", lang, "zaklyk." + ftl))
            for name in site["files"]:
                src = os.path.join(flat, lang, name)
                if os.path.exists(src):
                    shutil.copyfile(src, os.path.join(d, "locales", lang, name))
        shutil.copyfile(os.path.join(template, "content", "signatories.toml"),
                        os.path.join(d, "content", "signatories.toml"))
        site_dirs.append(d)
    with open(os.path.join(work, "l10n.toml"), "w", encoding="utf-8") as f:
        f.write('basepath = "."\nlocales = ["uk"]\n[env]\n    l = "{l10n_base}/{locale}/"\n'
                '[[paths]]\n    reference = "flat/en/**"\n    l10n = "{l}**"\n')
    return flat, site_dirs


def run_zaklyk(zaklyk, sites):
    """Every finding of `zaklyk check` in the corpus files, once each."""
    seen = {}
    for site in sites:
        run = subprocess.run([zaklyk, "check", "--root", site, "--format", "json"],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"zaklyk check failed on {site}: {run.stderr}")
        for d in json.loads(run.stdout):
            name = d["file"].rsplit("/", 1)[-1]
            if d["file"].startswith("locales/") and not name.startswith("zaklyk."):
                key = (d["file"], d["line"], d["col"], d["code"], d["message"])
                seen.setdefault(key, d)
    return list(seen.values())


def run_compare_locales(cl, work):
    run = subprocess.run([cl, "--json", "-", os.path.join(work, "l10n.toml"),
                          os.path.join(work, "flat"), "uk"],
                         capture_output=True, text=True, cwd=work)
    if run.returncode not in (0, 1):
        sys.exit(f"compare-locales failed: {run.stderr}")
    result = json.loads(run.stdout)[0]
    details = result["details"]
    out = collections.defaultdict(list)

    def walk(node, path):
        if isinstance(node, list):
            for item in node:
                for kind, value in item.items():
                    out[kind].append((path, value))
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, os.path.join(path, k) if path else k)

    walk(details, "")
    out["summary"] = [("", result["summary"]["uk"])]
    return out


def quoted_id(message):
    m = re.match(r"`([^`]+)`", message)
    return m.group(1) if m else message


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--site-template", required=True)
    ap.add_argument("--zaklyk", required=True)
    ap.add_argument("--compare-locales", required=True)
    args = ap.parse_args()

    files = corpus_files(args.work)
    flat, sites = lay_out(args.work, args.site_template, files)
    n_en = sum(len(ids_of(en)) for _, en, _ in files)
    n_uk = sum(len(ids_of(uk)) for _, _, uk in files)
    packages = open(os.path.join(args.work, "packages.txt")).read().split()
    print(f"corpus: {', '.join(packages)}")
    print(f"  {len(files)} files; {n_en} en-US entries, {n_uk} uk entries; "
          f"zaklyk sites: {len(sites)} (ids shared by two Firefox files kept apart)")

    found = run_zaklyk(args.zaklyk, sites)
    cl = run_compare_locales(args.compare_locales, args.work)
    failed = []

    # Missing messages.
    cl_missing = {v for _, v in cl["missingEntity"]}
    for path, _ in cl["missingFile"]:
        cl_missing |= ids_of(os.path.join(args.work, "flat/en", os.path.basename(path)))
    z_missing = {quoted_id(d["message"]) for d in found if d["code"] == "fluent-missing"}
    print("\nmissing messages (in en-US, not in uk)")
    print(f"  compare-locales: {len(cl_missing)}   zaklyk: {len(z_missing)}   "
          f"both: {len(cl_missing & z_missing)}")
    for label, ids in (("only compare-locales", cl_missing - z_missing),
                       ("only zaklyk", z_missing - cl_missing)):
        if ids:
            print(f"  {label}: {', '.join(sorted(ids)[:20])}")
    if cl_missing != z_missing:
        failed.append("the missing sets differ")

    # Plural findings (compare-locales checks the translation only).
    cl_plural = [(p, v) for p, v in cl["warning"] if v.startswith("Plural categories missing")]
    z_plural = [d for d in found if d["code"] == "plural-category-missing"]
    z_plural_uk = [d for d in z_plural if "/uk/" in d["file"]]
    cl_plural_ids = {re.search(r" for (\S+)$", v).group(1) for _, v in cl_plural}
    z_plural_ids = {quoted_id(d["message"].split("of ", 1)[1]).split(".")[0] for d in z_plural_uk}
    print("\nplural findings on the uk files")
    print(f"  compare-locales: {len(cl_plural)}   zaklyk: {len(z_plural_uk)} "
          f"(+{len(z_plural) - len(z_plural_uk)} in en-US, which compare-locales does not check)")
    for _, v in cl_plural:
        print(f"    compare-locales: {v}")
    for d in z_plural:
        print(f"    zaklyk: {d['file']}:{d['line']}:{d['col']}: {d['message']}")
    print(f"  same messages: {len(cl_plural_ids & z_plural_ids)}; only compare-locales: "
          f"{sorted(cl_plural_ids - z_plural_ids)}; only zaklyk: {sorted(z_plural_ids - cl_plural_ids)}")
    if abs(len(cl_plural) - len(z_plural_uk)) > 5:
        failed.append("plural findings differ by more than 5")

    # compare-locales' other findings.
    summary = cl["summary"][0][1]
    print(f"\ncompare-locales, other findings (its summary: {json.dumps(summary, sort_keys=True)})")
    for kind in sorted(cl):
        if kind in ("missingEntity", "missingFile", "summary"):
            continue
        items = [v for p, v in cl[kind] if not (kind == "warning" and v.startswith("Plural"))]
        if items:
            print(f"  {kind}: {len(items)}")
            for v in items[:8]:
                print(f"    {v}")

    # Everything else zaklyk says.
    print("\nzaklyk, other findings (by code)")
    by_code = collections.defaultdict(list)
    for d in found:
        if d["code"] not in ("fluent-missing", "plural-category-missing"):
            by_code[(d["severity"], d["code"])].append(d)
    for (severity, code), items in sorted(by_code.items()):
        langs = collections.Counter("uk" if "/uk/" in d["file"] else "en" for d in items)
        print(f"  {severity} {code}: {len(items)} ({', '.join(f'{k} {v}' for k, v in sorted(langs.items()))})")
        for d in items[:6]:
            print(f"    {d['file']}:{d['line']}:{d['col']}: {d['message']}")
    # Markup is this site's policy (plain-text translations; Firefox's Fluent may carry
    # `<a data-l10n-name>` for DOM overlays); any other error is a failure unless it is one of the
    # corpus's real problems above.
    print("\nerrors that are real problems of the corpus")
    unexpected = []
    for d in found:
        if d["severity"] != "error" or d["code"] == "markup-in-translation":
            continue
        msg_id = quoted_id(d["message"]).split(".")[0]
        why = REAL_PROBLEMS.get((d["code"], msg_id))
        if why:
            print(f"  {d['file']}:{d['line']}:{d['col']}: [{d['code']}] {msg_id}: {why}")
        else:
            unexpected.append(d)
    for d in unexpected:
        print(f"  NOT CLASSIFIED: {d['file']}:{d['line']}:{d['col']}: [{d['code']}] {d['message']}")
    if unexpected:
        failed.append(f"{len(unexpected)} errors not classified as real problems")
    print()
    if failed:
        print("corpus-compare: FAILED: " + "; ".join(failed))
        sys.exit(1)
    print("corpus-compare: ok")


if __name__ == "__main__":
    main()
