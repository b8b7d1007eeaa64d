"""A killed run leaves no parse worker behind (they would hold its output pipes open)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import generate_wiki


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_end_when_the_run_is_killed(tmp_path: Path) -> None:
    root = generate_wiki(tmp_path / "wiki", 3000)
    run = subprocess.Popen(
        [sys.executable, "-m", "wikiforge", "check", "--no-cache", "-j", "2", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and run.poll() is None and time.monotonic() < deadline:
        workers = {pid for pid in children(run.pid) if alive(pid)}
        time.sleep(0.05)
    assert workers, "the run finished before its parse pool could be seen"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], "parse workers outlived the killed run"
