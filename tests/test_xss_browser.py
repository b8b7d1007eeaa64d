"""No payload runs in the built site (issue 13 item 5), as seen by headless Chromium.

`tests/xss/payloads.txt` holds the payloads as data, one a line: the place it goes, a tab,
the payload. `PLACES` below turns each place into text of a wiki: page bodies, raw HTML,
Markdown links and images, wikilinks (targets, labels, anchors), embeds, headings,
callout titles and bodies, math, code, comments, frontmatter (title, aliases, tags,
type, any key), client tier data, file and folder names, `source_docs` and attachments.
The wiki is built and served over HTTP; then every `.html` file of the site, whatever
generated it, is opened, so a page type added later is covered without a change here,
and every other file the site publishes is opened too. On each: no dialog may open,
`window.__xss` must stay unset, no element may carry an `on…` handler, every script
must be one of the theme's files, and every link with a `javascript:` URL (there should
be none) is clicked. Adding a payload is adding a line; adding a place is a line in
`PLACES`.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from conftest import write_wiki
from test_browser import _serving, browser  # noqa: F401 - browser is the shared Chromium fixture

PAYLOADS = Path(__file__).parent / "xss" / "payloads.txt"
MIN_PAYLOADS = 150
_FILE_NAME_UNSAFE = str.maketrans({"/": "_", "\\": "_", "|": "_", "#": "_", "^": "_", "[": "(", "]": ")"})

_DOM_PROBLEMS = """() => {
  const problems = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) {
      if (attr.toLowerCase().startsWith("on")) problems.push(`${el.tagName} has ${attr}`);
    }
  }
  for (const script of document.scripts) {
    if (!script.src || !new URL(script.src).pathname.includes("/_static/")) {
      problems.push(`script ${script.src || script.textContent.slice(0, 60)}`);
    }
  }
  for (const el of document.querySelectorAll("iframe, object, embed, frame, base, meta[http-equiv]")) {
    problems.push(`element ${el.outerHTML.slice(0, 80)}`);
  }
  return problems;
}"""
_SCRIPT_LINKS = """() => [...document.querySelectorAll("a[href], area[href]")]
  .map((a, i) => [i, a.protocol]).filter(([, p]) => p === "javascript:").map(([i]) => i)"""


def load_payloads() -> list[tuple[str, str]]:
    lines = PAYLOADS.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


class PayloadWiki:
    """The files of a wiki carrying payloads; body places collect into one page each."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.sections: dict[str, list[str]] = defaultdict(list)
        self.pages: list[str] = []

    def body(self, place: str, text: str) -> None:
        self.sections[place].append(text)

    def page(self, path: str, frontmatter: dict[str, Any], body: str = "[[index]]\n") -> None:
        """A page with `frontmatter` as YAML (JSON is YAML, and quotes every payload)."""
        lines = [f"{key}: {json.dumps(value)}" for key, value in frontmatter.items()]
        self.files[path] = "---\n" + "\n".join(lines) + "\n---\n" + body
        self.pages.append(path)

    def finish(self) -> dict[str, str]:
        for place, texts in self.sections.items():
            self.files[f"wiki/places/{place}.md"] = f"# {place}\n\n" + "\n\n".join(texts) + "\n"
        links = [f"[[places/{place}]]" for place in self.sections]
        links += [f"[[{p.removeprefix('wiki/').removesuffix('.md')}]]" for p in self.pages]
        embeds = [f"![[places/{place}]]" for place in ("callout_title", "callout_body", "heading", "wikilink_label")]
        self.files["wiki/index.md"] = "# Payloads\n\n## Section\n\n" + "\n".join(links) + "\n"
        self.files["wiki/embeds.md"] = "# Embeds\n\n" + "\n\n".join(e for e in embeds) + "\n\n[[index]]\n"
        return self.files


def _callout_title(wiki: PayloadWiki, n: int, p: str) -> None:
    forms = (
        f"> [!note] {p}\n> body",
        f"> [!tip]- {p}\n> body",
        f"> [!info]+ {p}\n> body",
        f"- item\n  > [!warning] {p}\n  > in a list",
        f"> quote\n> > [!note] {p}\n> > nested",
    )
    wiki.body("callout_title", forms[n % len(forms)])


def _file_name(wiki: PayloadWiki, n: int, p: str) -> None:
    name = p.translate(_FILE_NAME_UNSAFE)[:120]
    wiki.files[f"wiki/files/{name}.md"] = f"# File {n}\n\n[[index]]\n"
    wiki.body("body", f"[[{name}]]")


def _source_docs(wiki: PayloadWiki, n: int, p: str) -> None:
    name = p.translate(_FILE_NAME_UNSAFE)[:120]
    wiki.files[f"raw/{name}"] = f"# Doc {n}\n\n{p}\n"
    wiki.page(f"wiki/cites/c{n}.md", {"title": f"Cites {n}", "source_docs": [f"raw/{name}", p]})


def _tier(wiki: PayloadWiki, n: int, p: str) -> None:
    okrs = [{"objective": p, "key_results": [p, {"text": p, "target": p, "progress": p}]}]
    fields = {"title": p, "type": "client", "tier": 2, "tier_override": 1, "override_reason": p}
    more = {"retainer": 1000, "growth_potential": p, "workstreams": [p], "okrs": okrs, "onboarding_tier": 3}
    wiki.page(f"wiki/clients/c{n}.md", {**fields, **more, "tier_history": [{"date": "2026-01-01", "tier": 1}]})


def _attachment(wiki: PayloadWiki, n: int, p: str) -> None:
    wiki.files[f"wiki/att/a{n}.svg"] = p
    wiki.files[f"wiki/att/a{n}.html"] = p
    wiki.body("body", f"![[att/a{n}.svg]] [[att/a{n}.svg]] [[att/a{n}.html]] ![[att/a{n}.html]]")


PLACES: dict[str, Callable[[PayloadWiki, int, str], None]] = {
    "body": lambda w, n, p: w.body("body", f"Before {p} after."),
    "html_block": lambda w, n, p: w.body("html_block", p),
    "markdown": lambda w, n, p: w.body("markdown", p),
    "heading": lambda w, n, p: w.body("heading", f"## {p}"),
    "link_text": lambda w, n, p: w.body("link_text", f"[{p}](../index.md)"),
    "wikilink": lambda w, n, p: w.body("wikilink", f"[[{p}]]"),
    "wikilink_label": lambda w, n, p: w.body("wikilink_label", f"[[index|{p}]]"),
    "wikilink_anchor": lambda w, n, p: w.body("wikilink_anchor", f"[[index#{p}]] [[#{p}]]"),
    "embed": lambda w, n, p: w.body("embed", f"![[{p}]]"),
    "callout_title": _callout_title,
    "callout_body": lambda w, n, p: w.body("callout_body", f"> [!note] Title\n> {p}"),
    "math": lambda w, n, p: w.body("math", f"${p}$ and\n\n$$\n{p}\n$$"),
    "code": lambda w, n, p: w.body("code", f"`{p}`\n\n```\n{p}\n```\n\n```html\n{p}\n```"),
    "fence_info": lambda w, n, p: w.body("fence_info", f"```{p}\ncode\n```"),
    "comment": lambda w, n, p: w.body("comment", f"%%{p}%% and <!--{p}-->"),
    "title": lambda w, n, p: w.page(f"wiki/titles/t{n}.md", {"title": p}),
    "alias": lambda w, n, p: w.page(f"wiki/aliases/a{n}.md", {"title": f"Alias {n}", "aliases": [p]}),
    "tag": lambda w, n, p: w.page(f"wiki/tags/t{n}.md", {"title": f"Tag {n}", "tags": [p]}),
    "type": lambda w, n, p: w.page(f"wiki/types/t{n}.md", {"title": f"Type {n}", "type": p}),
    "key": lambda w, n, p: w.page(f"wiki/keys/k{n}.md", {"title": f"Key {n}", "note": p, p[:40]: "value"}),
    "tier": _tier,
    "file_name": _file_name,
    "folder_name": lambda w, n, p: w.page(f"wiki/{p.translate(_FILE_NAME_UNSAFE)[:120]}/note{n}.md", {}),
    "source_docs": _source_docs,
    "attachment": _attachment,
}


def payload_wiki() -> dict[str, str]:
    wiki = PayloadWiki()
    for n, (place, payload) in enumerate(load_payloads()):
        PLACES[place](wiki, n, payload)
    return wiki.finish()


def test_payloads_are_data_for_known_places() -> None:
    payloads = load_payloads()
    assert len(payloads) >= MIN_PAYLOADS
    assert {place for place, _ in payloads} == set(PLACES)


@pytest.fixture(scope="module", params=["pretty", "files"])
def payload_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The payload wiki built with each URL style: pretty is served over HTTP, files is
    opened from the file system (where a page's origin is its own file)."""
    project = write_wiki(tmp_path_factory.mktemp("xss") / "project", payload_wiki())
    urls = ["--urls", request.param]
    command = [sys.executable, "-m", "wikiforge", "build", str(project), *urls, "-j", "1", "--no-cache"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "; 0 warnings;" in done.stdout, done.stdout + done.stderr  # every page rendered
    return project / "site", request.param


@pytest.fixture(scope="module")
def browser_page(browser: Any) -> Iterator[Any]:  # noqa: F811 - the fixture imported above
    """One headless Chromium page, reused for every file; dialogs are recorded and dismissed."""
    page = browser.new_context().new_page()
    page.set_default_timeout(5000)
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: (page.dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    yield page
    page.context.close()


def _open(page: Any, url: str) -> str | None:
    """Load `url`; None when it loaded or downloaded (a download runs nothing), else why not."""
    from playwright.sync_api import Error

    try:
        page.goto(url, wait_until="load")
    except Error as error:
        return None if "Download is starting" in error.message else f"{url}: {error.message.splitlines()[0]}"
    return None


def _visit(page: Any, url: str) -> list[str]:
    """Open `url`, click every `javascript:` link on it; what ran or could run there."""
    from playwright.sync_api import Error

    failed = _open(page, url)
    if failed is not None:
        return [failed]
    problems = [f"window.__xss set on {url}"] if page.evaluate("() => window.__xss") else []
    if url.endswith((".html", "/")):
        problems += [f"{url}: {p}" for p in page.evaluate(_DOM_PROBLEMS)]
        for index in page.evaluate(_SCRIPT_LINKS):
            problems.append(f"{url}: javascript: link {index}")
            with contextlib.suppress(Error):
                page.locator("a[href], area[href]").nth(index).click(timeout=2000, force=True, no_wait_after=True)
            problems += [p for p in [_open(page, url)] if p]
    return problems


def test_no_payload_runs_on_any_page_or_file(payload_site: tuple[Path, str], browser_page: Any) -> None:
    payload_site, urls = payload_site
    files = sorted(p.relative_to(payload_site).as_posix() for p in payload_site.rglob("*") if p.is_file())
    files = [f for f in files if not f.startswith(".")]
    pages = [f for f in files if f.endswith(".html")]
    kinds = ("tags/", "tiers/", "search", "graph", "all-pages", "broken-links", "404.html", "raw/", "places/")
    assert all(any(k in page for page in pages) for k in kinds), "a page type is missing from the site"
    problems: list[str] = []
    if urls == "pretty":
        with _serving(payload_site) as server:
            for name in files:
                problems += _visit(browser_page, f"{server}/{quote(name)}")
    else:
        for name in files:
            problems += _visit(browser_page, (payload_site / name).as_uri())
    assert browser_page.dialogs == []
    assert problems == []
