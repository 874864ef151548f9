#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the examples of the README and docs/ and compares their output.

In a fenced code block, a line "$ COMMAND" is run with bash from the source
root, with the built konorm first on PATH; the lines after it, up to the
next "$ " line or the end of the block, are its documented output (a
command line ending in | or \ goes on on the next line).  The output must
match: stdout and stderr lines may interleave in the text (the terminal
shows both), each in its own order; "..." in a documented line stands for
anything, as when a long line is shortened.  A command whose line
has a comment saying "(not run)" (it needs a set-up the text describes)
or "(lines shortened here)", or that does not start with
konorm/echo/printf, is shown only and not checked.

Usage: doc_examples.py KONORM SOURCE_ROOT FILE.md...
"""
import os
import re
import subprocess
import sys

CHECKED_STARTS = ("konorm ", "echo ", "printf ")
NOT_RUN = ("(not run)", "(lines shortened here)")


def examples(path):
    """Yields (line number, command, documented output lines)."""
    in_block = False
    cmd = None
    out = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("```"):
                if in_block and cmd is not None:
                    yield cmd_line, cmd, out
                in_block = not in_block
                cmd, out = None, []
                continue
            if not in_block:
                continue
            if line.startswith("$ "):
                if cmd is not None:
                    yield cmd_line, cmd, out
                cmd, cmd_line, out = line[2:], no, []
            elif cmd is not None and not out and \
                    cmd.rstrip().endswith(("|", "\\")):
                cmd += "\n" + line
            elif cmd is not None:
                out.append(line)


def same(doc_line, line):
    if "..." not in doc_line:
        return doc_line == line
    parts = [re.escape(x) for x in doc_line.split("...")]
    return re.fullmatch(".*".join(parts), line) is not None


def interleaves(doc, stdout, stderr):
    """True when doc is a merge of stdout and stderr, each in order; a
    documented line that is just "..." stands for any number of lines."""
    seen = {}

    def ok(k, i, j):
        if k == len(doc):
            return i == len(stdout) and j == len(stderr)
        if (k, i, j) in seen:
            return seen[(k, i, j)]
        if doc[k] == "...":
            r = ok(k + 1, i, j) or \
                (i < len(stdout) and ok(k, i + 1, j)) or \
                (j < len(stderr) and ok(k, i, j + 1))
        else:
            r = (i < len(stdout) and same(doc[k], stdout[i]) and
                 ok(k + 1, i + 1, j)) or \
                (j < len(stderr) and same(doc[k], stderr[j]) and
                 ok(k + 1, i, j + 1))
        seen[(k, i, j)] = r
        return r

    sys.setrecursionlimit(100000)
    return ok(0, 0, 0)


def main():
    konorm, root, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(os.path.abspath(konorm)) + ":" + \
        env.get("PATH", "")
    env["LC_ALL"] = "C.UTF-8"
    checked = failed = shown = 0
    for md in files:
        for no, cmd, doc in examples(os.path.join(root, md)):
            if any(x in cmd for x in NOT_RUN) or \
                    not cmd.startswith(CHECKED_STARTS):
                shown += 1
                continue
            p = subprocess.run(["bash", "-c", cmd], cwd=root, env=env,
                               capture_output=True, timeout=60)
            so = p.stdout.decode("utf-8", "replace").splitlines()
            se = p.stderr.decode("utf-8", "replace").splitlines()
            # Both streams into one pipe, as a terminal shows them.
            m = subprocess.run(["bash", "-c", cmd], cwd=root, env=env,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=60)
            merged = m.stdout.decode("utf-8", "replace").splitlines()
            checked += 1
            if not interleaves(doc, so, se) and \
                    not interleaves(doc, merged, []):
                failed += 1
                print(f"FAIL {md}:{no}: $ {cmd}")
                print("  documented:\n    " + "\n    ".join(doc))
                print("  stdout:\n    " + "\n    ".join(so))
                print("  stderr:\n    " + "\n    ".join(se))
    print(f"doc examples: {checked} checked, {failed} failed, "
          f"{shown} shown only")
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
