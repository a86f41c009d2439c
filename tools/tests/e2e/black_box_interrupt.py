#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""An interrupted black-box run leaves nothing behind (conformance/PROTOCOL.md "Level N").

Runs `mtasts conform --black-box` on a copy of a slow test (the replay DNS never answers, so
`mtasts check` waits for its timeout), interrupts it with SIGINT while the replay server and
the implementation run, and checks that no process started for that copy survives and, as
root, that no namespace of the run is left.

Usage: black_box_interrupt.py MTASTS SOURCE_DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

MTASTS, SOURCE = sys.argv[1], sys.argv[2]
SLOW = "rfc8461/3.1/discovery-timeout"


def processes_mentioning(marker):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def namespaces_of(pid):
    try:
        return [n for n in os.listdir("/var/run/netns") if n.startswith("mtasts-bb-%d-" % pid)]
    except OSError:
        return []


def main():
    tmp = tempfile.mkdtemp(prefix="mtasts-interrupt-")
    try:
        fixture = os.path.join(tmp, "slow_test.json")
        shutil.copy(os.path.join(SOURCE, "fixtures", "discovery", "discovery_test.json"), fixture)
        run = subprocess.Popen(
            [MTASTS, "conform", fixture, "--test", SLOW, "--black-box",
             os.path.join(SOURCE, "conformance", "blackbox", "mtasts-check.json")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        # Wait until the replay server for the copy runs (the implementation starts after it).
        while len(processes_mentioning(fixture)) == 0 and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        children = processes_mentioning(fixture)
        namespaces = namespaces_of(run.pid)
        if not children:
            print("FAIL: the replay server never started")
            return 1
        run.send_signal(signal.SIGINT)
        status = run.wait(timeout=20)
        time.sleep(0.3)
        left = processes_mentioning(fixture)
        left_ns = namespaces_of(run.pid)
        print("run exit %s; %d processes and %d namespaces before, %d and %d after" %
              (status, len(children), len(namespaces), len(left), len(left_ns)))
        ok = status != 0 and not left and not left_ns
        if os.geteuid() == 0 and not namespaces:
            print("FAIL: as root the run should have used namespaces")
            ok = False
        print("ok" if ok else "FAIL: something survived the interrupt")
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
