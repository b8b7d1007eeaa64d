"""The language server's analysis, advanced keystroke by keystroke from its buffers, is
always the analysis a fresh run makes of the same text (issue 16): findings, links and
sources equal after every edit, whatever the edit reached."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wikiforge.lint.selection import load_settings
from wikiforge.lsp.session import Session
from wikiforge.pipeline import analyse


def _fresh(root: Path, buffers: dict[str, bytes], scratch: Path) -> object:
    """A whole analysis of a copy of the wiki with the buffers saved into it."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(".wikiforge*"))
    for path, data in buffers.items():
        (scratch / path).parent.mkdir(parents=True, exist_ok=True)
        (scratch / path).write_bytes(data)
    config, selection = load_settings(scratch)
    return analyse(config, selection=selection)


def _edits(root: Path) -> list[tuple[str, bytes | None]]:
    """(path, new buffer or None to close it): edits of every kind an editor sends."""
    pages = sorted(p.relative_to(root).as_posix() for p in (root / "wiki").rglob("*.md"))
    first, second, third = pages[1], pages[5], pages[9]
    text = {p: (root / p).read_bytes() for p in (first, second, third)}
    heading_gone = text[second].replace(b"## ", b"## Renamed ", 1)
    return [
        (first, text[first] + b"\n[[no-such-page]] and [[" + Path(second).stem.encode() + b"#Nope]]\n"),
        (second, heading_gone),
        (first, text[first].replace(b"[[", b"[x[", 3)),
        (third, text[third].replace(b"title:", b"title: Same Title\nold_title:", 1)),
        (second, text[second].replace(b"title:", b"title: Same Title\nold_title:", 1)),
        ("wiki/knowledge/unsaved-new-page.md", b"# New\n\n[[" + Path(third).stem.encode() + b"]] [[nowhere]]\n"),
        (first, None),
        (third, text[third] + b"\n---\nbroken: [yaml\n"),
        (third, b"---\ntitle: [unclosed\n---\n# T\n"),
        ("wiki/knowledge/unsaved-new-page.md", None),
        (second, None),
    ]


@pytest.mark.parametrize("jobs", [1])
def test_every_step_equals_a_fresh_analysis(generated: Path, tmp_path: Path, jobs: int) -> None:
    from wikiforge.load.options import LoadOptions

    root = tmp_path / "wiki"
    shutil.copytree(generated, root)
    session = Session(root, LoadOptions(jobs=jobs))
    buffers: dict[str, bytes] = {}
    session.refresh(buffers, listing=True)
    for step, (path, data) in enumerate(_edits(root)):
        if data is None:
            buffers.pop(path, None)
        else:
            buffers[path] = data
        kept = session.refresh(dict(buffers), listing=path not in session.analysis.records)  # type: ignore[union-attr]
        fresh = _fresh(root, buffers, tmp_path / f"fresh-{step}")
        assert kept.diagnostics == fresh.diagnostics, f"step {step}: {path}"  # type: ignore[attr-defined]
        assert kept.links == fresh.links, f"step {step}"  # type: ignore[attr-defined]
        assert kept.sources == fresh.sources, f"step {step}"  # type: ignore[attr-defined]
        assert list(kept.records) == list(fresh.records)  # type: ignore[attr-defined]
