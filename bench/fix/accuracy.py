#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Accuracy of `konorm fix` against its peers on labeled pairs.

Usage: accuracy.py [--konorm BIN] [--npm-prefix DIR] PAIRS.jsonl

PAIRS.jsonl comes from make_pairs.py.  For each kind the script prints,
for konorm and for each peer found, the share of items:
  - repairable kinds: repaired exactly (output == expected, both NFC);
  - irreversible kinds: detected (konorm reports a span it did not
    repair; a peer that reports nothing cannot detect) and left unchanged
    (but for the words that lost nothing, restored: "partial");
  - clean: changed at all (the goal is 0).
Peers, run on the same items in the same run:
  - fix-latin1-to-utf8 (npm), installed with
    `npm install --prefix DIR fix-latin1-to-utf8@2.0.5`.
ftfy, the best-known fixer, is not packaged for Debian 12, so it is not
run here.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import unicodedata

REPAIRABLE = {"utf8-as-cp1252", "utf8-as-latin1", "utf8-as-macroman",
              "utf8-as-cp949",
              "cp949-as-latin1", "cp949-as-cp1252", "double-utf8"}


def nfc(s):
    return unicodedata.normalize("NFC", s)


def run_konorm(binary, items):
    data = "".join(it["garbled"] + "\n" for it in items).encode("utf-8")
    p = subprocess.run([binary, "fix", "--explain", "--json"], input=data,
                       capture_output=True)
    if p.returncode not in (0, 1):
        sys.exit("accuracy: konorm fix failed: " + p.stderr.decode()[:500])
    outs = p.stdout.decode("utf-8").split("\n")[:len(items)]
    # Byte offset of each input line, to place the reports.
    starts, pos = [], 0
    for it in items:
        starts.append(pos)
        pos += len(it["garbled"].encode("utf-8")) + 1
    detected = [False] * len(items)
    import bisect
    for line in p.stderr.decode("utf-8").split("\n"):
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if not r.get("repaired", True):
            detected[bisect.bisect_right(starts, r["start"]) - 1] = True
    return outs, detected


def run_npm(prefix, items):
    env = dict(os.environ, NODE_PATH=os.path.join(prefix, "node_modules"))
    here = os.path.dirname(os.path.abspath(__file__))
    data = "".join(json.dumps(it["garbled"]) + "\n" for it in items)
    p = subprocess.run(["node", os.path.join(here, "peer_npm.js")],
                       input=data.encode(), capture_output=True, env=env)
    if p.returncode != 0:
        print("accuracy: npm peer failed: " + p.stderr.decode()[:300],
              file=sys.stderr)
        return None
    return [json.loads(l) for l in p.stdout.decode().split("\n") if l]


def score(items, outs, detected):
    stat = collections.defaultdict(lambda: [0, 0])
    for i, it in enumerate(items):
        k, g, o = it["kind"], it["garbled"], outs[i]
        if k == "clean":
            ok = o != g  # counts changes
        elif it["expected"] is None:
            want = it.get("partial") or g
            ok = detected is not None and detected[i] and o == nfc(want)
        else:
            ok = nfc(o) == nfc(it["expected"])
        stat[k][0] += ok
        stat[k][1] += 1
    return stat


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--konorm", default=os.path.join(
        here, "..", "..", "build", "src", "cli", "konorm"))
    ap.add_argument("--npm-prefix", default="/tmp/fixpeers")
    ap.add_argument("pairs")
    args = ap.parse_args()
    items = [json.loads(l) for l in open(args.pairs, encoding="utf-8")]
    results = {}
    outs, detected = run_konorm(args.konorm, items)
    results["konorm"] = score(items, outs, detected)
    if os.path.isdir(os.path.join(args.npm_prefix, "node_modules",
                                  "fix-latin1-to-utf8")):
        npm = run_npm(args.npm_prefix, items)
        if npm is not None:
            results["fix-latin1-to-utf8"] = score(items, npm, None)
    else:
        print(f"(fix-latin1-to-utf8 not under {args.npm_prefix}: skipped)")
    names = list(results)
    kinds = sorted({it["kind"] for it in items},
                   key=lambda k: (k == "clean", k not in REPAIRABLE, k))
    print(f"{'kind':20s} {'items':>6s} " +
          " ".join(f"{n:>20s}" for n in names))
    for k in kinds:
        n = results["konorm"][k][1]
        what = ("changed" if k == "clean" else
                "exact" if k in REPAIRABLE else "detected")
        cells = []
        for name in names:
            a, b = results[name][k]
            cells.append(f"{100.0 * a / b:6.1f}% {what:>12s}")
        print(f"{k:20s} {n:6d} " + " ".join(f"{c:>20s}" for c in cells))
    for name in names:
        rep = [results[name][k] for k in kinds if k in REPAIRABLE]
        irr = [results[name][k] for k in kinds
               if k not in REPAIRABLE and k != "clean"]
        ra = sum(a for a, _ in rep) / max(1, sum(b for _, b in rep))
        ia = sum(a for a, _ in irr) / max(1, sum(b for _, b in irr))
        ca = results[name]["clean"]
        print(f"{name}: repaired exactly {100 * ra:.1f}%, irreversible "
              f"detected {100 * ia:.1f}%, clean changed "
              f"{100 * ca[0] / ca[1]:.2f}% ({ca[0]}/{ca[1]})")


if __name__ == "__main__":
    main()
