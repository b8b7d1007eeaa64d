"""The same wiki gives the same bytes under any `PYTHONHASHSEED` (issue 13, "Output that
changes from run to run").

The wiki is made of ties: pages with one title citing one source document (its "cited
by" list), linking one page (its backlinks), sharing tags that differ only in case, and
broken links whose "did you mean" candidates are equally close. `check --format json`
and `build` run in subprocesses under two seeds; the report and every site file must be
byte for byte the same (the build's own manifest holds file times, so it is left out).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import snapshot, write_wiki

SEEDS = ("1", "2")


def _tied_wiki() -> dict[str, str]:
    files = {
        "raw/doc.md": "# Doc\n\nCited by many.\n",
        "raw/notes.txt": "plain\n",
        "wiki/target.md": "# Target\n\n## Part\n\nText.\n",
        "wiki/targex.md": "# Targex\n",
        "wiki/targey.md": "# Targey\n",
    }
    for folder in ("a", "b", "c", "d"):
        for name, tag in (("note", "Shared"), ("other", "shared")):
            files[f"wiki/{folder}/{name}.md"] = (
                f"---\ntitle: Same\ntags: [{tag}, x]\nsource_docs: [raw/doc.md, raw/notes.txt]\n---\n"
                "See [[target]], [[targez]], [[target#Prat]] and [[tarqet]].\n"
            )
    return files


def _run(project: Path, seed: str, *args: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "wikiforge", *args, str(project)], env=env, capture_output=True, check=False
    )
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.stdout


def _outputs(tmp_path: Path, seed: str) -> tuple[object, dict[str, bytes]]:
    project = write_wiki(tmp_path / f"seed-{seed}" / "wiki-project", _tied_wiki())
    report = json.loads(_run(project, seed, "check", "--format", "json", "--no-cache"))
    report.pop("seconds", None)
    report.get("summary", {}).pop("seconds", None)
    _run(project, seed, "build", "--no-cache", "-j", "1")
    site = snapshot(project / "site")
    site.pop(".wikiforge-site.json", None)
    shutil.rmtree(project)
    return report, site


def test_check_and_build_are_the_same_under_two_hash_seeds(tmp_path: Path) -> None:
    first_report, first_site = _outputs(tmp_path, SEEDS[0])
    second_report, second_site = _outputs(tmp_path, SEEDS[1])
    assert first_report == second_report
    assert sorted(first_site) == sorted(second_site)
    differing = [name for name in first_site if first_site[name] != second_site[name]]
    assert not differing, f"differ between hash seeds: {differing}"
