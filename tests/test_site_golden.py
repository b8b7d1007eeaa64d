"""Golden fragments of the built site: `tests/site_cases/<case>/` is a small project (wiki/, raw/,
optional templates/ and wikiforge.toml) and each `expected*.txt` beside it one build of it and the
HTML fragments that must appear in (or be absent from) given site files. Comparing fragments, not
whole files, keeps the cases about links and markup rather than the theme's every line.

expected*.txt, line by line:

    # a comment
    args: --urls files                   extra `wikiforge build` arguments (before any block)
    exit: 2                              the expected exit code (default 0)
    stderr: template page.html, line 4   text the error output must hold (one line each)
    == notes/beta/index.html             the fragments after this line must appear in that file
    <a class="internal" href="../alpha/">Alpha</a>

    <img src="../media/chart.png" ...>   a blank line ends a fragment; one may span lines
    != notes/beta/index.html             none of the lines after this one may appear (one per line)
    <script
    href="javascript:

Whitespace is normalised on both sides (runs of white space become one space, and none is kept
between `>` and `<`). A case that expects exit 2 also asserts that no site was written. Fragments
are chosen and written by hand (`--update-goldens` does not touch them): each states what matters.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import run_build

CASES = Path(__file__).parent / "site_cases"
EXPECTED = sorted(CASES.glob("*/expected*.txt"))


@dataclass
class Block:
    file: str
    present: bool
    fragments: list[str] = field(default_factory=list)


@dataclass
class Expectation:
    args: list[str] = field(default_factory=list)
    exit: int = 0
    stderr: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def normalise(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def parse(text: str) -> Expectation:
    expected = Expectation()
    lines: list[str] = []

    def flush() -> None:
        if lines:
            assert expected.blocks, f"a fragment before any '== file' line: {lines[0]!r}"
            expected.blocks[-1].fragments.append(normalise("\n".join(lines)))
            lines.clear()

    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if line.startswith(("== ", "!= ")):
            flush()
            expected.blocks.append(Block(line[3:].strip(), line.startswith("==")))
        elif not expected.blocks and line.startswith("args:"):
            expected.args += line[5:].split()
        elif not expected.blocks and line.startswith("exit:"):
            expected.exit = int(line[5:])
        elif not expected.blocks and line.startswith("stderr:"):
            expected.stderr.append(line[7:].strip())
        elif line.strip() and expected.blocks and not expected.blocks[-1].present:
            expected.blocks[-1].fragments.append(normalise(line))
        elif line.strip():
            lines.append(line)
        else:
            flush()
    flush()
    return expected


def near(haystack: str, fragment: str) -> str:
    """Where the longest leading part of `fragment` occurs in `haystack`: what a failure shows."""
    best = 0
    for size in range(len(fragment), 0, -max(1, len(fragment) // 40)):
        if fragment[:size] in haystack:
            best = size
            break
    if best == 0:
        return "(nothing alike)"
    at = haystack.index(fragment[:best])
    return haystack[max(0, at - 80) : at + len(fragment) + 80]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Build each (case, args) once; returns (result, site folder)."""
    cache: dict[tuple[Path, tuple[str, ...]], tuple[object, Path]] = {}

    def build(case: Path, args: list[str]):  # type: ignore[no-untyped-def]
        key = (case, tuple(args))
        if key not in cache:
            work = tmp_path_factory.mktemp(case.name)
            project = work / "project"
            shutil.copytree(case, project, ignore=shutil.ignore_patterns("expected*.txt"))
            site = work / "site"
            cache[key] = (run_build(project, "--out", site, *args), site)
        return cache[key]

    return build


def test_cases_exist() -> None:
    assert len(EXPECTED) >= 12, "the site golden cases folder is missing or nearly empty"
    for path in EXPECTED:
        expected = parse(path.read_text(encoding="utf-8"))
        assert expected.blocks or expected.stderr, f"{path} asserts nothing"


@pytest.mark.parametrize("expected_file", EXPECTED, ids=[p.relative_to(CASES).as_posix() for p in EXPECTED])
def test_site_case(expected_file: Path, built) -> None:  # type: ignore[no-untyped-def]
    expected = parse(expected_file.read_text(encoding="utf-8"))
    result, site = built(expected_file.parent, expected.args)
    assert result.exit_code == expected.exit, result.output
    for needle in expected.stderr:
        assert needle in result.stderr, result.stderr
    if expected.exit == 2:
        assert not site.exists(), "a build that fails must write no site"
    problems = []
    for block in expected.blocks:
        path = site / block.file
        if not path.is_file():
            problems.append(f"{block.file}: no such file in the site")
            continue
        html = normalise(path.read_bytes().decode("utf-8", "replace"))
        for fragment in block.fragments:
            if block.present and fragment not in html:
                problems.append(f"{block.file}: missing\n    {fragment}\n  nearest:\n    {near(html, fragment)}")
            elif not block.present and fragment in html:
                problems.append(f"{block.file}: must not hold\n    {fragment}\n  found:\n    {near(html, fragment)}")
    assert not problems, "\n".join(problems)


def test_parse_reads_the_format() -> None:
    expected = parse(
        "# comment\nargs: --urls files\nexit: 2\nstderr: bad thing\n== a.html\n<p>\n  x</p>\n\n<b>y</b>\n"
        "!= b.html\n<script\nonclick=\n"
    )
    assert expected.args == ["--urls", "files"]
    assert expected.exit == 2
    assert expected.stderr == ["bad thing"]
    assert [(b.file, b.present, b.fragments) for b in expected.blocks] == [
        ("a.html", True, ["<p> x</p>", "<b>y</b>"]),
        ("b.html", False, ["<script", "onclick="]),
    ]
