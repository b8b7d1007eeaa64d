"""What templates see: plain dicts and lists, built from records and resolved links.

Everything a template shows is computed here, with URLs already relative to the page
being rendered, so templates hold markup only and a project overriding one needs to
know nothing about how wikiforge resolves links. README's "Templates" section lists
these variables.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..config.settings import Config
from ..core.records import Heading, PageRecord
from ..parse.markdown.sentences import LINK_TEXT
from ..resolve.links import ResolvedLink, ResolvedSource
from ..tiers import TierReport
from .cards import Card, date_text
from .layout import Layout
from .links import LinkFiller
from .tier_card import tier_card

TOC_LEVELS = (2, 3, 4)


@dataclass(frozen=True)
class SiteIndex:
    """Cross-page facts every page's context draws on, computed once per build."""

    config: Config
    layout: Layout
    records: Mapping[str, PageRecord]
    """Every page's and document's record: read only for the files being written (and
    what they embed), so a build that writes a few loads a few (`cards.Lazy`)."""
    cards: Mapping[str, Card]
    filler: LinkFiller
    linkers: dict[str, list[tuple[str, int]]]
    """Per page or document: the pages linking to it, each with its link's number, in
    the order of the records; `backlinks` turns them into sentences for one page."""
    cited_by: dict[str, list[str]]
    sources_of: dict[str, list[ResolvedSource]]
    note_folders: dict[str, str]
    folders: set[str]
    folder_children: dict[str, tuple[list[str], list[str]]]
    finding_count: int
    broken_count: int
    tiers: TierReport | None
    """The client tiers, when the wiki has client pages (and so tier pages)."""
    readable_sentences: dict[tuple[str, str], str] = field(default_factory=dict)
    """Backlink sentences as readers see them, by (linking page, sentence)."""
    kept_backlinks: Mapping[str, dict[str, list[str]]] | None = None
    """Every page's backlinks as the last build kept them (`kept_site`), instead of
    `linkers`, when this build writes only the pages an edit reached."""

    @classmethod
    def build(
        cls,
        config: Config,
        layout: Layout,
        records: dict[str, PageRecord],
        cards: Mapping[str, Card],
        filler: LinkFiller,
        sources: Iterable[ResolvedSource],
        folders: Iterable[str],
        links: Iterable[ResolvedLink],
        tiers: TierReport | None,
        finding_count: int,
        broken_count: int,
    ) -> SiteIndex:
        cited_by: dict[str, list[str]] = defaultdict(list)
        sources_of: dict[str, list[ResolvedSource]] = defaultdict(list)
        for source in sources:
            sources_of[source.page].append(source)
            if source.found and source.resolution.target is not None:
                cited_by[source.resolution.target.path].append(source.page)
        documents = [path for path in layout.sources if path in records]
        return cls(
            config,
            layout,
            records,
            cards,
            filler,
            linkers=_linkers(links),
            cited_by=dict(cited_by),
            sources_of=dict(sources_of),
            note_folders={note: folder for folder, note in layout.folder_notes.items()},
            folders=set(folders),
            folder_children=_children(config, folders, [*layout.pages, *documents]),
            finding_count=finding_count,
            broken_count=broken_count,
            tiers=tiers,
        )

    def title_of_home(self) -> str:
        home = self.layout.home_page
        return self.cards[home].title if home else self.config.root.resolve().name

    def title(self, path: str) -> str:
        card = self.cards.get(path)
        return card.title if card is not None else posixpath.basename(path)

    def backlinks(self, path: str) -> dict[str, list[str]]:
        """The pages linking to `path`, each with the sentences its links sit in, once
        each, in order (a dict keeps the order; a list's `in` made a page linked 10,000
        times from one page quadratic)."""
        if self.kept_backlinks is not None:
            return self.kept_backlinks.get(path, {})
        found: dict[str, dict[str, None]] = {}
        for source, number in self.linkers.get(path, []):
            sentences = found.setdefault(source, {})
            record = self.records[source]
            contexts = record.body.contexts if record.body is not None else ()
            text = self._readable(source, contexts[number]) if number < len(contexts) else ""
            if text:
                sentences[text] = None
        return {source: list(sentences) for source, sentences in found.items()}

    def _readable(self, source: str, sentence: str) -> str:
        """A backlink sentence with each wikilink's text as the reader sees it, made once
        per sentence: the links of one sentence all share it."""
        key = (source, sentence)
        text = self.readable_sentences.get(key)
        if text is None:
            text = self.readable_sentences[key] = _readable(sentence, self.filler.links_of(source), self.filler)
        return text

    def page_link(self, path: str, at: str) -> dict[str, Any]:
        """`{title, url, path, type, updated}` of a page, as seen from site file `at`."""
        card = self.cards[path]
        output = self.layout.pages.get(path) or self.layout.sources[path]
        return {
            "title": card.title,
            "url": self.layout.href(at, output),
            "path": path,
            "type": card.page_type,
            "updated": card.updated,
        }


def by_title(link: dict[str, Any]) -> tuple[str, str, str]:
    """Sort key of a page link: its title ignoring case, then as written, then its path,
    so pages with one title keep one order in every run (never set or hash order)."""
    return (link["title"].casefold(), link["title"], link["path"])


def _linkers(links: Iterable[ResolvedLink]) -> dict[str, list[tuple[str, int]]]:
    """Per page or document: (linking page, link number) for every link from another
    page, in page order, then link order: the graph's incoming edges, read from the
    resolved links without building the graph (seconds at 10,000 pages, on every
    rebuild of `serve`). Only the numbers: the sentences are made for the pages being
    written, so a build that writes a few pages does not turn every link of the wiki
    into text."""
    linkers: dict[str, list[tuple[str, int]]] = defaultdict(list)
    numbers: dict[str, int] = {}
    page, number = "", -1
    for resolved in links:  # a page's links usually come together: count on while they do
        if resolved.page != page:
            numbers[page] = number
            page = resolved.page
            number = numbers.get(page, -1)
        number += 1
        target = resolved.resolution.target
        if target is None or target.path == page or target.kind not in ("page", "source"):
            continue
        if resolved.link.target or not resolved.is_empty:  # a link naming a target is not empty
            linkers[target.path].append((page, number))
    return dict(linkers)


def _readable(sentence: str, links: list[ResolvedLink], filler: LinkFiller) -> str:
    """A backlink sentence with each wikilink's text as the reader sees it."""

    def link_text(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return filler.text(links[number]) if number < len(links) else ""

    return LINK_TEXT.sub(link_text, sentence)


def _children(config: Config, folders: Iterable[str], pages: Iterable[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Per folder (the content folder as ""), its subfolders and its pages (or, under the
    sources folder, its Markdown documents)."""
    content = "" if config.content_dir == "." else config.content_dir
    children: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for folder in folders:
        parent = posixpath.dirname(folder)
        children[parent if parent != content else ""][0].append(folder)
    for page in pages:
        parent = posixpath.dirname(page)
        children[parent if parent != content else ""][1].append(page)
    return dict(children)


def common(index: SiteIndex, at: str, title: str, crumbs: list[dict[str, str]]) -> dict[str, Any]:
    """Variables every template gets: `site`, `page_title`, `breadcrumbs`, `root`, `static`."""
    layout = index.layout
    site_title = index.config.site.title or index.title_of_home()
    return {
        "site": {
            "title": site_title,
            "url": index.config.site.url,
            "home_url": layout.href(at, layout.generated("home")),
            "all_pages_url": layout.href(at, layout.generated("all")),
            "tags_url": layout.href(at, layout.generated("tags")),
            "report_url": layout.href(at, layout.generated("report")),
            "search_url": layout.href(at, layout.generated("search")),
            "tiers_url": layout.href(at, layout.generated("tiers")) if index.tiers is not None else None,
            "finding_count": index.finding_count,
            "broken_count": index.broken_count,
        },
        "root": layout.root(at),
        "static": layout.root(at) + layout.static_dir + "/",
        "page_title": title,
        "breadcrumbs": crumbs,
        "canonical": layout.absolute(at),
    }


def breadcrumbs(index: SiteIndex, path: str, at: str) -> list[dict[str, str]]:
    """Home, then each folder above `path` (a page or folder), each linked."""
    layout = index.layout
    crumbs = [{"title": "Home", "url": layout.href(at, layout.generated("home"))}]
    content = index.config.content_dir
    parts = path.split("/")[:-1]
    start = 0 if content == "." else len(content.split("/"))
    for depth in range(start + 1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        note = layout.folder_notes.get(folder)
        if note is None and folder not in index.folders:
            continue  # the sources folder itself: it has no page
        crumbs.append(
            {
                "title": index.cards[note].title if note else parts[depth - 1],
                "url": layout.href(at, layout.folder(folder)),
            }
        )
    return crumbs


def page_context(index: SiteIndex, path: str, at: str) -> dict[str, Any]:
    """Context of `page.html` for the wiki page at `path`, written to site file `at`."""
    record = index.records[path]
    layout = index.layout
    body = record.body
    html, title_id, toc = "", None, []
    if body is not None:
        html, start = _body(index, record, at)
        toc_from = 1 if start else 0
        toc = toc_tree(list(record.headings[toc_from:]), body.heading_ids[toc_from:])
        title_id = body.heading_ids[0] if start else None
    fm = record.frontmatter
    folder = index.note_folders.get(path)
    context = common(index, at, record.title, breadcrumbs(index, path, at))
    context["page"] = {
        "title": record.title,
        "title_id": title_id,
        "path": path,
        "url": layout.href(at, at),
        "type": record.page_type,
        "created": date_text(fm.get("created")),
        "updated": date_text(fm.get("updated")),
        "tags": [{"name": tag, "url": layout.href(at, layout.tag(tag))} for tag in record.tags],
        "aliases": list(record.aliases),
        "body": Markup(html),
        "toc": toc,
        "backlinks": [
            {**index.page_link(source, at), "contexts": contexts}
            for source, contexts in sorted(index.backlinks(path).items(), key=lambda s: (index.title(s[0]), s[0]))
        ],
        "sources": [_source_doc(index, source, at) for source in index.sources_of.get(path, [])],
        "edit_url": index.config.site.edit_url.replace("{path}", quote(path)) if index.config.site.edit_url else None,
        "folder": folder_listing(index, folder, at) if folder is not None else None,
        "is_home": at == "index.html",
        "read_error": record.read_error.message if record.read_error else None,
        "tier": tier_card(index.tiers, layout, path, at) if index.tiers is not None else None,
    }
    return context


def _body(index: SiteIndex, record: PageRecord, at: str) -> tuple[str, int]:
    """The filled body HTML without a leading `# Title` the template shows already, and
    where in the rendered body it starts."""
    body = record.body
    assert body is not None
    headings = record.headings
    start = body.lead_end if body.lead_end and headings and headings[0].text == record.title else 0
    return index.filler.fill(record.path, body.html[start:], at), start


def failed_page_context(index: SiteIndex, path: str, at: str, message: str) -> dict[str, Any]:
    """Context of `page.html` for a page that could not be rendered: title and the reason."""
    record = index.records[path]
    context = common(index, at, record.title, breadcrumbs(index, path, at))
    context["page"] = {
        "title": record.title,
        "title_id": None,
        "path": path,
        "url": index.layout.href(at, at),
        "type": None,
        "created": None,
        "updated": None,
        "tags": [],
        "aliases": [],
        "body": Markup(""),
        "toc": [],
        "backlinks": [],
        "sources": [],
        "edit_url": None,
        "folder": None,
        "is_home": at == "index.html",
        "read_error": message,
        "tier": None,
    }
    return context


def source_context(index: SiteIndex, path: str, at: str) -> dict[str, Any]:
    """Context of `source.html` for a Markdown source document."""
    record = index.records[path]
    html = _body(index, record, at)[0] if record.body is not None else ""
    context = common(index, at, record.title, breadcrumbs(index, path, at))
    context["page"] = {
        "title": record.title,
        "path": path,
        "body": Markup(html),
        "read_error": record.read_error.message if record.read_error else None,
        "cited_by": sorted((index.page_link(page, at) for page in set(index.cited_by.get(path, []))), key=by_title),
    }
    return context


def folder_listing(index: SiteIndex, folder: str, at: str) -> dict[str, Any]:
    """`{path, folders: [{title, url, count}], pages: [page links]}` for a folder."""
    layout = index.layout
    key = "" if folder == index.config.content_dir else folder
    subfolders, pages = index.folder_children.get(key, ([], []))
    note = layout.folder_notes.get(folder)
    return {
        "path": folder,
        "folders": [
            {
                "title": posixpath.basename(sub),
                "url": layout.href(at, layout.folder(sub)),
                "count": len(index.folder_children.get(sub, ([], []))[1]),
            }
            for sub in sorted(subfolders)
        ],
        "pages": sorted((index.page_link(page, at) for page in pages if page != note), key=by_title),
    }


def toc_tree(headings: list[Heading], ids: Iterable[str]) -> list[dict[str, Any]]:
    """Headings of levels 2–4 as a nested list of `{text, id, level, children}`."""
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for heading, anchor in zip(headings, ids, strict=False):
        if heading.level not in TOC_LEVELS:
            continue
        item = {"text": heading.text, "id": anchor, "level": heading.level, "children": []}
        while stack and stack[-1]["level"] >= heading.level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(item)
        stack.append(item)
    return roots



def _source_doc(index: SiteIndex, source: ResolvedSource, at: str) -> dict[str, Any]:
    target = source.resolution.target
    if not source.found or target is None:
        return {"title": source.ref.path, "path": source.ref.path, "url": None, "unpublished": False}
    card = index.cards.get(target.path)
    unpublished = target.path in index.layout.unpublished
    return {
        "title": card.title if card is not None else posixpath.basename(target.path),
        "path": target.path,
        "url": None if unpublished else index.layout.href(at, index.layout.sources[target.path]),
        "unpublished": unpublished,
    }
