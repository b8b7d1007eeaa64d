"""One build at a time per output folder, and what killed runs leave is cleaned up
(issue 13 items 0 and 6). Real processes: a lock is only as good as its behaviour
between two of them."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import generate_wiki, write_wiki
from wikiforge.core.atomic import LEGACY_AGE_SECONDS
from wikiforge.site.lock import lock_path
from wikiforge.site.output import MANIFEST, clean_leftovers

WIKI = {"wiki/index.md": "# Home\n\n[[guide]] TODO\n", "wiki/guide.md": "# Guide\n\n[[index]]\n"}


def wikiforge(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """Run wikiforge in a session of its own, so `kill` reaches its parse workers too."""
    env = {**os.environ, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "wikiforge", *args]
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill(proc: subprocess.Popen[str]) -> None:
    """SIGKILL the run and every process it started, as a crash or the OOM killer would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def tree(out: Path) -> dict[str, bytes]:
    files = (p for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFEST)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in files}


def hold_lock(site: Path) -> int:
    """Take the output folder's lock as a running build would."""
    fd = os.open(lock_path(site), os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_second_build_gives_up_after_waiting(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    fd = hold_lock(root / "site")
    try:
        started = time.monotonic()
        _, err = wikiforge("build", "--wait", "1", cwd=root).communicate(timeout=30)
        assert time.monotonic() - started >= 1
    finally:
        os.close(fd)
    assert "waiting for another build of" in err
    assert "nothing built: another build of" in err and "held its lock for 1 s" in err
    assert not (root / "site").exists()


def test_a_second_build_waits_for_the_first_then_builds(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    fd = hold_lock(root / "site")
    waiting = wikiforge("build", "--wait", "60", cwd=root)
    assert waiting.stderr is not None
    assert "waiting for another build of" in waiting.stderr.readline()
    time.sleep(0.5)
    assert waiting.poll() is None
    lock_path(root / "site").unlink()  # as a build releases it
    os.close(fd)
    _, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert (root / "site" / "index.html").exists()
    assert not lock_path(root / "site").exists()


def test_two_builds_at_once_leave_the_site_a_clean_build_makes(tmp_path: Path) -> None:
    root = generate_wiki(tmp_path / "p", 150)
    first = wikiforge("build", cwd=root)
    (root / "wiki" / "added.md").write_text("# Added\n\n[[index]]\n", encoding="utf-8")
    second = wikiforge("build", cwd=root)
    for proc in (first, second):
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    clean = wikiforge("build", "--out", str(tmp_path / "clean"), "--rebuild", cwd=root)
    assert clean.wait(timeout=120) == 0
    assert tree(root / "site") == tree(tmp_path / "clean")
    assert not lock_path(root / "site").exists()
    assert not list(root.glob(".site.*"))


def test_a_killed_build_leaves_nothing_after_the_next(tmp_path: Path) -> None:
    root = generate_wiki(tmp_path / "p", 300)
    assert wikiforge("build", cwd=root).wait(timeout=120) == 0
    (root / "wiki" / "added.md").write_text("# Added\n", encoding="utf-8")
    for _ in range(3):
        proc = wikiforge("build", "--rebuild", "--no-cache", cwd=root)
        deadline = time.monotonic() + 60
        while not list(root.glob(".site.building-*")) and time.monotonic() < deadline:
            time.sleep(0.01)
        kill(proc)
    assert list(root.glob(".site.building-*")), "the kills left staging folders to clean"
    proc = wikiforge("build", cwd=root)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "staging folder" in err
    assert not list(root.glob(".site.*"))
    assert (root / "site" / "added" / "index.html").exists()


def test_only_this_outputs_staging_folders_are_deleted(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    ours = [tmp_path / ".site.building-ab_12xyz", tmp_path / ".site.old-q1w2e3r4"]
    theirs = [
        tmp_path / ".site.building-short",
        tmp_path / ".site2.building-ab_12xyz",
        tmp_path / ".site.building-ab_12xyz.building-ab_12xyz",
        tmp_path / "site.building-ab_12xyz",
    ]
    for folder in ours + theirs:
        (folder / "sub").mkdir(parents=True)
    link = tmp_path / ".site.building-linklink"
    link.symlink_to(tmp_path / "theirs-target", target_is_directory=True)
    (tmp_path / "theirs-target").mkdir()
    (tmp_path / "theirs-target" / "keep").write_text("mine", encoding="utf-8")
    assert clean_leftovers(site) == 2
    assert not any(folder.exists() for folder in ours)
    assert all(folder.exists() for folder in theirs)
    assert (tmp_path / "theirs-target" / "keep").exists()


def test_a_site_moved_aside_by_a_killed_build_is_moved_back(tmp_path: Path) -> None:
    site = tmp_path / "site"
    aside = tmp_path / ".site.old-abcdefgh" / "site"
    aside.mkdir(parents=True)
    (aside / "index.html").write_text("old site", encoding="utf-8")
    assert clean_leftovers(site) == 1
    assert (site / "index.html").read_text(encoding="utf-8") == "old site"
    assert not aside.parent.exists()


def test_fix_deletes_the_temp_files_of_killed_fix_runs_only(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", {"wiki/index.md": "# Home\n\n[[Guide]]\n", "wiki/guide.md": "# Guide\n"})
    wiki = root / "wiki"
    dead = wiki / ".index.md.wikiforge-999999999-abcdefgh.tmp"
    legacy_old = wiki / ".guide.md.wikiforge-abcdefgh.tmp"
    legacy_new = wiki / ".guide.md.wikiforge-zyxwvuts.tmp"
    alive = wiki / f".index.md.wikiforge-{os.getpid()}-abcdefgh.tmp"
    other = wiki / ".notes.tmp"
    for path in (dead, legacy_old, legacy_new, alive, other):
        path.write_bytes(b"")
    past = time.time() - LEGACY_AGE_SECONDS - 60
    os.utime(legacy_old, (past, past))
    proc = wikiforge("check", "--fix", cwd=root)
    proc.communicate(timeout=60)
    assert not dead.exists() and not legacy_old.exists()
    assert legacy_new.exists() and alive.exists() and other.exists()
    assert "[[guide]]" in (wiki / "index.md").read_text(encoding="utf-8")


def test_fix_killed_many_times_leaves_no_temp_file_after_the_next_fix(tmp_path: Path) -> None:
    pages = {f"wiki/p{i}.md": f"# P{i}\n\n[[P{(i + 1) % 200}]]\n" for i in range(200)}
    root = write_wiki(tmp_path / "p", pages)
    for delay in (0.5, 0.8, 1.1):
        proc = wikiforge("check", "--fix", "--no-cache", cwd=root)
        time.sleep(delay)
        kill(proc)
    wikiforge("check", "--fix", cwd=root).communicate(timeout=60)
    assert not list((root / "wiki").glob(".*.tmp"))
