# SPDX-License-Identifier: Apache-2.0
"""One fixture test served by `mtasts replay-serve` on loopback ports it picks itself.

Shared by the end-to-end tests of the live tools: `with Served(mtasts, path, name) as w:`
starts the server (port 0 everywhere; the ready file names the ports), `w.net_args()` gives
the options that point `check`, `record` and `lint` at it, and leaving the block stops it.
"""
import json
import os
import signal
import subprocess
import tempfile
import time


def load_test(path, name):
    with open(path) as f:
        doc = json.load(f)
    for group in doc["testGroups"]:
        for test in group["tests"]:
            if test["name"] == name:
                return test
    raise SystemExit("no test %s in %s" % (name, path))


class Served:
    def __init__(self, mtasts, path, name, ca_file):
        self.tmp = tempfile.mkdtemp(prefix="mtasts-e2e-")
        self.ready = os.path.join(self.tmp, "ready.json")
        self.test = load_test(path, name)
        self.ca_file = ca_file
        self.proc = subprocess.Popen(
            [mtasts, "replay-serve", path, "--test", name,
             "--dns-port", "0", "--https-port", "0", "--smtp-port", "0",
             "--ready-file", self.ready, "--log", os.path.join(self.tmp, "log.jsonl")],
            stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while not os.path.exists(self.ready):
            if self.proc.poll() is not None or time.time() > deadline:
                self.proc.kill()
                raise SystemExit("replay-serve did not start for %s" % name)
            time.sleep(0.02)
        with open(self.ready) as f:
            ready = json.load(f)
        self.dns = int(ready["dns"].rsplit(":", 1)[1])
        self.https = int(ready["https"].rsplit(":", 1)[1])
        self.smtp = ready["smtp_port"]

    def net_args(self):
        return ["--resolver", "127.0.0.1:%d" % self.dns, "--https-port", str(self.https),
                "--smtp-port", str(self.smtp), "--ca-file", self.ca_file]

    def domain(self):
        return self.test.get("domain", "example.com")

    def expect(self):
        return self.test["steps"][0]["expect"]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)
        subprocess.run(["rm", "-rf", self.tmp])
