#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Accuracy of konorm romanize against its peers on the same lists.

Lists are TSV lines "mode<TAB>input<TAB>expected<TAB>source" (the format
of tests/romanize/*.tsv; held-out lists in that format can be passed as
arguments).  Each tool romanizes every input; konorm gets the flags the
mode names, the peers (which have no such options) their default.

Two scores per tool:
  exact    the output equals the expected spelling;
  lenient  equal after lower-casing and removing spaces, hyphens and
           apostrophes: it measures the sound changes alone, and is the
           fair score for the peers, which neither capitalize nor write
           the hyphens of RR 3-4 and 3-5.

Peers: ICU's Hangul-Latin transliterator (uconv -x Hangul-Latin) and the
npm packages es-hangul, hangul-romanization and aromanize (run
bench/romanize/setup.sh first; a missing peer is reported and skipped).

Usage: accuracy.py [--konorm PATH] [--failures N] [LIST.tsv ...]
"""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_LISTS = [
    ("rules", ["tests/romanize/rr-rules.tsv",
               "tests/romanize/sp-examples.tsv"]),
    ("places", ["tests/romanize/places.tsv"]),
    # Added after the rules were written, scored apart (sources per row).
    ("stations", ["tests/romanize/stations.tsv"]),
    # Road-name addresses (도로명주소) and the modes they must not change;
    # written with the road rules (session 3), sources per row.
    ("roads", ["tests/romanize/roads.tsv"]),
]
MODE_ARGS = {
    "plain": [],
    "proper": ["--proper"],
    "hyphen": ["--proper", "--hyphen-ambiguous"],
    "place": ["--place"],
    "name": ["--name"],
    "name-hyphen": ["--name", "--hyphen"],
    "popular": ["--name", "--surname", "popular"],
    "translit": ["--system", "rr-translit"],
}
# The transliteration rows test a different system; the peers have none.
PEER_MODES = set(MODE_ARGS) - {"translit"}


def read_rows(paths):
    rows = []
    for path in paths:
        with open(os.path.join(ROOT, path) if not os.path.isabs(path)
                  else path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 3 or fields[0] not in MODE_ARGS:
                    sys.exit("accuracy: %s: bad line %r" % (path, line))
                rows.append(fields[:3])
    return rows


def run_lines(argv, lines):
    text = "".join(l + "\n" for l in lines)
    p = subprocess.run(argv, input=text.encode(), capture_output=True)
    out = p.stdout.decode("utf-8", "replace").split("\n")
    if len(out) < len(lines):
        out += ["<no output>"] * (len(lines) - len(out))
    return out[:len(lines)]


def konorm_outputs(konorm, rows):
    outputs = [None] * len(rows)
    for mode, args in MODE_ARGS.items():
        idx = [i for i, r in enumerate(rows) if r[0] == mode]
        if not idx:
            continue
        got = run_lines([konorm, "romanize"] + args,
                        [rows[i][1] for i in idx])
        for i, g in zip(idx, got):
            outputs[i] = g
    return outputs


def peer_runners():
    runners = []
    if shutil.which("uconv"):
        runners.append(("icu-hangul-latin",
                        lambda lines: run_lines(
                            ["uconv", "-x", "Hangul-Latin"], lines)))
    else:
        print("accuracy: uconv not found; ICU skipped", file=sys.stderr)
    node = shutil.which("node")
    for name in ("es-hangul", "hangul-romanization", "aromanize"):
        if node and os.path.isdir(os.path.join(HERE, "node_modules", name)):
            runners.append((name, lambda lines, n=name: run_lines(
                [node, os.path.join(HERE, "peers.js"), n], lines)))
        else:
            print("accuracy: %s not installed (run setup.sh); skipped"
                  % name, file=sys.stderr)
    return runners


def lenient(s):
    return "".join(c for c in s.lower() if c not in " -'\u2019")


def score(rows, outputs):
    exact = sum(1 for r, o in zip(rows, outputs) if o == r[2])
    loose = sum(1 for r, o in zip(rows, outputs)
                if lenient(o) == lenient(r[2]))
    return exact, loose


def report(title, rows, results, failures):
    n = len(rows)
    print("== %s: %d cases ==" % (title, n))
    print("%-22s %8s %8s" % ("tool", "exact", "lenient"))
    best_peer = 0
    for name, outputs in results:
        e, l = score(rows, outputs)
        print("%-22s %7.1f%% %7.1f%%" % (name, 100.0 * e / n, 100.0 * l / n))
        if name != "konorm":
            best_peer = max(best_peer, l)
    kn_l = score(rows, results[0][1])[1]
    if best_peer:
        print("konorm lenient errors: %d; best peer: %d (%.1fx fewer)"
              % (n - kn_l, n - best_peer,
                 (n - best_peer) / max(1, n - kn_l)))
    for name, outputs in results:
        bad = [(r, o) for r, o in zip(rows, outputs)
               if lenient(o) != lenient(r[2]) or
               (name == "konorm" and o != r[2])]
        if not bad or failures == 0:
            continue
        print("-- %s failures (%d; first %d):" % (name, len(bad),
                                                 min(failures, len(bad))))
        for r, o in bad[:failures]:
            print("   %s [%s] got %s, want %s" % (r[1], r[0], o, r[2]))
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--konorm",
                    default=os.path.join(ROOT, "build", "src", "cli",
                                         "konorm"))
    ap.add_argument("--failures", type=int, default=10)
    ap.add_argument("lists", nargs="*")
    a = ap.parse_args()
    groups = ([(os.path.basename(p), [p]) for p in a.lists]
              if a.lists else DEFAULT_LISTS)
    runners = peer_runners()
    for title, paths in groups:
        rows = read_rows(paths)
        results = [("konorm", konorm_outputs(a.konorm, rows))]
        report(title + " (konorm, all modes)", rows, results, a.failures)
        peer_rows = [r for r in rows if r[0] in PEER_MODES]
        kn = [o for r, o in zip(rows, results[0][1]) if r[0] in PEER_MODES]
        results = [("konorm", kn)]
        for name, run in runners:
            results.append((name, run([r[1] for r in peer_rows])))
        report(title + " (RR pronunciation, all tools)", peer_rows,
               results, a.failures)


if __name__ == "__main__":
    main()
