"""Time one whole process and measure its memory.

A benchmark of a command-line tool must pay what its user pays: interpreter start-up,
imports, reading files, writing output. So every figure is a child process timed from
spawn to exit, never a function timed in-process.

Memory is measured two ways because a process pool hides its memory from one of them:
`os.wait4` returns the exact peak resident set of the largest single process in the tree
(the child, or a worker it waited for), while a sampler polling `/proc` every 20 ms sums
the tree's resident sets, which is what a pool of workers really costs the machine. The
peak reported is the larger of the two.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.02
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    """One finished process: wall time, memory, exit code and what it printed."""

    seconds: float
    maxrss_mb: float
    tree_mb: float
    returncode: int
    timed_out: bool
    stdout: str
    stderr: str

    @property
    def peak_mb(self) -> float:
        return max(self.maxrss_mb, self.tree_mb)


def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants (0 where /proc is missing)."""
    total, stack = 0, [pid]
    while stack:
        proc = stack.pop()
        try:
            total += int(Path(f"/proc/{proc}/statm").read_text().split()[1]) * PAGE_BYTES
            for task in os.listdir(f"/proc/{proc}/task"):
                stack.extend(int(c) for c in Path(f"/proc/{proc}/task/{task}/children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


class _TreeSampler(threading.Thread):
    """Polls a process tree's summed resident set until told to stop."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, _tree_rss(self.pid))


def _maxrss_mb(kilobytes: int) -> float:
    """ru_maxrss is in kilobytes on Linux but in bytes on macOS."""
    return kilobytes / (MB if sys.platform == "darwin" else 1024)


def _kill_group(pid: int, fired: threading.Event) -> None:
    fired.set()
    os.killpg(pid, signal.SIGKILL)


def run_process(argv: list[str], cwd: Path, timeout: float | None = None) -> Run:
    """Run `argv` to completion; after `timeout` seconds its whole process group is killed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        fired = threading.Event()
        killer = threading.Timer(timeout, _kill_group, (proc.pid, fired)) if timeout else None
        if killer:
            killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        sampler.done.set()
        if killer:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.join()
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            maxrss_mb=_maxrss_mb(usage.ru_maxrss),
            tree_mb=sampler.peak / MB,
            returncode=proc.returncode,
            timed_out=fired.is_set(),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )
