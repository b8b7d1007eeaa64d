"""What templates see: plain dicts and lists, built from records and resolved links.

Everything a template shows is computed here, with URLs already relative to the page
being rendered, so templates hold markup only and a project overriding one needs to
know nothing about how wikiforge resolves links. README's "Templates" section lists
these variables.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..core.records import Heading, PageRecord
from ..resolve.links import ResolvedSource
from .cards import date_text
from .neighbours import neighbours
from .site_index import SiteIndex, by_title
from .tier_card import owner_box, tier_card

TOC_LEVELS = (2, 3, 4)


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
            "graph_url": layout.href(at, layout.generated("graph")),
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
        "neighbours": neighbours(index, path, at),
        "sources": [_source_doc(index, source, at) for source in index.sources_of.get(path, [])],
        "edit_url": index.config.site.edit_url.replace("{path}", quote(path)) if index.config.site.edit_url else None,
        "folder": folder_listing(index, folder, at) if folder is not None else None,
        "is_home": at == "index.html",
        "read_error": record.read_error.message if record.read_error else None,
        "tier": tier_card(index.tiers, index.owners, layout, path, at) if index.tiers is not None else None,
        "owner": owner_box(index.owners, layout, path, at) if index.owners is not None else None,
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
        "neighbours": None,
        "sources": [],
        "edit_url": None,
        "folder": None,
        "is_home": at == "index.html",
        "read_error": message,
        "tier": None,
        "owner": None,
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
