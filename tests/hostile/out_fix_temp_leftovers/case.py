"""Temp files a killed `check --fix` left beside pages: the next `--fix` deletes those
of dead processes (and old ones without a process id), and nothing else."""

import os
import time
from pathlib import Path

STALE = [".index.md.wikiforge-999999999-abcdefgh.tmp", ".index.md.wikiforge-abcdefgh.tmp"]
KEPT = [".index.md.wikiforge-zyxwvuts.tmp", ".index.md.wikiforge-1-abcdefgh.tmp", ".index.md.tmp", "notes.tmp"]


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text("# Home\n\n[[Other]]\n", encoding="utf-8")
    (root / "wiki" / "other.md").write_text("# Other\n\n[[index]]\n", encoding="utf-8")
    for name in STALE + KEPT:
        (root / "wiki" / name).write_bytes(b"")
    past = time.time() - 2 * 3600
    os.utime(root / "wiki" / STALE[1], (past, past))


def verify(root: Path) -> None:
    assert not any((root / "wiki" / name).exists() for name in STALE)
    assert all((root / "wiki" / name).exists() for name in KEPT)
    assert "[[other]]" in (root / "wiki" / "index.md").read_text(encoding="utf-8")


COMMANDS = [["check", "--fix"]]
