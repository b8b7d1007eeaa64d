"""Full-text search in a real browser (issue 17): headless Debian Chromium through
Playwright, on the bundled sample and on the generated 1,000-page wiki.

A word written in one page's body alone finds that page with the word highlighted in
its excerpt; `/` reaches the search box from any page and the arrow keys and Enter pick
a result; search works under a sub-path; opened from the file system, where fetching the
index is refused, it searches titles and says so; nothing is asked of another host, and
a query transfers at most 300 KB.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import generate_wiki
from test_browser import REPO, Problems, _serving, launched_chromium, open_page

WORD = re.compile(r"[^\W_]+")
PLANTED = "xylophonically"


def body_words(path: Path) -> set[str]:
    """The words of a Markdown file after its frontmatter, lower-cased."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text[text.index("\n---", 4) + 4 :]
    return {word.lower() for word in WORD.findall(text)}


def word_in_one_page(root: Path) -> tuple[str, Path]:
    """A long word that one file of the wiki holds and no other, with that file."""
    files = sorted((root / "wiki").rglob("*.md"))
    counts: dict[str, list[Path]] = {}
    for path in files:
        for word in body_words(path):
            counts.setdefault(word, []).append(path)
    word = min(w for w, found in counts.items() if len(found) == 1 and len(w) >= 9 and w.isalpha())
    return word, counts[word][0]


def build(root: Path, out: Path, *options: str) -> Path:
    command = [sys.executable, "-m", "wikiforge", "build", str(root), "--out", str(out), *options]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def wikis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """(wiki, built site) for the sample and the generated 1,000-page wiki, whose page
    30 gets a word of its own."""
    scratch = tmp_path_factory.mktemp("search")
    generated = generate_wiki(scratch / "generated", 1000)
    planted = sorted((generated / "wiki").rglob("*.md"))[30]
    planted.write_text(planted.read_text(encoding="utf-8") + f"\nThe drummer played {PLANTED}.\n", encoding="utf-8")
    return {
        "sample": (REPO, build(REPO, scratch / "sites" / "sample")),
        "generated": (generated, build(generated, scratch / "sites" / "generated")),
    }


@pytest.fixture(scope="module")
def server(wikis: dict[str, tuple[Path, Path]]) -> Iterator[str]:
    """Both sites served under sub-paths: /sample/ and /generated/."""
    with _serving(next(iter(wikis.values()))[1].parent) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def settled(page: Any) -> None:
    """Wait until the results of the last query are all shown (`aria-busy` off)."""
    page.wait_for_function("document.getElementById('search-results').getAttribute('aria-busy') === 'false'")
    page.wait_for_load_state("networkidle")


def search(page: Any, query: str) -> None:
    page.fill("#search-q", query)
    page.wait_for_function(
        "q => document.getElementById('search-results').getAttribute('aria-busy') === 'false' && "
        "new URLSearchParams(location.search).get('q') === q",
        arg=query,
    )
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("wiki", ["sample", "generated"])
def test_a_word_in_one_page_body_finds_that_page_highlighted(
    page: Any, server: str, wikis: dict[str, tuple[Path, Path]], wiki: str
) -> None:
    root, _ = wikis[wiki]
    word, source = (
        (PLANTED, sorted((root / "wiki").rglob("*.md"))[30]) if wiki == "generated" else word_in_one_page(root)
    )
    problems = Problems()
    problems.watch(page)
    open_page(page, f"{server}/{wiki}/search/")
    sizes: list[int] = []
    page.on("response", lambda response: sizes.append(len(response.body()) if response.ok else 0))
    search(page, word)
    results = page.locator("#search-results > li")
    assert results.count() == 1, page.inner_text("#search-results")
    assert page.locator("#search-results mark").first.inner_text().lower() == word
    with page.expect_navigation():
        results.first.locator("a.search-result-link").click()
    stem = source.relative_to(root / "wiki").with_suffix("").as_posix()
    assert page.url.split("#")[0].endswith(f"/{wiki}/{stem}/"), page.url
    assert sum(sizes) <= 300_000, f"the query transferred {sum(sizes)} bytes"
    problems.assert_none()


def test_slash_and_the_arrow_keys_pick_a_result(page: Any, server: str) -> None:
    problems = Problems()
    problems.watch(page)
    open_page(page, f"{server}/sample/knowledge/client-management/client-tier-structure/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("escalation")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#search-results > li")
    page.wait_for_load_state("networkidle")
    titles = page.locator("#search-results a.search-result-link").all_inner_texts()
    assert len(titles) >= 3 and titles[0] == "Escalation Paths"  # its title holds the word
    page.focus("#search-q")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == titles[1]
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.textContent") == titles[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/escalation-paths/" in page.url
    problems.assert_none()


def test_filters_narrow_the_results(page: Any, server: str) -> None:
    open_page(page, f"{server}/sample/search/?q=tier")
    settled(page)
    everything = page.locator("#search-results > li").count()
    page.select_option("#search-type", "client")
    settled(page)
    facts = page.locator("#search-results .search-result-facts").all_inner_texts()
    assert facts and all(text.startswith("client") for text in facts)
    assert int(page.inner_text("#search-status").split()[0]) <= everything + 10  # all clients, not all pages


def test_from_the_file_system_search_finds_titles_and_says_so(browser: Any, tmp_path: Path) -> None:
    out = build(REPO, tmp_path / "files", "--urls", "files")
    page = browser.new_page()
    problems = Problems()
    problems.watch(page)
    page.goto((out / "search.html").as_uri() + "?q=escalation")
    page.wait_for_selector("#search-results > li")
    assert "titles" in page.inner_text("#search-note") and page.is_visible("#search-note")
    assert "Escalation Paths" in page.locator("#search-results a").all_inner_texts()
    problems.assert_none()
    page.close()
