#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Benchmarks of the ecosystem pieces, konorm against its peers on the
same input in the same run:

  normalize   konorm normalize (1 job, --jobs 2), GNU parallel --pipe
              --keep-order running konorm, ICU uconv -x any-nfc, Python's
              unicodedata, line by line
  jsonl       konorm normalize --jsonl text (1 job, --jobs 2), Python
              json + unicodedata, jq (a JSON round trip only; jq cannot
              normalize)
  rename      konorm rename -r (dry run) and convmv -r --nfc (dry run) on
              a tree of NFD, CP949 and clean names: names found, time
  python      konorm.normalize against unicodedata.normalize on the same
              str; konorm.romanize on 5 MiB of Korean in two threads
              against one (the GIL is released)

Inputs are made at run time from examples/ (text written for the
project): the news article in NFD, repeated, and records made of its
lines.  Every output is compared with konorm's single-process output
where the peer does the same job.

    bench/ecosystem/run.py BUILD_DIR [MIB]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def timed(argv, stdin_path, out_path, shell=False):
    """Runs argv with stdin/stdout files; the best of three wall times."""
    best = None
    for _ in range(3):
        with open(stdin_path, "rb") as fin, open(out_path, "wb") as fout:
            t0 = time.perf_counter()
            subprocess.run(argv, stdin=fin, stdout=fout,
                           stderr=subprocess.DEVNULL, shell=shell,
                           check=False)
            t = time.perf_counter() - t0
        best = t if best is None else min(best, t)
    return best


def same(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


PY_NFC = ("import sys, unicodedata\n"
          "w = sys.stdout.buffer.write\n"
          "for line in sys.stdin.buffer:\n"
          "    w(unicodedata.normalize('NFC', line.decode()).encode())\n")

PY_JSONL = ("import sys, json, unicodedata\n"
            "w = sys.stdout.write\n"
            "for line in sys.stdin:\n"
            "    r = json.loads(line)\n"
            "    if isinstance(r.get('text'), str):\n"
            "        r['text'] = unicodedata.normalize('NFC', r['text'])\n"
            "    w(json.dumps(r, ensure_ascii=False, separators=(',', ':'))"
            " + '\\n')\n")


def report(title, size, rows, base):
    print(f"\n{title} ({size / 2**20:.1f} MiB)")
    print(f"  {'tool':44} {'s':>7} {'MiB/s':>8} {'vs konorm':>9}  same")
    for name, t, ok in rows:
        print(f"  {name:44} {t:7.3f} {size / 2**20 / t:8.1f} "
              f"{base / t:9.2f}  {ok}")


def bench_normalize(konorm, work, mib):
    one = os.path.join(work, "one.txt")
    with open(one, "wb") as f:
        subprocess.run([konorm, "normalize", "-f", "nfd",
                        os.path.join(ROOT, "examples/news-article.txt")],
                       stdout=f, check=True)
    text = os.path.join(work, "text")
    piece = open(one, "rb").read()
    with open(text, "wb") as f:
        for _ in range(max(1, mib * 2**20 // len(piece))):
            f.write(piece)
    size = os.path.getsize(text)
    ref = os.path.join(work, "ref.txt")
    out = os.path.join(work, "out.txt")
    rows = []
    base = timed([konorm, "normalize"], text, ref)
    rows.append(("konorm normalize", base, "ref"))
    t = timed([konorm, "normalize", "--jobs", "2"], text, out)
    rows.append(("konorm normalize --jobs 2", t, same(ref, out)))
    if shutil.which("parallel"):
        t = timed(["parallel", "--pipe", "--keep-order", "--block", "1M",
                   "-j", "2", konorm, "normalize"], text, out)
        rows.append(("parallel --pipe -j2 konorm normalize", t,
                     same(ref, out)))
    if shutil.which("uconv"):
        t = timed(["uconv", "-f", "utf-8", "-t", "utf-8", "-x",
                   "any-nfc"], text, out)
        rows.append(("uconv -x any-nfc (ICU)", t, same(ref, out)))
    t = timed([sys.executable, "-c", PY_NFC], text, out)
    rows.append(("python3 unicodedata.normalize per line", t,
                 same(ref, out)))
    report("NFC of NFD text (the news article)", size, rows, base)


def bench_jsonl(konorm, work, mib):
    src = os.path.join(ROOT, "examples/news-article.txt")
    lines = open(src, encoding="utf-8").read().splitlines()
    nfd = [unicodedata.normalize("NFD", s) for s in lines if s.strip()]
    records = os.path.join(work, "records.jsonl")
    with open(records, "w", encoding="utf-8") as f:
        n = 0
        while f.tell() < mib * 2**20:
            for s in nfd:
                n += 1
                f.write(json.dumps({"id": n, "lang": "en", "text": s,
                                    "meta": {"source": "news-article"}},
                                   ensure_ascii=False,
                                   separators=(",", ":")) + "\n")
    size = os.path.getsize(records)
    ref = os.path.join(work, "ref.jsonl")
    out = os.path.join(work, "out.jsonl")
    rows = []
    base = timed([konorm, "normalize", "--jsonl", "text"], records, ref)
    rows.append(("konorm normalize --jsonl text", base, "ref"))
    t = timed([konorm, "normalize", "--jsonl", "text", "--jobs", "2"],
              records, out)
    rows.append(("konorm --jsonl text --jobs 2", t, same(ref, out)))
    t = timed([sys.executable, "-c", PY_JSONL], records, out)
    rows.append(("python3 json + unicodedata", t, same(ref, out)))
    if shutil.which("jq"):
        t = timed(["jq", "-c", ".text |= ."], records, out)
        rows.append(("jq -c '.text |= .' (no normalization)", t, "n/a"))
    report("JSON Lines field mode (records of the article's lines)",
           size, rows, base)


def make_tree(root, n, legacy):
    """n NFD names, n clean names and, with legacy, n CP949 names, in 10
    directories."""
    word = "한글파일"
    for d in range(10):
        sub = os.path.join(root, f"d{d}").encode()
        os.mkdir(sub)
        for i in range(n // 10):
            base = f"{word}{d}-{i}.txt"
            names = [unicodedata.normalize("NFD", base).encode(),
                     f"plain-{d}-{i}.txt".encode()]
            if legacy:
                names.append(("cp-" + base).encode("cp949"))
            for name in names:
                open(os.path.join(sub, name), "wb").close()


def count_renames(argv):
    t0 = time.perf_counter()
    r = subprocess.run(argv, capture_output=True)
    t = time.perf_counter() - t0
    lines = r.stdout.splitlines() + r.stderr.splitlines()
    # konorm: 'old' -> 'new'; convmv: mv "old"\t"new"
    found = sum(1 for line in lines
                if line.startswith(b"mv ") or b"' -> '" in line)
    return t, found


def bench_rename(konorm, work, n):
    for legacy in (False, True):
        tree = os.path.join(work, "tree-mixed" if legacy else "tree-nfd")
        os.mkdir(tree)
        make_tree(tree, n, legacy)
        want = 2 * n if legacy else n
        rows = [("konorm rename -r (dry run)",
                 *count_renames([konorm, "rename", "-r", tree]))]
        if shutil.which("convmv"):
            rows.append(("convmv -r --nfc -f utf8 -t utf8 (dry run)",
                         *count_renames(["convmv", "-r", "--nfc", "-f",
                                         "utf8", "-t", "utf8", tree])))
            if legacy:
                rows.append(("convmv -r -f cp949 -t utf8 (dry run)",
                             *count_renames(["convmv", "-r", "-f",
                                             "cp949", "-t", "utf8",
                                             tree])))
        what = f"{n} NFD + {n} clean"
        if legacy:
            what += f" + {n} CP949"
        print(f"\nrename: {what} names ({want} to rename)")
        print(f"  {'tool':44} {'s':>7} {'found':>6}")
        for name, t, found in rows:
            print(f"  {name:44} {t:7.3f} {found:6}")


PY_BENCH = """
import sys, threading, time, unicodedata
sys.path.insert(0, sys.argv[1])
import konorm
text = open(sys.argv[2], encoding='utf-8').read()
def best(f):
    t = []
    for _ in range(3):
        t0 = time.perf_counter(); r = f(); t.append(time.perf_counter() - t0)
    return min(t), r
tk, a = best(lambda: konorm.normalize(text))
tu, b = best(lambda: unicodedata.normalize('NFC', text))
# The thread rows romanize Korean (a sentence written for this bench),
# work heavy enough to show the released GIL, as bytes: a str result is
# decoded under the GIL, which would time CPython's decoder instead.
raw = ("서울역에서 종로까지 걸어가며 한글 간판을 읽는 시험 문장입니다.\\n"
       * 60000).encode()
half = raw.rfind(b"\\n", 0, len(raw) // 2) + 1
parts = [raw[:half], raw[half:]]
def two_threads():
    out = [None, None]
    def work(i):
        out[i] = konorm.romanize(parts[i])
    ts = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    [t.start() for t in ts]; [t.join() for t in ts]
    return out
t1, c = best(lambda: [konorm.romanize(p) for p in parts])
t2, d = best(two_threads)
mib = len(text.encode()) / 2**20
print(f"  {'konorm.normalize (str, NFC)':44} {tk:7.3f} {mib / tk:8.1f} "
      f"{1.0:9.2f}  ref")
print(f"  {'unicodedata.normalize (str, NFC)':44} {tu:7.3f} "
      f"{mib / tu:8.1f} {tk / tu:9.2f}  {a == b}")
# The thread rows compare with the one-thread row.
rmib = len(raw) / 2**20
print(f"  {'konorm.romanize, 2 halves, 1 thread':44} {t1:7.3f} "
      f"{rmib / t1:8.1f} {1.0:9.2f}  ref")
print(f"  {'konorm.romanize, 2 halves, 2 threads':44} {t2:7.3f} "
      f"{rmib / t2:8.1f} {t1 / t2:9.2f}  {c == d}")
"""


def bench_python(build, work):
    module_dir = os.path.join(build, "python")
    text = os.path.join(work, "text")
    if not os.path.isdir(module_dir) or not os.path.exists(text):
        return
    size = os.path.getsize(text)
    print(f"\npython module, the NFD article text ({size / 2**20:.1f} MiB)")
    print(f"  {'tool':44} {'s':>7} {'MiB/s':>8} {'vs konorm':>9}  same")
    sys.stdout.flush()
    subprocess.run([sys.executable, "-c", PY_BENCH, module_dir, text],
                   check=False)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    konorm = os.path.abspath(os.path.join(sys.argv[1], "src/cli/konorm"))
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    print(f"konorm: {konorm}; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="konorm-bench-") as work:
        bench_normalize(konorm, work, mib)
        bench_python(os.path.abspath(sys.argv[1]), work)
        bench_jsonl(konorm, work, mib // 2)
        bench_rename(konorm, work, 1000)


if __name__ == "__main__":
    main()
