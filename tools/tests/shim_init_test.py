#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`mtasts shim init --lang python|node DIR` writes a skeleton whose handshake `mtasts conform`
accepts, refuses to overwrite, and names the next command.

usage: shim_init_test.py MTASTS
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# What `conform` does with a shim that declares no capability: every test needs a capability
# it did not declare, so none runs; the run exits 2 and tells the user to declare them.
NO_CAPABILITY_EXIT = 2

LANGS = {"python": ("python3", "shim.py"), "node": ("node", "shim.js")}


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)


def check_conform(mtasts, interpreter, shim, impl, errors):
    r = run([mtasts, "conform", "--shim", f"{interpreter} {shim}", "--impl", impl, "--jobs", "2",
             "--expectations", os.path.join(os.path.dirname(shim), "expectations.json")])
    out = r.stdout + r.stderr
    if not re.search(r"^mtasts: shim \S+ \S+, levels", r.stderr, re.M):
        errors.append(f"{shim}: the handshake failed (no name, version, levels): {out[-500:]}")
        return
    m = re.search(rf"^{re.escape(impl)}: (\d+) tests in \d+ files, (\d+) UNIMPLEMENTED", r.stdout,
                  re.M)
    if not m or m.group(1) != m.group(2):
        errors.append(f"{shim}: expected every test UNIMPLEMENTED, got: {r.stdout[-500:]}")
    if not re.search(r"^not run: \d+ tests need capabilities", r.stdout, re.M):
        errors.append(f"{shim}: no summary line of the capabilities the tests need")
    if "declare them in its --capabilities answer" not in r.stderr:
        errors.append(f"{shim}: conform does not say to declare capabilities: {r.stderr[-300:]}")
    if "UNEXPECTED" in r.stdout:
        errors.append(f"{shim}: tests needing undeclared capabilities reported as unexpected")
    if r.returncode != NO_CAPABILITY_EXIT:
        errors.append(f"{shim}: conform exited {r.returncode}, expected {NO_CAPABILITY_EXIT}")


def main():
    mtasts = sys.argv[1]
    errors = []
    tested = 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang, (interpreter, file) in LANGS.items():
            if not shutil.which(interpreter):
                print(f"skipping --lang {lang}: no {interpreter}")
                continue
            tested += 1
            target = os.path.join(tmp, "new", lang)  # DIR and its parent do not exist yet
            r = run([mtasts, "shim", "init", "--lang", lang, target])
            shim = os.path.join(target, file)
            if r.returncode != 0:
                errors.append(f"init --lang {lang}: exit {r.returncode}: {r.stderr}")
                continue
            for f in (file, "README.md"):
                if f"wrote {os.path.join(target, f)}" not in r.stdout:
                    errors.append(f"init --lang {lang}: does not say it wrote {f}: {r.stdout}")
            if f'mtasts conform --shim "{interpreter} {shim}"' not in r.stdout:
                errors.append(f"init --lang {lang}: no next command: {r.stdout}")
            with open(os.path.join(target, "README.md"), encoding="utf-8") as f:
                readme = f.read()
            if "{{" in readme or "--update-expectations" not in readme:
                errors.append(f"init --lang {lang}: README.md is not filled in")
            # The handshake alone.
            h = run([interpreter, shim, "--capabilities"])
            if h.returncode != 0 or '"protocol": "mtasts-shim/1"' not in h.stdout.replace(
                    '":"', '": "'):
                errors.append(f"{shim} --capabilities: exit {h.returncode}: {h.stdout}")
            q = run([interpreter, shim, "parse", "txt", "/dev/null"])
            if q.returncode != 89:
                errors.append(f"{shim} parse txt: exit {q.returncode}, expected 89")
            check_conform(mtasts, interpreter, shim, lang, errors)
            # A second init refuses, naming every file, and changes nothing.
            with open(shim, "a", encoding="utf-8") as f:
                f.write("# edited\n")
            again = run([mtasts, "shim", "init", "--lang", lang, target])
            if again.returncode != 2 or shim not in again.stderr or "README.md" not in again.stderr:
                errors.append(f"second init --lang {lang}: exit {again.returncode}: {again.stderr}")
            with open(shim, encoding="utf-8") as f:
                if not f.read().endswith("# edited\n"):
                    errors.append(f"second init --lang {lang} overwrote {shim}")
        bad = run([mtasts, "shim", "init", "--lang", "cobol", os.path.join(tmp, "x")])
        if bad.returncode != 2 or "python" not in bad.stderr:
            errors.append(f"--lang cobol: exit {bad.returncode}: {bad.stderr}")
    for e in errors:
        print("FAIL:", e)
    if not tested:
        print("no interpreter found")
        return 77
    if not errors:
        print(f"shim init: {tested} languages, handshake accepted by conform")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
