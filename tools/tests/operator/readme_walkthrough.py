#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The README's walkthrough, run as written: `mtasts replay-serve ...` in one terminal, the
`mtasts check ...` it prints in another. The commands are read from the README (the code
blocks after the `walkthrough:serve` and `walkthrough:check` markers) and run from the
source tree with the built mtasts first on PATH.

Usage: readme_walkthrough.py MTASTS SOURCE_DIR
"""
import filecmp
import os
import re
import shlex
import subprocess
import sys
import time

MTASTS, SOURCE = sys.argv[1], sys.argv[2]


def block_after(text, marker):
    m = re.search(r"<!-- walkthrough:%s -->\s*```sh\n(.*?)```" % marker, text, re.S)
    if not m:
        raise SystemExit("README has no walkthrough:%s block" % marker)
    return m.group(1).strip()


def main():
    with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    serve, check = block_after(readme, "serve"), block_after(readme, "check")
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(MTASTS)) + ":" + os.environ["PATH"])
    server = subprocess.Popen(shlex.split(serve), cwd=SOURCE, env=env, stderr=subprocess.PIPE,
                              text=True)
    try:
        printed = ""
        deadline = time.time() + 20
        while "check it with" not in printed and time.time() < deadline:
            line = server.stderr.readline()
            if not line:
                break
            printed += line
        said = server.stderr.readline().strip()
        if "check it with" not in printed or not said.startswith("mtasts check"):
            print("FAIL replay-serve did not say how to check it: %r %r" % (printed, said))
            return 1
        out = subprocess.run(shlex.split(check), cwd=SOURCE, env=env, capture_output=True,
                             text=True, timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=10)
    failures = []
    if out.returncode != 1:
        failures.append("check exits 1 for the expired MX certificate (got %d)" % out.returncode)
    for needed in ("mx1.example.com", "expired", "fix:", "means:", "result: PROBLEMS"):
        if needed not in out.stdout:
            failures.append("the check's report shows %r" % needed)
    # The command replay-serve prints reaches the same world: the same arguments, and a CA
    # file (the installed data's copy, an absolute path) with the same certificates.
    printed_args = shlex.split(said)
    readme_args = shlex.split(check)
    ca = printed_args.index("--ca-file")
    if filecmp.cmp(printed_args[ca + 1], os.path.join(SOURCE, readme_args[ca + 1]),
                   shallow=False):
        printed_args[ca + 1] = readme_args[ca + 1]
    if printed_args != readme_args:
        failures.append("replay-serve prints the README's command: %r vs %r" % (said, check))
    print(out.stdout)
    for f in failures:
        print("FAIL " + f)
    print("%d failures" % len(failures) if failures else "the README walkthrough runs as written")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
