"""The one place the Markdown parser is configured.

CommonMark plus GitHub's extensions (tables, strikethrough, task lists, footnotes, bare
URL autolinks), our wikilink rule, and source-span recording. Every stage that reads
Markdown gets its parser here, so check and build see a page the same way.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.gfm import gfm_plugin

from .spans import source_spans_plugin
from .wikilinks import wikilinks_plugin


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    """Return the shared parser (built once per process)."""
    md = MarkdownIt("commonmark").use(gfm_plugin).use(wikilinks_plugin)
    md.use(source_spans_plugin)
    return md
