"""The graph view in a real browser (issue 17 item 2): headless Debian Chromium through
Playwright, with `test_browser`'s helpers.

On the sample wiki, served from a sub-path and opened from the file system (`--urls
files`), and on the 1,000-page generated wiki: the global graph and a page's local graph
draw with no console error, pointing at a node shows its title, clicking it opens its
page, and no request leaves the machine. The filters and the colouring by tier change
what is drawn, the dark theme recolours it, the graph page fits a phone, and a title
made to run script stays text in the tooltip.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import generate_wiki, run_build, write_wiki
from test_browser import ARTICLE, ARTICLE_TITLE, Problems, _serving, build, launched_chromium, open_page

GLOBAL = "#graph"
LOCAL = ".local-graph .graph-canvas"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample wiki built as `site` (pretty URLs) and `files` (`--urls files`)."""
    root = tmp_path_factory.mktemp("graph-sample")
    build(root / "site")
    build(root / "files", "--urls", "files")
    return root


@pytest.fixture(scope="module")
def server(sites: Path) -> Iterator[str]:
    """The folder holding the sample's sites, served so the site is under /site/."""
    with _serving(sites) as url:
        yield url


@pytest.fixture
def tab(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    yield context
    context.close()


def wait_settled(page: Any, selector: str, timeout: float = 60_000) -> None:
    """Until the graph in `selector` has drawn, laid out and zoomed to fit."""
    page.wait_for_selector(f"{selector}[data-drawn]", state="attached", timeout=timeout)
    page.wait_for_selector(f"{selector}[data-settled]", state="attached", timeout=timeout)


def point_at(page: Any, selector: str, url: str, title: str) -> dict[str, float] | None:
    """Put the pointer on the node of the page at `url` (from the site root); where it
    is, once the graph's tooltip names `title`, or None if another node covers it."""
    where = page.evaluate("([s, u]) => document.querySelector(s).wikiforgeGraph.where(u)", [selector, url])
    assert where is not None, f"no node for {url}"
    for nudge in (0, 1, -1):
        page.mouse.move(where["x"] + nudge, where["y"])
        page.wait_for_timeout(250)
        shown = page.evaluate("s => (document.querySelector(s + ' .graph-tooltip') || {}).textContent || ''", selector)
        if shown.startswith(title):
            return {"x": where["x"] + nudge, "y": where["y"]}
    return None


def click_through(page: Any, selector: str, candidates: list[tuple[str, str]]) -> str:
    """Click the first of `candidates` (url, title) whose node the pointer finds; the
    url it opened."""
    for url, title in candidates:
        where = point_at(page, selector, url, title)
        if where is None:
            continue
        with page.expect_navigation():
            page.mouse.click(where["x"], where["y"])
        page.wait_for_load_state("networkidle")
        return url
    raise AssertionError(f"no node of {candidates} could be pointed at")


def data_of(site: Path) -> dict[str, Any]:
    text = (site / "_static" / "graph-data.js").read_text(encoding="utf-8")
    return json.loads(text[len("window.WIKIFORGE_GRAPH=") : -2])  # type: ignore[no-any-return]


def pages_of(site: Path, limit: int = 6) -> list[tuple[str, str]]:
    """(url, title) of the best linked pages, which draw largest."""
    rows = data_of(site)["nodes"]
    degree = [0] * len(rows)
    for source, row in enumerate(rows):
        for target in row[7]:
            degree[source] += 1
            degree[target] += 1
    order = sorted((i for i, row in enumerate(rows) if row[2] == "p"), key=lambda i: -degree[i])
    return [(rows[i][1], rows[i][0]) for i in order[:limit]]


@pytest.mark.parametrize("where", ["sub-path", "file system"])
def test_the_global_graph_draws_and_a_click_opens_a_page(tab: Any, sites: Path, server: str, where: str) -> None:
    page = tab.new_page()
    problems = Problems()
    problems.watch(page)
    if where == "sub-path":
        open_page(page, f"{server}/site/")
        with page.expect_navigation():
            page.locator("nav.site-nav a", has_text="Graph").click()
        assert page.url == f"{server}/site/graph/"
        site, base = sites / "site", f"{server}/site/"
    else:
        open_page(page, (sites / "files" / "graph.html").as_uri())
        site, base = sites / "files", (sites / "files").as_uri() + "/"
    wait_settled(page, GLOBAL)
    assert page.locator("#graph-status").inner_text().startswith(f"{len(data_of(site)['nodes'])} of ")
    assert page.locator("#graph-legend li").count() >= 3
    article = f"{ARTICLE}/" if where == "sub-path" else f"{ARTICLE}.html"
    opened = click_through(page, GLOBAL, [(article, ARTICLE_TITLE), *pages_of(site)])
    assert page.url == base + opened
    problems.assert_none()


def test_the_filters_and_the_tier_colours(tab: Any, server: str) -> None:
    page = tab.new_page()
    problems = Problems()
    problems.watch(page)
    open_page(page, f"{server}/site/graph/")
    wait_settled(page, GLOBAL)
    everything = page.locator("#graph-status").inner_text()
    assert page.locator("#graph-tier-filter").is_visible()  # the sample has client tiers
    page.select_option("#graph-type", label=next(o for o in options(page, "#graph-type") if o.startswith("client ")))
    clients = page.locator("#graph-status").inner_text()
    assert clients != everything and int(clients.split()[0]) == int(clients_count(page))
    page.select_option("#graph-colour", "tier")
    legend = page.locator("#graph-legend").inner_text()
    assert "Strategic" in legend or "Tier 1" in legend
    page.select_option("#graph-type", "")
    page.select_option("#graph-tag", label=next(o for o in options(page, "#graph-tag") if o.startswith("#")))
    assert page.locator("#graph-status").inner_text() != everything
    problems.assert_none()


def options(page: Any, select: str) -> list[str]:
    return [str(text) for text in page.locator(f"{select} option").all_inner_texts()]


def clients_count(page: Any) -> str:
    label = next(o for o in options(page, "#graph-type") if o.startswith("client "))
    return label.split("(")[1].rstrip(")")


def test_the_dark_theme_recolours_the_graph(tab: Any, server: str, tmp_path: Path) -> None:
    page = tab.new_page()
    open_page(page, f"{server}/site/graph/")
    wait_settled(page, GLOBAL)
    swatch = "getComputedStyle(document.querySelector('#graph-legend .graph-swatch')).backgroundColor"
    light = page.evaluate(swatch)
    page.locator("button.theme-toggle").click()
    assert page.evaluate(swatch) != light
    page.wait_for_timeout(500)
    page.screenshot(path=str(tmp_path / "graph-dark.png"))
    page.locator("button.theme-toggle").click()


def test_a_local_graph_draws_and_a_click_opens_a_neighbour(tab: Any, sites: Path, server: str) -> None:
    page = tab.new_page()
    problems = Problems()
    problems.watch(page)
    open_page(page, f"{server}/site/{ARTICLE}/")
    listed = page.locator(".local-graph details li a")
    assert listed.count() > 3  # the list of neighbours, before any script draws
    page.locator(".local-graph").scroll_into_view_if_needed()
    wait_settled(page, LOCAL)
    assert page.locator(".local-graph details").get_attribute("open") is None  # the drawing stands in for the list
    assert page.locator(".local-graph .graph-legend li").count() >= 1
    neighbours = [(str(href), str(text)) for href, text in zip(hrefs(page), listed.all_inner_texts(), strict=True)]
    opened = click_through(page, LOCAL, [(url, title) for url, title in neighbours][:8])
    assert page.url == f"{server}/site/{opened}"
    problems.assert_none()


def hrefs(page: Any) -> list[str]:
    """The neighbours' addresses from the site root, as the data file gives them."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => { const root = new URL(document.querySelector('.local-graph').dataset.root, location.href).href;
          return [...document.querySelectorAll('.local-graph details li a')].map(a => a.href.slice(root.length)); }"""
    )


def test_a_local_graph_from_the_file_system(tab: Any, sites: Path) -> None:
    page = tab.new_page()
    problems = Problems()
    problems.watch(page)
    open_page(page, (sites / "files" / f"{ARTICLE}.html").as_uri())
    page.locator(".local-graph").scroll_into_view_if_needed()
    wait_settled(page, LOCAL)
    listed = page.locator(".local-graph details li a")
    neighbours = list(zip(hrefs(page), listed.all_inner_texts(), strict=True))
    opened = click_through(page, LOCAL, neighbours[:8])
    assert page.url == (sites / "files" / opened).as_uri()
    problems.assert_none()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_graph_page_fits_a_phone(chromium: Any, server: str, scheme: str, tmp_path: Path) -> None:
    phone = chromium.new_context(viewport={"width": 375, "height": 800}, color_scheme=scheme, is_mobile=True)
    page = phone.new_page()
    problems = Problems()
    problems.watch(page)
    try:
        for path in ("graph/", f"{ARTICLE}/"):
            open_page(page, f"{server}/site/{path}")
            if path != "graph/":
                page.locator(".local-graph").scroll_into_view_if_needed()
            wait_settled(page, GLOBAL if path == "graph/" else LOCAL)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px"
            page.screenshot(path=str(tmp_path / f"graph-375-{scheme}-{path.count('/')}.png"), full_page=True)
    finally:
        phone.close()
    problems.assert_none()


HOSTILE = '<img src=x onerror="window.__xss=1"></script><script>window.__xss=2</script>'


def test_a_hostile_title_is_text_in_the_tooltip(tab: Any, tmp_path: Path) -> None:
    files = {
        "wiki/index.md": f"---\ntitle: {json.dumps(HOSTILE)}\n---\n# Home\n\n[[other]] and [[third]]\n",
        "wiki/other.md": "# Other\n\n[[index]]\n",
        "wiki/third.md": "# Third\n\n[[other]]\n",
    }
    root = write_wiki(tmp_path / "project", files)
    assert run_build(root, "--out", tmp_path / "site", "--no-cache").exit_code in (0, 1)
    page = tab.new_page()
    problems = Problems()
    problems.watch(page)
    with _serving(tmp_path / "site") as url:
        open_page(page, f"{url}/graph/")
        wait_settled(page, GLOBAL)
        assert point_at(page, GLOBAL, "", HOSTILE) is not None
        assert page.locator(f"{GLOBAL} .graph-tooltip img").count() == 0
        assert page.evaluate("() => window.__xss") is None
    problems.assert_none()


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The 1,000-page generated wiki, built once (pretty URLs)."""
    folder = tmp_path_factory.mktemp("graph1k")
    root = generate_wiki(folder / "wiki", 1000)
    result = run_build(root, "--out", folder / "site", "--jobs", "2")
    assert result.exit_code in (0, 1), result.output
    yield folder / "site"
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_the_generated_wiki_graphs(tab: Any, generated_site: Path) -> None:
    page = tab.new_page()
    problems = Problems()
    problems.watch(page)
    with _serving(generated_site.parent) as url:
        began = time.monotonic()
        page.goto(f"{url}/site/graph/")
        page.wait_for_selector(f"{GLOBAL}[data-drawn]", state="attached", timeout=30_000)
        assert time.monotonic() - began < 10  # the 2 s target is measured at 10,000 pages (README)
        wait_settled(page, GLOBAL)
        opened = click_through(page, GLOBAL, pages_of(generated_site, 10))
        assert page.url == f"{url}/site/{opened}"
        page.locator(".local-graph").scroll_into_view_if_needed()
        wait_settled(page, LOCAL)
        listed = page.locator(".local-graph details li a")
        neighbours = list(zip(hrefs(page), listed.all_inner_texts(), strict=True))
        again = click_through(page, LOCAL, neighbours[:10])
        assert page.url == f"{url}/site/{again}"
    problems.assert_none()
