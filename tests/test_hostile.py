"""Hostile inputs: what an attacker or a careless contributor can put in a wiki.

Each case is a folder `tests/hostile/<case>/` holding:
- `case.py`: `make(root)` writes the hostile project into an empty folder (code, not files,
  because many inputs cannot be committed: 50 MB pages, symlink loops, FIFOs, file names
  that are not UTF-8). Optional: `COMMANDS`, the wikiforge command lines to run (default:
  check, then build); `verify(root)`, assertions on the project afterwards (for example
  that a file outside the site still exists).
- `expected.txt`: exactly the concise lines `wikiforge check` prints (no summary line).

Every command runs in its own process and must finish within `SECONDS` (or the case's own `SECONDS`) and `MEGABYTES`
(the issue's bounds: a hang guard, not a speed target), exit 0 or 1, and print no
traceback. Refresh the expected findings after an intended change with
`pytest tests/test_hostile.py --update-goldens`, then review the diff.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType

import pytest

HOSTILE = Path(__file__).parent / "hostile"
CASE_DIRS = sorted(p.parent for p in HOSTILE.glob("*/case.py"))
SECONDS = 10.0
MEGABYTES = 1024
DEFAULT_COMMANDS: list[list[str]] = [["check"], ["build"]]


def load_case(case: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"hostile_{case.name}", case / "case.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_bounded(args: list[str], cwd: Path, seconds: float = SECONDS) -> tuple[int, str, str, float]:
    """Run wikiforge with `args` in `cwd`, for at most `seconds`; return exit code,
    stdout, stderr and peak MB.

    The peak is the largest resident set of the process or of any child it reaped (the
    parse pool's workers), as `wait4` reports it. An address-space limit well above the
    bound stops a runaway case before it swamps the machine.
    """
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0"}
    with (cwd.parent / "out.txt").open("w+b") as out, (cwd.parent / "err.txt").open("w+b") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "wikiforge", *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            env=env,
            start_new_session=True,
            preexec_fn=_limit_address_space,
        )
        timer = threading.Timer(seconds, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode == -signal.SIGKILL:
            pytest.fail(f"`wikiforge {' '.join(args)}` gave no answer in {seconds:.0f} s")
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return proc.returncode, stdout, stderr, usage.ru_maxrss / 1024


def _limit_address_space() -> None:
    limit = 4 * MEGABYTES * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_cases_exist() -> None:
    assert len(CASE_DIRS) >= 10, "the hostile corpus is missing or nearly empty"


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_hostile(case: Path, tmp_path: Path, update_goldens: bool) -> None:
    module = load_case(case)
    root = tmp_path / "project"
    root.mkdir()
    module.make(root)
    expected_file = case / "expected.txt"
    for command in getattr(module, "COMMANDS", DEFAULT_COMMANDS):
        args = [*command]
        if command[0] == "check":
            args += ["--format", "concise"]
        code, stdout, stderr, megabytes = run_bounded(args, root, getattr(module, "SECONDS", SECONDS))
        assert "Traceback" not in stderr + stdout, stderr
        assert megabytes <= MEGABYTES, f"`wikiforge {' '.join(args)}` used {megabytes:.0f} MB"
        assert code in (0, 1), f"`wikiforge {' '.join(args)}` exited {code}:\n{stderr}"
        if command[0] == "check":
            actual = "".join(line + "\n" for line in stdout.splitlines()[:-1])
            if update_goldens:
                expected_file.write_text(actual, encoding="utf-8")
            else:
                assert actual == expected_file.read_text(encoding="utf-8")
    verify = getattr(module, "verify", None)
    if verify is not None:
        verify(root)
