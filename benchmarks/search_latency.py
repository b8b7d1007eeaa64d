#!/usr/bin/env python3
"""Time the site's full-text search as a reader uses it, and what its index costs a build.

With a built SITE, serves it over HTTP (keep-alive, as any real server) and opens its
search page in headless Chromium (Debian's `chromium`, driven by Playwright); for each of
WORDS (the commonest long words of the wiki, so the hardest queries: thousands of pages
match), types the word a letter at a time from its third and times each keystroke, in
the page, from the input event to the results painted. Prints the median and the slowest keystroke after a word's first
query, the first query of a word (its chunks and fragments fetched), and the most bytes
one query transferred. With `--index WIKI`, times instead the index's share of a cold
build, in this process: every page's words and terms (the per-page stage's part,
divided by the cores that stage runs on) and the build's index (fragments, postings,
chunks).

Usage: search_latency.py SITE | search_latency.py --index WIKI
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from statistics import median

WORDS = 3
TYPE_AND_WAIT = """async (q) => {
  const box = document.getElementById('search-q'), list = document.getElementById('search-results');
  const began = performance.now();
  box.value = q;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise(shown => {
    const done = () =>
      list.getAttribute('aria-busy') === 'false' && new URLSearchParams(location.search).get('q') === q;
    const tick = () => requestAnimationFrame(done() ? shown : tick);
    tick();
  });
  return (performance.now() - began) / 1000;
}"""
"""Types `q` into the search box as an input event and waits, in the page, for its
results to be painted (the frame after the list stops being busy): the time a reader
waits, without the round trips of the driver (Playwright's `fill` and polling added
40-70 ms a keystroke on this machine, more than the search itself)."""


class _Quiet(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def common_words(site: Path, count: int) -> list[str]:
    """The commonest words of eight letters or more in the site's page fragments."""
    found: Counter[str] = Counter()
    for path in sorted((site / "_static/search/f").glob("*.json"))[:300]:
        found.update(set(re.findall(r"[^\W\d_]{8,}", path.read_text(encoding="utf-8").lower())))
    return [word for word, _ in found.most_common(count)]


def measure(site: Path) -> tuple[list[float], list[float], int]:
    """Keystroke times after a word's first query, first-query times, most bytes a query took."""
    from playwright.sync_api import sync_playwright

    after, first, most = [], [], 0
    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        page = browser.new_page()
        sizes: list[int] = []
        page.on("response", lambda response: sizes.append(len(response.body()) if response.ok else 0))
        page.goto(f"{url}/search/")
        page.wait_for_load_state("networkidle")
        for word in common_words(site, WORDS):
            for end in range(3, len(word) + 1):
                sizes.clear()
                (first if end == 3 else after).append(page.evaluate(TYPE_AND_WAIT, word[:end]))
                page.wait_for_load_state("networkidle")
                most = max(most, sum(sizes))
        browser.close()
    return after, first, most


def index_seconds(wiki: Path) -> float:
    """The search index's share of a cold build, measured in this process."""
    from wikiforge.config.settings import load_config
    from wikiforge.parse.page import search_text
    from wikiforge.pipeline import analyse
    from wikiforge.site import fulltext
    from wikiforge.site.layout import Layout

    config = load_config(wiki)
    analysis = analyse(config, render=True)
    rendered = [record for record in analysis.records.values() if record.body is not None]
    started = time.perf_counter()
    for record in rendered:
        search_text(record)
    per_page = (time.perf_counter() - started) / max(1, min(os.cpu_count() or 1, len(rendered)))
    started = time.perf_counter()
    docs = fulltext.Docs.of(Layout(config, analysis.files), analysis.records)
    terms = []
    for number, (path, url) in enumerate(zip(docs.paths, docs.urls, strict=True)):
        found = fulltext.fragment(analysis.records[path], url)
        fulltext.fragment_bytes(found)
        terms.append((number, fulltext.terms_of(analysis.records[path], found)))
    fulltext.whole_index(fulltext.invert(terms))
    return per_page + time.perf_counter() - started


def main() -> int:
    if sys.argv[1] == "--index":
        print(f"search index {index_seconds(Path(sys.argv[2])):.3f} s")
        return 0
    after, first, most = measure(Path(sys.argv[1]))
    print(f"search keystroke {median(after):.4f} s (slowest {max(after):.4f} s, {len(after)} keystrokes)")
    print(f"search first query {median(first):.4f} s")
    print(f"search transfer {most / 1000:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
