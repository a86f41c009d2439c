#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""What `mtasts conform` tells a newcomer and their CI, end to end.

usage: conform_cli_test.py MTASTS SOURCE_DIR

Uses a small shim (this script with --shim MODE) that declares only the `parse` capability
and answers `parse txt` through `mtasts parse`, optionally with a wrong error token. Checks:
  - a run that selects no test, or finds no fixtures, exits 2 (a typo is never green);
  - tests needing capabilities the shim did not declare are one summary line, expected
    UNIMPLEMENTED, and a shim declaring nothing exits 2 asking for capabilities;
  - a baseline recorded with --update-expectations turns deviations into known ones (exit 0),
    and the JUnit of every run validates against conformance/tests/schemas/junit-10.xsd
    with unexpected results as <failure>, undeclared and known deviations as <skipped>,
    relative classnames and times with at most three decimals;
  - --loose-errors counts a wrong token as the right rejection, and says so in every output;
  - --report DIR writes a report.json valid against conform-report.schema.json.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

try:
    import jsonschema
except ImportError:  # A missing validator is a failure, never a silent skip.
    print("conform_cli_test: python3 module jsonschema is required", file=sys.stderr)
    sys.exit(1)

MTASTS = SOURCE = None


def shim_main(mode):
    """The shim: MODE is 'none' (declares nothing), 'right' or 'wrong-token'."""
    args = sys.argv[3:]
    if args == ["--capabilities"]:
        caps = [] if mode == "none" else ["parse"]
        print(json.dumps({"protocol": "mtasts-shim/1", "name": "toy-" + mode,
                          "version": "1.2.3", "levels": ["P"], "capabilities": caps}))
        return 0
    if args[:2] != ["parse", "txt"]:
        return 89
    answer = subprocess.run([os.environ["TOY_MTASTS"]] + args, capture_output=True, text=True)
    doc = json.loads(answer.stdout)
    if mode == "wrong-token" and doc.get("valid") is False:
        doc["error"] = {"token": "POLICY_TOO_LARGE"}  # a real token, the wrong one
    print(json.dumps(doc))
    return answer.returncode


class ConformCli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mtasts-conform-cli-")
        xsd = os.path.join(SOURCE, "conformance", "tests", "schemas", "junit-10.xsd")
        self.xsd = xsd
        with open(os.path.join(SOURCE, "conformance", "schemas",
                               "conform-report.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        self.validator = cls(schema)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def fixtures(self, *names):
        return [os.path.join(SOURCE, "fixtures", n) for n in names]

    def conform(self, *args, shim=None):
        argv = [MTASTS, "conform"] + list(args)
        if shim:
            argv += ["--shim", "%s %s --shim %s" % (sys.executable, os.path.abspath(__file__),
                                                    shim), "--jobs", "2"]
        env = dict(os.environ, TOY_MTASTS=MTASTS)
        return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)

    def junit(self, path):
        check = subprocess.run(["xmllint", "--noout", "--schema", self.xsd, path],
                               capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stderr)
        root = ET.parse(path).getroot()
        suite = root.find("testsuite")
        cases = suite.findall("testcase")
        for case in cases:
            self.assertFalse(case.get("classname").startswith("/"), case.get("classname"))
            self.assertRegex(case.get("time"), r"^[0-9]+\.[0-9]{3}$")
        self.assertEqual(int(suite.get("skipped")), len(suite.findall("testcase/skipped")))
        self.assertEqual(int(suite.get("failures")), len(suite.findall("testcase/failure")))
        self.assertEqual(int(suite.get("tests")), len(cases))
        return suite

    def report(self, path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = [e.message for e in self.validator.iter_errors(doc)]
        self.assertEqual(errors, [])
        return doc

    # -- nothing ran ----------------------------------------------------------------------

    def test_no_matching_test_exits_2(self):
        out = self.conform("--test", "nomatch*")
        self.assertEqual(out.returncode, 2, out.stdout + out.stderr)
        self.assertIn("no test ran", out.stderr)
        self.assertIn("check --test", out.stderr)

    def test_directory_without_fixtures_exits_2(self):
        out = self.conform(self.dir)
        self.assertEqual(out.returncode, 2, out.stdout + out.stderr)
        self.assertIn("no fixture files found", out.stderr)

    def test_shim_declaring_nothing_exits_2_and_says_declare(self):
        out = self.conform(*self.fixtures("parse/txt_test.json"), shim="none")
        self.assertEqual(out.returncode, 2, out.stdout + out.stderr)
        self.assertIn("shim toy-none 1.2.3, levels P, capabilities (none declared)", out.stderr)
        self.assertIn("declare them in its --capabilities answer", out.stderr)
        self.assertNotIn("UNEXPECTED", out.stdout)

    # -- a first run, a baseline, a judged run ----------------------------------------------

    def test_undeclared_baseline_and_junit(self):
        paths = self.fixtures("parse/txt_test.json", "discovery/discovery_test.json")
        junit = os.path.join(self.dir, "first.xml")
        first = self.conform(*paths, "--strict", "--junit", junit, shim="wrong-token")
        self.assertEqual(first.returncode, 1, first.stdout + first.stderr)
        # The discovery tests are one line, not 43 results.
        self.assertRegex(first.stdout, r"not run: 43 tests need capabilities toy-wrong-token "
                                       r"did not declare: .*discover \(43\)")
        self.assertNotIn("needs capability", first.stdout)
        wrong = re.findall(r"^UNEXPECTED (WRONG_ERROR|SHOULD_HAVE_PASSED) ", first.stdout, re.M)
        self.assertGreater(wrong.count("WRONG_ERROR"), 10)
        self.assertEqual(len(re.findall(r"^UNEXPECTED ", first.stdout, re.M)), len(wrong))
        suite = self.junit(junit)
        self.assertEqual(int(suite.get("failures")), len(wrong))
        self.assertEqual(len([s for s in suite.findall("testcase/skipped")
                              if "not declared" in s.get("message")]), 43)
        # Progress on stderr for a run that waits.
        self.assertIn("(100%)", first.stderr)

        baseline = os.path.join(self.dir, "baseline.json")
        record = self.conform(*paths, "--strict", "--expectations", baseline,
                              "--update-expectations", shim="wrong-token")
        self.assertEqual(record.returncode, 0, record.stdout + record.stderr)
        with open(baseline, encoding="utf-8") as f:
            recorded = json.load(f)["tests"]
        self.assertEqual(len(recorded), len(wrong))  # undeclared tests need no entry
        self.assertEqual(sorted(v["status"] for v in recorded.values()), sorted(wrong))

        junit = os.path.join(self.dir, "judged.xml")
        report_dir = os.path.join(self.dir, "report")
        judged = self.conform(*paths, "--strict", "--expectations", baseline, "--junit", junit,
                              "--report", report_dir, shim="wrong-token")
        self.assertEqual(judged.returncode, 0, judged.stdout + judged.stderr)
        self.assertIn("known deviations: %d" % len(wrong), judged.stdout)
        suite = self.junit(junit)
        self.assertEqual(suite.get("failures"), "0")
        known = [s for s in suite.findall("testcase/skipped")
                 if re.match(r"expected (WRONG_ERROR|SHOULD_HAVE_PASSED)", s.get("message"))]
        self.assertEqual(len(known), len(wrong))
        doc = self.report(os.path.join(report_dir, "report.json"))
        self.assertEqual(doc["impl"], "toy-wrong-token")
        self.assertEqual(doc["impl_version"], "1.2.3")
        self.assertEqual(doc["totals"]["known_deviations"], len(wrong))
        self.assertEqual(doc["totals"]["undeclared"], 43)
        self.assertEqual(doc["undeclared_capabilities"]["discover"], 43)
        self.assertTrue(doc["suite"]["digest"].startswith("sha256:"))
        # Sections come from fixtures/requirements.json, whatever the id looks like.
        in_3_1 = [t for t in doc["tests"] if any(r.startswith("R-3.1-") for r in t["requirements"])]
        self.assertGreater(len(in_3_1), 0)
        self.assertEqual(doc["by_section"]["RFC 8461 §3.1"]["tests"], len(in_3_1))
        self.assertEqual({t["file"] for t in doc["tests"]},
                         {"parse/txt_test.json", "discovery/discovery_test.json"})
        deviating = {r for t in doc["tests"] if t["status"] in wrong for r in t["requirements"]}
        self.assertTrue(deviating & set(doc["requirements"]))

    def test_loose_errors_count_any_rejection(self):
        junit = os.path.join(self.dir, "loose.xml")
        report = os.path.join(self.dir, "loose.json")
        out = self.conform(*self.fixtures("parse/txt_test.json"), "--strict", "--loose-errors",
                           "--junit", junit, "--json", report, shim="wrong-token")
        # Loose errors are for invalid tests only: a valid input rejected stays a failure.
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertEqual(re.findall(r"^UNEXPECTED (\S+)", out.stdout, re.M),
                         ["SHOULD_HAVE_PASSED"])
        loose = re.search(r"--loose-errors: (\d+) invalid tests", out.stdout)
        self.assertIsNotNone(loose, out.stdout)
        doc = self.report(report)
        self.assertTrue(doc["options"]["loose_errors"])
        marked = [t for t in doc["tests"] if t.get("loose_error")]
        self.assertEqual(len(marked), int(loose.group(1)))
        self.assertTrue(all(t["status"] == "PASS" for t in marked))
        suite = self.junit(junit)
        self.assertEqual(len([o for o in suite.findall("testcase/system-out")
                              if "loose-errors" in o.text]), len(marked))

    def test_engine_report_is_valid_and_relative(self):
        report = os.path.join(self.dir, "engine.json")
        junit = os.path.join(self.dir, "engine.xml")
        out = self.conform("--test", "rfc8461/3.3/*", "--json", report, "--junit", junit)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        doc = self.report(report)
        self.assertGreater(doc["totals"]["conformant"], 0)
        self.assertEqual(doc["totals"]["conformant"], doc["totals"]["tests"])
        self.assertTrue(all(not t["file"].startswith("/") for t in doc["tests"]))
        self.junit(junit)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--shim":
        sys.exit(shim_main(sys.argv[2]))
    MTASTS, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
