# SPDX-License-Identifier: Apache-2.0
"""What every hostile case checks, in one place: run a tool as a user would, then look at
the exit status, the message, the peak memory, the time, and that nothing outlives it.

Each case runs with its own empty TMPDIR and a marker in the environment that every process
it starts inherits (a grandchild that closes its fds or calls setsid() keeps it), so leftover
processes and temp files are found precisely; anything left is killed and reported.

Memory and time bounds are generous multiples of the tools' caps. They are asserted only in an
unsanitized tree: ASan's shadow memory and slowdown would distort them. Set MTASTS_SANITIZED=1
(the ASan+UBSan tree does) to check statuses and messages only.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import uuid

SANITIZED = os.environ.get("MTASTS_SANITIZED", "0") == "1"
MIB = 1024 * 1024


class Outcome:
    """What a run left: status (exit code, or -signal), output, time, memory, leftovers."""

    def __init__(self):
        self.status = None
        self.stdout = b""
        self.stderr = b""
        self.seconds = 0.0
        self.max_rss = 0  # bytes, the largest of the process and its waited-for descendants
        self.leftover_processes = []  # "pid cmdline" of each survivor (killed since)
        self.leftover_files = []  # paths left in the case's TMPDIR

    @property
    def text(self):
        return (self.stdout + self.stderr).decode("utf-8", "replace")

    def __repr__(self):
        tail = self.text[-600:]
        return ("status %s in %.1f s, peak RSS %.0f MiB, leftovers %s %s\n%s" %
                (self.status, self.seconds, self.max_rss / MIB, self.leftover_processes,
                 self.leftover_files, tail))


def _marked_processes(marker):
    needle = ("MTASTS_HOSTILE_MARK=" + marker).encode()
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % pid, "rb") as f:
                if needle in f.read().split(b"\0"):
                    with open("/proc/%s/cmdline" % pid, "rb") as c:
                        cmd = c.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
                    found.append((int(pid), cmd))
        except OSError:
            pass
    return found


def _drain(stream, sink, cap):
    # Keeps the first `cap` bytes; reads the rest so the tool never blocks on a full pipe.
    while True:
        chunk = stream.read(65536)
        if not chunk:
            return
        if len(sink[0]) < cap:
            sink[0] += chunk[: cap - len(sink[0])]


def run(argv, timeout, stdin=b"", env=None, cwd=None, signal_after=None, sig=signal.SIGINT,
        settle=0.3, keep_output=4 * MIB, signal_when=None):
    """Runs argv to its end (killing it after `timeout` s), optionally sending `sig` after
    `signal_after` s or once the threading.Event `signal_when` is set, and returns an
    Outcome."""
    out = Outcome()
    marker = uuid.uuid4().hex
    tmp = tempfile.mkdtemp(prefix="hostile-")
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env["TMPDIR"] = tmp
    full_env["MTASTS_HOSTILE_MARK"] = marker
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=full_env, cwd=cwd)
    sinks = ([b""], [b""])
    readers = [threading.Thread(target=_drain, args=(s, k, keep_output), daemon=True)
               for s, k in ((proc.stdout, sinks[0]), (proc.stderr, sinks[1]))]
    for r in readers:
        r.start()
    try:
        proc.stdin.write(stdin)
        proc.stdin.close()
    except OSError:
        pass
    signalled = False
    status = None
    while status is None:
        pid, raw, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            status = os.waitstatus_to_exitcode(raw)
            out.max_rss = usage.ru_maxrss * 1024
            proc.returncode = status
            break
        elapsed = time.monotonic() - start
        due = signal_after is not None and elapsed >= signal_after
        if not signalled and (due or (signal_when is not None and signal_when.is_set())):
            proc.send_signal(sig)
            signalled = True
        if elapsed > timeout:
            proc.kill()
        time.sleep(0.02)
    out.seconds = time.monotonic() - start
    out.status = status
    for r in readers:
        r.join(5)
    out.stdout, out.stderr = sinks[0][0], sinks[1][0]
    time.sleep(settle)  # a survivor has had time to show itself
    for pid, cmd in _marked_processes(marker):
        out.leftover_processes.append("%d %s" % (pid, cmd))
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for root, dirs, files in os.walk(tmp):
        for name in dirs + files:
            out.leftover_files.append(os.path.relpath(os.path.join(root, name), tmp))
    shutil.rmtree(tmp, ignore_errors=True)
    return out


class HostileCase(unittest.TestCase):
    """Assertions shared by every hostile case."""

    def assertClean(self, out):
        """No process and no temp file outlived the command."""
        self.assertEqual(out.leftover_processes, [], repr(out))
        self.assertEqual(out.leftover_files, [], repr(out))

    def assertStatus(self, out, status):
        self.assertEqual(out.status, status, repr(out))

    def assertSays(self, out, *fragments):
        for f in fragments:
            self.assertIn(f, out.text, repr(out))

    def assertBounded(self, out, max_rss_mib, max_seconds):
        """Peak memory and wall time, in an unsanitized tree only (see the module doc)."""
        if SANITIZED:
            return
        self.assertLessEqual(out.max_rss, max_rss_mib * MIB, repr(out))
        self.assertLessEqual(out.seconds, max_seconds, repr(out))
        self.observed(out)

    def observed(self, out):
        # One line per case, for the record of what each hostile input cost.
        print("  observed %-60s status %s, %.2f s, peak RSS %.0f MiB, leftovers %d" %
              (self.id().split(".")[-1], out.status, out.seconds, out.max_rss / MIB,
               len(out.leftover_processes) + len(out.leftover_files)), flush=True)
