"""`wikiforge serve` in a real browser (headless Chromium through Playwright, as in
test_browser.py): a served page shows its findings, follows an edit of its file without
a manual reload, and every page follows an edit of a template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import write_wiki
from test_browser import launched_chromium
from test_serve import REPO, WIKI, serving


@pytest.fixture
def page() -> Iterator[Any]:
    with launched_chromium() as browser:
        yield browser.new_page()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return write_wiki(tmp_path / "p", WIKI)


def test_an_open_page_follows_edits_of_its_file_and_of_a_template(page: Any, project: Path) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with serving(project) as served:
        page.goto(served.url)
        panel = page.locator("#wikiforge-live")
        panel.wait_for(state="visible", timeout=10_000)
        assert "1 finding on this page" in panel.inner_text()
        assert "WF101" in panel.inner_text() and "ghost" in panel.inner_text()

        page.evaluate("window.__notReloaded = true")
        (project / "wiki/index.md").write_text("# Home\n\nFresh words and [[alpha]], nothing broken.\n")
        page.get_by_text("Fresh words").wait_for(timeout=20_000)
        assert page.evaluate("window.__notReloaded === undefined"), "the script reloads the page itself"
        panel.wait_for(state="hidden", timeout=10_000)

        (project / "wiki/index.md").write_text("# Home\n\nFresh words and [[alpha]] and [[nowhere]].\n")
        page.get_by_text("1 finding on this page").wait_for(timeout=20_000)
        page.get_by_role("button", name="Dismiss").click()
        panel.wait_for(state="hidden", timeout=5_000)

        (project / "templates").mkdir()
        theme = (REPO / "templates" / "base.html").read_text()
        (project / "templates" / "base.html").write_text(theme.replace("Built with wikiforge", "Built live with"))
        page.get_by_text("Built live with").wait_for(timeout=20_000)
        page.goto(served.url + "alpha/")
        assert "Built live with" in page.content()
    assert not errors, errors
