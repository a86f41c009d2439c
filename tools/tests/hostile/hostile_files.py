#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""No file the tools write can be lost or written outside where it belongs:
`--update-expectations` merges (a --test subset, a run without --strict) and refuses after
fixture errors; a failed or killed write leaves the old file; an output path that cannot be
written fails before the run; an implementation name that is a path is refused before any
file is written. Each case asserts the status, the message, the files, assertClean and
assertBounded.

Usage: hostile_files.py MTASTS SOURCE_DIR
"""
import json
import os
import shutil
import sys
import tempfile
import unittest

import hostile

MTASTS, SOURCE = sys.argv[1], sys.argv[2]
FIXTURES = os.path.join(SOURCE, "fixtures")
# A real expectations file with hundreds of entries (tens of KiB); our engine passes every test, so each
# test it runs loses its entry and every other entry must stay.
SOURCE_EXPECTATIONS = os.path.join(SOURCE, "conformance", "expectations", "mailauth5.json")

# Sets a file size limit on the command (bytes), with SIGXFSZ ignored (the write fails) or
# at its default (the kernel kills the writer in the middle of the write).
LIMITED = ("import os, resource, signal, sys\n"
           "limit, mode = int(sys.argv[1]), sys.argv[2]\n"
           "signal.signal(signal.SIGXFSZ, signal.SIG_IGN if mode == 'fail' else signal.SIG_DFL)\n"
           "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))\n"
           "os.execv(sys.argv[3], sys.argv[3:])\n")


def entries(path):
    with open(path) as f:
        return json.load(f)["tests"]


class FilesCase(hostile.HostileCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mtasts-hostile-files-")
        self.expectations = os.path.join(self.dir, "mailauth5.json")
        shutil.copy(SOURCE_EXPECTATIONS, self.expectations)
        with open(self.expectations, "rb") as f:
            self.original = f.read()

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def unchanged(self):
        with open(self.expectations, "rb") as f:
            return f.read() == self.original

    def update(self, *args, fixtures=FIXTURES, wrapper=()):
        return hostile.run(list(wrapper) + [
            MTASTS, "conform", fixtures, "--impl", "mailauth5", "--expectations",
            self.expectations, "--update-expectations", "--json",
            os.path.join(self.dir, "report.json")] + list(args), timeout=120)

    def ran(self):
        with open(os.path.join(self.dir, "report.json")) as f:
            return {t["name"] for t in json.load(f)["tests"]}

    def assertMerged(self, before):
        after = entries(self.expectations)
        ran = self.ran()
        kept = {k: v for k, v in before.items() if k not in ran}
        self.assertEqual({k: v for k, v in after.items() if k not in ran}, kept)
        self.assertEqual([k for k in after if k in ran], [])  # the engine passes them all
        return len(kept)

    def test_update_with_test_subset_keeps_other_entries(self):
        before = entries(self.expectations)
        listed = sorted(before)[0]  # its entry goes (the engine passes it); the others stay
        out = self.update("--strict", "--test", listed)
        self.assertStatus(out, 0)
        self.assertSays(out, "wrote " + self.expectations)
        self.assertEqual(self.ran(), {listed})
        self.assertEqual(self.assertMerged(before), len(before) - 1)
        self.assertClean(out)
        self.assertBounded(out, 128, 10)

    def test_update_without_strict_keeps_should_level_entries(self):
        before = entries(self.expectations)
        out = self.update()
        self.assertStatus(out, 0)
        kept = self.assertMerged(before)
        self.assertGreater(kept, 0)  # SHOULD-level tests did not run: their entries stay
        self.assertClean(out)
        self.assertBounded(out, 256, 20)

    def test_update_refuses_after_a_fixture_error(self):
        fixtures = os.path.join(self.dir, "fixtures")
        shutil.copytree(os.path.join(FIXTURES, "discovery"), os.path.join(fixtures, "discovery"))
        with open(os.path.join(fixtures, "discovery", "broken_test.json"), "w") as f:
            f.write('{"schema": "mtasts-fixture/1", "testGroups": [')
        out = self.update("--strict", fixtures=fixtures)
        self.assertStatus(out, 2)
        self.assertSays(out, "FIXTURE ERROR", "not updating " + self.expectations,
                        "1 fixture error(s)")
        self.assertTrue(self.unchanged())
        self.assertClean(out)
        self.assertBounded(out, 128, 10)

    def limited(self, mode):
        # The merged file is written whole or not at all: past 4 KiB the write fails or the
        # writer is killed, and the old file (tens of KiB) is what stays.
        return self.update("--strict", "--test", "rfc8461/3.1/discovery-nodata",
                           wrapper=(sys.executable, "-c", LIMITED, "4096", mode))

    def test_failed_write_keeps_the_old_file(self):
        out = self.limited("fail")
        self.assertStatus(out, 2)
        self.assertSays(out, "cannot write " + self.expectations + ": File too large")
        self.assertTrue(self.unchanged())
        self.assertEqual(sorted(os.listdir(self.dir)), ["mailauth5.json", "report.json"])
        self.assertClean(out)
        self.assertBounded(out, 128, 10)

    def test_kill_during_write_keeps_the_old_file(self):
        out = self.limited("kill")
        self.assertStatus(out, -25)  # SIGXFSZ in the middle of write(2)
        self.assertTrue(self.unchanged())
        self.assertClean(out)
        self.assertBounded(out, 128, 10)

    def test_unwritable_report_path_fails_before_the_run(self):
        out = hostile.run([MTASTS, "conform", FIXTURES, "--json", "/nonexistent/x"], timeout=30)
        self.assertStatus(out, 2)
        self.assertSays(out, "mtasts: cannot write /nonexistent/x: No such file or directory")
        self.assertNotIn("tests in", out.text)  # nothing ran
        self.assertClean(out)
        self.assertBounded(out, 64, 2)

    def test_unwritable_record_path_fails_before_recording(self):
        out = hostile.run([MTASTS, "record", "example.com", "-o", "/nonexistent/x",
                           "--resolver", "127.0.0.1:9", "--timeout", "30"], timeout=30)
        self.assertStatus(out, 2)
        self.assertSays(out, "mtasts: cannot write /nonexistent/x: No such file or directory")
        self.assertClean(out)
        self.assertBounded(out, 64, 2)

    def test_failed_record_keeps_the_existing_file(self):
        # Whatever makes a recording fail, FILE is written whole or not at all: here the
        # fixture (over 1 KiB) meets a 256-byte file size limit.
        recorded = os.path.join(self.dir, "recorded.json")
        with open(recorded, "w") as f:
            f.write("an earlier recording\n")
        out = hostile.run([sys.executable, "-c", LIMITED, "256", "fail", MTASTS, "record",
                           "example.com", "-o", recorded, "--resolver", "127.0.0.1:9",
                           "--timeout", "1"], timeout=30)
        self.assertStatus(out, 2)
        self.assertSays(out, "mtasts: cannot write " + recorded + ": File too large")
        with open(recorded) as f:
            self.assertEqual(f.read(), "an earlier recording\n")
        self.assertEqual(sorted(os.listdir(self.dir)), ["mailauth5.json", "recorded.json"])
        self.assertClean(out)
        self.assertBounded(out, 64, 5)

    def impl_traversal(self, argv, inputs=()):
        # Files "../../x.json" would land two levels above the expectations and index dirs.
        nest = os.path.join(self.dir, "a", "b")
        os.makedirs(os.path.join(nest, "index"))
        out = hostile.run(argv + ["--expectations", os.path.join(nest, "x.json"),
                                  "--index", os.path.join(nest, "index")], timeout=30)
        self.assertStatus(out, 2)
        self.assertSays(out, "\"../../x\" holds '/'")
        written = [os.path.relpath(os.path.join(r, f), self.dir)
                   for r, _, files in os.walk(self.dir) for f in files]
        self.assertEqual(sorted(written), sorted(["mailauth5.json"] + list(inputs)), written)
        self.assertClean(out)
        self.assertBounded(out, 64, 5)

    def test_impl_traversal_in_shim_config(self):
        config = os.path.join(self.dir, "peer.json")
        with open(config, "w") as f:
            json.dump({"impl": "../../x", "shim": MTASTS}, f)
        self.impl_traversal([MTASTS, "conform", FIXTURES, "--shim-config", config,
                             "--update-expectations"], inputs=["peer.json"])

    def test_impl_traversal_in_impl_option(self):
        self.impl_traversal([MTASTS, "conform", FIXTURES, "--impl", "../../x",
                             "--update-expectations"])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
