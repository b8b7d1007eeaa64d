"""A page that trips a bug while rendering gets a page saying so; the others are built."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_wiki
from wikiforge.lint.selection import load_settings
from wikiforge.pipeline import analyse
from wikiforge.site import links
from wikiforge.site.build import BuildOptions, build_site


def test_a_page_that_fails_to_render_is_reported_and_the_rest_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_wiki(
        tmp_path / "p", {"wiki/a.md": "# A\n\n[[b]]\n", "wiki/b.md": "# B\n\n[[a]]\n", "wiki/c.md": "# C\n"}
    )
    fill = links.LinkFiller.fill

    def failing_on_b(self: links.LinkFiller, page: str, html: str, at: str) -> str:
        if page == "wiki/b.md":
            raise ValueError("boom")
        return fill(self, page, html, at)

    monkeypatch.setattr(links.LinkFiller, "fill", failing_on_b)
    config, selection = load_settings(root)
    result = build_site(analyse(config, render=True, selection=selection), BuildOptions(out=tmp_path / "site"))
    assert result.warnings == ["wiki/b.md: a bug in wikiforge stopped it (ValueError: boom); please report this"]
    assert result.pages == 3
    b = (tmp_path / "site" / "b" / "index.html").read_text(encoding="utf-8")
    assert "This page could not be shown: a bug in wikiforge stopped it (ValueError: boom)" in b
    a = (tmp_path / "site" / "a" / "index.html").read_text(encoding="utf-8")
    assert '<a class="internal" href="../b/">B</a>' in a
