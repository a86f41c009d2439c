#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The conformance pages render well in a real browser (headless Chromium).

Builds ten synthetic implementation indexes from one real run of the engine over the
shipped fixtures (mutated so every status appears, with ten names, versions, requirements
and hostile strings), writes the matrix with `mtasts conform --matrix` and one report page,
and renders each at 1366x900. Each page carries an inline self-check script that measures
the rendered DOM into <pre id="self-check">; --dump-dom shows it and this script asserts:
the legend is there, one summary row per implementation, nothing wider than the viewport,
the header row sticks, every in-page link has its anchor, nothing is fetched and no string
from an index became markup.

Usage: check_pages.py MTASTS [--render-report EXE] [--real DIR] [--keep DIR]
  --render-report EXE  the test-only renderer of one report document (render_report_page);
                       without it the synthetic report page is not checked
  --real DIR           also check DIR/matrix.html (written first when missing) and
                       DIR/report.html, DIR/*/report.html of a real certification, saving a
                       screenshot (.png) beside each page
  --keep DIR           keep the synthetic pages and their screenshots in DIR
Exit 0 when every page passes, 1 when one does not, 77 (skipped) without Chromium.
"""
import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CHROMIUM = os.environ.get("MTASTS_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = (1366, 900)
# Longest a page may take to render before Chromium is killed.
RENDER_TIMEOUT_SECONDS = 90
IMPLEMENTATIONS = 10
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>&\""
STATUSES = ["PASS", "ACCEPTABLE_PASS", "ACCEPTABLE_FAIL", "SHOULD_HAVE_PASSED",
            "SHOULD_HAVE_FAILED", "WRONG_ERROR", "CRASH", "TIMEOUT", "UNIMPLEMENTED", "DISABLED"]
NAMES = ["mtasts", "mtasts-shim", "mailauth5", "mailauth7-lax", "mailauth7-strict",
         "mta-sts-query", "mtasts-check", "pmsr", "postfix-mta-sts-resolver-long-name", "zeta"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def synthetic_indexes(engine, out_dir):
    """Ten indexes from the engine's run: every status, NOT_RUN, unexpected cells."""
    os.makedirs(out_dir)
    # Long strings without a space must wrap, not widen the page.
    engine["tests"][3]["name"] += "-" + "unbroken" * 30
    requirements = {}
    for test in engine["tests"]:
        for rid in test.get("requirements", []):
            requirements[rid] = {"text": "The requirement %s, in the words of its RFC." % rid,
                                 "section": "RFC 8461 §%s" % test["name"].split("/")[1],
                                 "level": test.get("level", "MUST")}
    for k, name in enumerate(NAMES):
        index = json.loads(json.dumps(engine))
        index.update({"format": "mtasts-conform-report/1", "impl": name,
                      "impl_version": "" if k == 0 else "%d.%d.0" % (k, k * 3),
                      "mtasts_version": "0.3.0", "date": "2026-12-07T06:%02d:00Z" % k,
                      "suite": {"digest": "sha256:" + "ab12" * 16, "files": 31,
                                "tests": len(engine["tests"]), "strict": True},
                      "requirements": requirements})
        tests = []
        for j, test in enumerate(index["tests"]):
            test["comment"] = "What test %d checks, as its fixture says." % j
            if j % 9 == 0:
                test["effect"] = "a sender would deliver over an unauthenticated channel"
            if k > 0 and j % 5 == k % 5:
                status = STATUSES[(j // 5 + k) % len(STATUSES)]
                test["status"] = status
                test["reasons"] = ["step 0 /outcome: expected \"policy\", got \"none\" (%s)" % name]
                if status == "WRONG_ERROR":
                    test["reported"] = ["POLICY_MODE_UNKNOWN"]
                # Most deviations are known; every seventh is not.
                test["expected"] = status if j % 7 else "PASS"
            if k == 3 and j == 1:
                test["reasons"] = [HOSTILE]
                test["comment"] = HOSTILE
            if k == 4 and j in (1, 2, 3):
                test["status"] = "SHOULD_HAVE_FAILED"
                test["reasons"] = ["step 0 /policy: got " + "x" * 700]
                test["reported"] = ["TOKEN_" + "Y" * 300]
            if k == len(NAMES) - 1 and j % 50 == 7:
                continue  # this run did not reach the test: NOT_RUN in the matrix
            tests.append(test)
        index["tests"] = tests
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(index, f)
    return len(NAMES)


def is_index(path):
    try:
        with open(path) as f:
            document = json.load(f)
    except (OSError, ValueError):
        return False
    return isinstance(document, dict) and isinstance(document.get("tests"), list)


def report_document(index):
    """A report document in the contract's shape, from one synthetic index."""
    report = json.loads(json.dumps(index))
    report["impl_levels"] = ["P", "D1"]
    report["impl_capabilities"] = ["parse_txt", "parse_policy", "match"]
    report["options"] = {"loose_errors": False, "jobs": 2}
    by_section = {}
    for j, test in enumerate(report["tests"]):
        test["capabilities"] = [["parse_txt", "parse_policy", "match", "discover"][j % 4]]
        section = by_section.setdefault("RFC 8461 §" + test["name"].split("/")[1],
                                        {"tests": 0, "ran": 0, "conformant": 0})
        section["tests"] += 1
        if test["status"] not in ("UNIMPLEMENTED", "DISABLED"):
            section["ran"] += 1
            section["conformant"] += test["status"] in ("PASS", "ACCEPTABLE_PASS", "ACCEPTABLE_FAIL")
    report["by_section"] = by_section
    report["undeclared_capabilities"] = {"discover": 120, "cache": 80, HOSTILE: 1}
    return report


def render(page, screenshot):
    """The page's DOM after load and a screenshot of its first screen, by headless Chromium."""
    profile = tempfile.mkdtemp(prefix="mtasts-pages-chromium-")
    common = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--no-first-run", "--user-data-dir=" + profile,
              "--window-size=%d,%d" % VIEWPORT]
    url = "file://" + os.path.abspath(page)
    try:
        # One run does both: the DOM goes to stdout, the first screen to the file.
        return chromium(common + ["--dump-dom", "--screenshot=" + os.path.abspath(screenshot), url])
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def chromium(cmd):
    # Its own process group, so a hung browser goes with all its helpers, and nothing else.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=RENDER_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError("chromium took more than %ds: %s" % (RENDER_TIMEOUT_SECONDS, cmd[-1]))
    if proc.returncode != 0:
        raise AssertionError("chromium exited %d on %s" % (proc.returncode, cmd[-1]))
    return out


def self_check(dom):
    found = re.search(r'<pre id="self-check"[^>]*>([^<]*)</pre>', dom)
    if not found or not found.group(1):
        raise AssertionError("the page's self-check did not run")
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def check(page, kind, implementations, failures):
    shot = os.path.splitext(page)[0] + ".png"
    started = time.monotonic()
    try:
        dom = render(page, shot)
        result = self_check(dom)
    except (AssertionError, ValueError) as e:
        failures.append("%s: %s" % (page, e))
        return
    problems = []
    if not result["legend"]:
        problems.append("no legend")
    if result["scrollWidth"] > VIEWPORT[0] or result["maxRight"] > VIEWPORT[0]:
        problems.append("wider than %d px: scrollWidth %d, widest element %s ends at %d" %
                        (VIEWPORT[0], result["scrollWidth"], result["widest"], result["maxRight"]))
    if result["missingAnchors"]:
        problems.append("%d links without their anchor, e.g. %s" %
                        (result["missingAnchors"], result["missingSample"]))
    if result["external"]:
        problems.append("%d elements fetch something" % result["external"])
    if result.get("scripts", 1) != 1:
        problems.append("%d scripts: a string became markup" % result["scripts"])
    if kind == "matrix":
        if result["summaryRows"] != implementations:
            problems.append("%d summary rows for %d implementations" %
                            (result["summaryRows"], implementations))
        if not result["stickyHeader"]:
            problems.append("the header row does not stick (top %s)" % result.get("stickyHeaderTop"))
        if not result["stickyFirstColumn"]:
            problems.append("the first column does not stick")
    else:
        if not result["verdict"]:
            problems.append("no verdict")
    status = "ok" if not problems else "FAILED"
    print("pages: %s %s in %.1fs: %s (screenshot %s)" %
          (status, page, time.monotonic() - started, json.dumps(result, ensure_ascii=False), shot))
    failures.extend("%s: %s" % (page, p) for p in problems)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mtasts")
    parser.add_argument("--render-report")
    parser.add_argument("--real")
    parser.add_argument("--keep")
    args = parser.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        print("pages: skipped: no %s (tools/setup.sh installs chromium)" % CHROMIUM)
        return 77
    started = time.monotonic()
    failures = []
    work = tempfile.mkdtemp(prefix="mtasts-pages-")
    try:
        engine_json = os.path.join(work, "engine.json")
        engine_report = os.path.join(work, "engine-report")
        run([args.mtasts, "conform", "--strict", "--json", engine_json, "--report", engine_report])
        check(os.path.join(engine_report, "report.html"), "report", 1, failures)
        with open(engine_json) as f:
            engine = json.load(f)
        matrix_dir = os.path.join(work, "matrix")
        count = synthetic_indexes(engine, matrix_dir)
        run([args.mtasts, "conform", "--matrix", matrix_dir])
        check(os.path.join(matrix_dir, "matrix.html"), "matrix", count, failures)

        # A report with every kind of deviation: a synthetic document rendered by the test-only
        # renderer (the engine's own report, above, has none).
        report_dir = os.path.join(work, "report")
        if not args.render_report:
            print("pages: no --render-report: the synthetic report page is not checked")
        else:
            os.makedirs(report_dir)
            with open(os.path.join(matrix_dir, "mailauth7-strict.json")) as f:
                report = report_document(json.load(f))
            with open(os.path.join(report_dir, "report.json"), "w") as f:
                json.dump(report, f)
            run([args.render_report, os.path.join(report_dir, "report.json"), report_dir])
            check(os.path.join(report_dir, "report.html"), "report", 1, failures)

        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for name in ["matrix/matrix.html", "matrix/matrix.png", "report/report.html",
                         "report/report.png"]:
                if os.path.exists(os.path.join(work, name)):
                    shutil.copy(os.path.join(work, name), os.path.join(args.keep, os.path.basename(name)))

        if args.real:
            indexes = [p for p in glob.glob(os.path.join(args.real, "*.json")) if is_index(p)]
            if not os.path.exists(os.path.join(args.real, "matrix.html")):
                run([args.mtasts, "conform", "--matrix", args.real])
            check(os.path.join(args.real, "matrix.html"), "matrix", len(indexes), failures)
            for page in glob.glob(os.path.join(args.real, "report.html")) + \
                    glob.glob(os.path.join(args.real, "*", "report.html")):
                check(page, "report", 1, failures)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for failure in failures:
        print("pages: FAILED " + failure)
    print("pages: %d problems, %.1fs" % (len(failures), time.monotonic() - started))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
