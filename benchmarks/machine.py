"""What a results file must say about where and on what code it was measured.

Two results files are comparable only on the same machine, so each records the CPU and
Python, the load average when the run started (other work on the machine skews every row),
and the wikiforge commit it timed, with a flag when `src/` had uncommitted changes (the
figures then belong to no commit).
"""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import wikiforge

# The checkout the timed wikiforge is imported from (src/wikiforge/__init__.py), which need not
# be this script's own: PYTHONPATH=/elsewhere/src benchmarks a clean clone of another commit.
REPO = Path(wikiforge.__file__).resolve().parents[2]
SCHEMA = 1


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def describe() -> dict[str, Any]:
    """The header of a results file: schema, date, machine and wikiforge revision."""
    return {
        "schema": SCHEMA,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "cpu": _cpu_model(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average": os.getloadavg(),
        },
        "wikiforge": {
            "version": wikiforge.__version__,
            "commit": _git("rev-parse", "HEAD") or "unknown",
            "src_dirty": bool(_git("status", "--porcelain", "--", "src")),
        },
    }
