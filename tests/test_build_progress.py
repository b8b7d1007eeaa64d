"""The build's progress bar: on a terminal, once a build has taken a second; never in logs."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import generate_wiki, write_wiki
from wikiforge.analysis import Analysis
from wikiforge.cli import main
from wikiforge.commands import build as build_command
from wikiforge.config.settings import Config
from wikiforge.load.options import LoadOptions
from wikiforge.site.build import BuildOptions, BuildResult

FINAL = "Built "


def _run_on_terminal(args: list[str], cwd: Path) -> str:
    """Run wikiforge with a pseudo-terminal (120 columns) as its stdout and stderr."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child process
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.chdir(cwd)
        os.execv(sys.executable, [sys.executable, "-m", "wikiforge", *args])
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace")


def test_no_progress_bar_when_output_is_not_a_terminal(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", {"wiki/a.md": "# A\n\n[[b]]\n", "wiki/b.md": "# B\n"})
    done = subprocess.run(
        [sys.executable, "-m", "wikiforge", "build", str(root), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "\r" not in done.stdout
    assert done.stdout.startswith("Built 2 pages, 0 source documents and ")


def test_quick_build_on_a_terminal_shows_only_the_final_line(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", {"wiki/a.md": "# A\n"})
    text = _run_on_terminal(["build", "--out", str(tmp_path / "out")], root)
    assert "%|" not in text
    assert text.lstrip().startswith(FINAL)


@pytest.mark.slow
def test_long_build_on_a_terminal_shows_a_progress_bar(tmp_path: Path) -> None:
    root = generate_wiki(tmp_path / "g", 1000)
    text = _run_on_terminal(["build", "--out", str(tmp_path / "out")], root)
    frames = [frame for frame in text.split("\r") if "%|" in frame]
    assert frames, text[-500:]
    assert "/2100 " in frames[-1]  # 1,000 pages and 50 source documents, parsed then written
    final = text[text.rindex(FINAL) :]
    assert final.startswith("Built 1000 pages, 50 source documents and ")


@pytest.mark.parametrize(
    ("args", "incremental", "jobs", "cache", "wait"),
    [
        ([], True, None, True, 600.0),
        (["--rebuild", "--jobs", "3", "--no-cache", "--wait", "5"], False, 3, False, 5.0),
    ],
)
def test_build_flags_reach_the_build_options(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    incremental: bool,
    jobs: int | None,
    cache: bool,
    wait: float,
) -> None:
    seen: list[BuildOptions] = []
    loads: list[LoadOptions] = []
    real_analyse = build_command.analyse

    def analysing(config: Config, **kwargs: Any) -> Analysis:
        loads.append(kwargs["load"])
        return real_analyse(config, **kwargs)

    def fake_build(analysis: Analysis, options: BuildOptions, progress: object, on_wait: object) -> BuildResult:
        seen.append(options)
        return BuildResult(options.out or tmp_path / "site")

    monkeypatch.setattr(build_command, "analyse", analysing)
    monkeypatch.setattr(build_command, "build_site", fake_build)
    write_wiki(tmp_path, {"wiki/index.md": "# Home\n"})
    result = CliRunner().invoke(main, ["build", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    [options], [load] = seen, loads
    assert (options.incremental, load.jobs, load.cache, options.wait) == (incremental, jobs, cache, wait)
