#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Processes cannot escape `mtasts conform`: shims whose grandchildren outlive them (holding
stdout, closing their fds, calling setsid()), shims that ignore SIGTERM, SIGINT and SIGTERM to
the runner in the middle of a parallel run, and black-box runs that succeed or are
interrupted. Each case asserts the status, the message, that no process and no temporary file
of the run is left (assertClean) and the time and memory it took (assertBounded).

Usage: hostile_processes.py MTASTS SOURCE_DIR
"""
import json
import os
import shutil
import signal
import sys
import tempfile
import unittest

import hostile

MTASTS, SOURCE = sys.argv[1], sys.argv[2]

# One level-P test (parse_txt) and one level-D1 test (lookup), as the shim answers them.
SUITE = {
    "schema": "mtasts-fixture/1", "suite": "hostile", "numberOfTests": 2,
    "testGroups": [{"tests": [
        {"tcId": 1, "name": "rfc8461/3.1/hostile-parse", "level": "MUST", "result": "valid",
         "requirements": ["R-3.1-3"], "requires": ["parse"],
         "steps": [{"now": 0, "action": "parse_txt", "input": "v=STSv1; id=a",
                    "expect": {"valid": True, "id": "a"}}]},
        {"tcId": 2, "name": "rfc8461/3.1/hostile-lookup", "level": "MUST", "result": "invalid",
         "requirements": ["R-3.1-7"], "requires": ["discover"],
         "steps": [{"now": 0, "action": "lookup",
                    "dns": [{"name": "_mta-sts.example.com", "rcode": "NOERROR",
                             "txt": [["v=STSv1; id=x"]]}],
                    "expect": {"outcome": "none", "events": ["DNS_NODATA"]}}]}]}]}

# A shim in sh: BEHAVIOUR runs in `parse` (level P) and in `session` (level D1) before the
# answer. Every process it starts inherits the harness's marker.
SHIM = r"""#!/bin/sh
case "$1" in
--capabilities)
  echo '{"protocol":"mtasts-shim/1","name":"hostile","levels":["P","D1"],"capabilities":["parse","discover"]}'
  exit 0;;
parse)
  %(parse)s
  echo '{"valid":true,"id":"a"}'
  exit 0;;
session)
  read begin; read step
  %(session)s
  echo '{"type":"result","observation":{"outcome":"none","events":["DNS_NODATA"]}}'
  read end
  exit 0;;
esac
exit 89
"""

HOLD_STDOUT = "sleep 300 &"  # the grandchild keeps the shim's stdout open
CLOSE_FDS = "sleep 300 </dev/null >/dev/null 2>&1 &"  # invisible to pipe EOF
SETSID = "setsid sleep 300 </dev/null >/dev/null 2>&1 &"  # leaves the process group too
HANG_IGNORING_TERM = "trap '' TERM; sleep 300"


class ProcessCase(hostile.HostileCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mtasts-hostile-processes-")
        with open(os.path.join(self.dir, "hostile_test.json"), "w") as f:
            json.dump(SUITE, f)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def conform_shim(self, parse="", session="", only=None, timeout_seconds=5, **run):
        with open(os.path.join(self.dir, "shim.sh"), "w") as f:
            f.write(SHIM % {"parse": parse or ":", "session": session or ":"})
        config = os.path.join(self.dir, "hostile.json")
        with open(config, "w") as f:
            json.dump({"impl": "hostile", "shim": "/bin/sh " + os.path.join(self.dir, "shim.sh"),
                       "TimeoutSeconds": timeout_seconds}, f)
        argv = [MTASTS, "conform", self.dir, "--jobs", "2", "--shim-config", config,
                "--expectations", os.path.join(self.dir, "expectations.json")]
        if only:
            argv += ["--test", only]
        return hostile.run(argv, timeout=60, **run)

    def assertAllPassed(self, out, tests):
        self.assertStatus(out, 0)
        self.assertSays(out, "hostile: %d tests" % tests, "0 unexpected")

    def test_d1_shim_exits_while_grandchild_holds_stdout(self):
        out = self.conform_shim(session=HOLD_STDOUT, only="*lookup")
        self.assertAllPassed(out, 1)
        self.assertClean(out)
        self.assertBounded(out, 64, 5)

    def test_p_grandchild_closes_fds(self):
        out = self.conform_shim(parse=CLOSE_FDS, only="*parse")
        self.assertAllPassed(out, 1)
        self.assertClean(out)
        self.assertBounded(out, 64, 5)

    def test_d1_grandchild_closes_fds(self):
        out = self.conform_shim(session=CLOSE_FDS, only="*lookup")
        self.assertAllPassed(out, 1)
        self.assertClean(out)
        self.assertBounded(out, 64, 5)

    def test_p_grandchild_setsid(self):
        out = self.conform_shim(parse=SETSID, only="*parse")
        self.assertAllPassed(out, 1)
        self.assertClean(out)
        self.assertBounded(out, 64, 5)

    def test_d1_grandchild_setsid(self):
        out = self.conform_shim(session=SETSID, only="*lookup")
        self.assertAllPassed(out, 1)
        self.assertClean(out)
        self.assertBounded(out, 64, 5)

    def test_shim_ignoring_sigterm_times_out_and_is_killed(self):
        out = self.conform_shim(parse=HANG_IGNORING_TERM, session=HANG_IGNORING_TERM,
                                timeout_seconds=1)
        self.assertStatus(out, 1)
        self.assertSays(out, "UNEXPECTED TIMEOUT rfc8461/3.1/hostile-parse",
                        "UNEXPECTED TIMEOUT rfc8461/3.1/hostile-lookup")
        self.assertClean(out)
        self.assertBounded(out, 64, 5)

    def interrupted(self, sig, status):
        # Both tests run at once (--jobs 2), each shim hangs with a grandchild outside its
        # group, ignoring SIGTERM; level P has its input file in TMPDIR.
        hang = SETSID + "\n  " + HANG_IGNORING_TERM
        out = self.conform_shim(parse=hang, session=hang, timeout_seconds=60,
                                signal_after=1.0, sig=sig)
        self.assertStatus(out, status)
        self.assertSays(out, "mtasts: interrupted by signal %d" % sig)
        self.assertClean(out)
        self.assertBounded(out, 64, 5)

    def test_sigint_mid_run(self):
        self.interrupted(signal.SIGINT, 130)

    def test_sigterm_mid_run(self):
        self.interrupted(signal.SIGTERM, 143)


class BlackBoxCase(hostile.HostileCase):
    PROFILE = os.path.join(SOURCE, "conformance", "blackbox", "mtasts-check.json")

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mtasts-hostile-blackbox-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def conform_black_box(self, test, **run):
        fixture = os.path.join(self.dir, "discovery_test.json")
        shutil.copy(os.path.join(SOURCE, "fixtures", "discovery", "discovery_test.json"), fixture)
        return hostile.run([MTASTS, "conform", fixture, "--test", test, "--loopback",
                            "--black-box", self.PROFILE], timeout=60, **run)

    def test_black_box_success_leaves_nothing(self):
        out = self.conform_black_box("rfc8461/3.1/discovery-nodata")
        self.assertStatus(out, 0)
        self.assertSays(out, "mtasts-check: 1 tests", "1 PASS", "0 unexpected")
        self.assertClean(out)
        self.assertBounded(out, 128, 10)

    def test_black_box_interrupted_leaves_nothing(self):
        # The replay DNS never answers this test, so the implementation waits its timeout.
        out = self.conform_black_box("rfc8461/3.1/discovery-timeout", signal_after=1.5)
        self.assertStatus(out, 130)
        self.assertSays(out, "mtasts: interrupted by signal 2")
        self.assertClean(out)
        self.assertBounded(out, 128, 10)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
