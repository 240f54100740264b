#!/usr/bin/env python3
"""The preview's latency: from a save to the new version served over HTTP.

Starts `zaklyk serve` on a site written by bench-gen, then, several times each, changes one
Fluent string of a translation that every page of its language shows (`skip-link` of the third
language), one that only its statement page shows (`signatory-a`, a signatory's name), and one
page of that language, and measures from the moment the file is written and closed to the moment
a GET of the changed page returns the new text. Each edit is measured in one of two ways, in
turn: as an open tab sees it (its script long-polls `/__zaklyk/poll`, which answers when a
rebuild ends, and then loads the page again), and by a GET of the page every 2 ms (which also
competes with the rebuild for the machine's cores). Prints one Markdown table row per kind of
edit: the median of each way, and the median CPU time (user + system) the serve process spent
per edit, which says what the edit costs when the machine is shared with other work.

    bench/latency.py ZAKLYK SITE LABEL [EDITS]
"""
import json, os, re, statistics, subprocess, sys, threading, time, urllib.request

zaklyk, site, label = sys.argv[1:4]
edits = int(sys.argv[4]) if len(sys.argv) > 4 else 8
# bench-gen's third language; any translation (not the source language, `en`) would do.
lang = "de"
tick = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


server = subprocess.Popen([zaklyk, "serve", "--root", site, "--port", "0"],
                          stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
try:
    port = None
    for line in server.stderr:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    # Keep reading its messages, so that it never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
    ftl = os.path.join(site, "locales", lang, "theme.ftl")
    names = os.path.join(site, "locales", lang, "campaign.ftl")
    page = os.path.join(site, "content", lang, "page-005.md")
    original = (open(ftl).read(), open(page).read(), open(names).read())

    def string_edit(i):
        text = re.sub(r"(?m)^skip-link = .*$", f"skip-link = Skip {i} {label}", original[0])
        return ftl, text, f"/{lang}/page-001/index.html", f"Skip {i} {label}"

    def name_edit(i):
        text = re.sub(r"(?m)^signatory-a = .*$", f"signatory-a = Name {i} {label}", original[2])
        return names, text, f"/{lang}/index.html", f"Name {i} {label}"

    def page_edit(i):
        return page, original[1] + f"\nMarker{i}x{label}.\n", f"/{lang}/page-005/index.html", f"Marker{i}x{label}"

    def version():
        return json.loads(get(port, "/__zaklyk/poll"))["version"]

    def as_a_tab(seen, url, marker, saved):
        """What an open tab does: wait for the next version, then load the page again."""
        while True:
            answer = json.loads(get(port, f"/__zaklyk/poll?v={seen}") or "{}")
            seen = answer.get("version", seen)
            if marker in get(port, url):
                return
            if time.perf_counter() - saved > 60:
                sys.exit(f"{url} never showed {marker!r}")

    def by_polling_gets(url, marker, saved):
        while marker not in get(port, url):
            if time.perf_counter() - saved > 60:
                sys.exit(f"{url} never showed {marker!r}")
            time.sleep(0.002)

    kinds = ((f"one string on every page ({lang})", string_edit),
             (f"one string on one page ({lang})", name_edit),
             (f"one page ({lang})", page_edit))
    for kind, edit in kinds:
        waits, cpus = ([], []), []
        for i in range(edits):
            path, text, url, marker = edit(i)
            time.sleep(0.5)
            seen = version()
            before = cpu(server.pid)
            with open(path, "w") as f:
                f.write(text)
            saved = time.perf_counter()
            if i % 2 == 0:
                as_a_tab(seen, url, marker, saved)
            else:
                by_polling_gets(url, marker, saved)
            waits[i % 2].append(time.perf_counter() - saved)
            time.sleep(0.3)
            cpus.append(cpu(server.pid) - before)
        tab, gets = (statistics.median(w) * 1000 for w in waits)
        print(f"| {label} | {kind} | {tab:.0f} ms | {gets:.0f} ms | "
              f"{statistics.median(cpus) * 1000:.0f} ms | {edits} |")
    open(ftl, "w").write(original[0])
    open(page, "w").write(original[1])
    open(names, "w").write(original[2])
finally:
    server.kill()
    server.wait()
