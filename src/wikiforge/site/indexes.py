"""Generated pages: home overview, all pages, tags, folders, the link report, search, 404.

Each function returns `(site file, template name, context)` for one generated page, so
the builder writes them like any other page and a project can override each template.
"""

from __future__ import annotations

import json
import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from ..core.diagnostic import Diagnostic
from ..core.outputs import site_path
from ..core.printable import printable
from ..parse.search_terms import description
from .cards import date_text
from .context import breadcrumbs, common, folder_listing
from .layout import with_parents
from .site_index import SiteIndex, by_title

Generated = tuple[str, str, dict[str, Any]]
RECENT = 10


def home(index: SiteIndex) -> Generated:
    """The overview shown when the wiki has no index page of its own."""
    at = index.layout.generated("home")
    pages = _pages(index)
    dated = [
        p for p in pages if index.records[p].frontmatter.get("updated") or index.records[p].frontmatter.get("created")
    ]
    links = [index.page_link(p, at) for p in dated]
    for link, path in zip(links, dated, strict=True):
        link["updated"] = link["updated"] or date_text(index.records[path].frontmatter.get("created"))
    recent = sorted(links, key=lambda p: (p["updated"] or "", p["title"], p["path"]), reverse=True)[:RECENT]
    types = Counter(index.records[p].page_type or "untyped" for p in pages)
    context = common(index, at, index.config.site.title or index.title_of_home(), [])
    context["home"] = {
        "page_count": len(pages),
        "source_count": len(index.layout.sources),
        "tag_count": len(_tags(index)),
        "types": [{"name": name, "count": count} for name, count in sorted(types.items())],
        "recent": recent,
        "folder": folder_listing(index, index.config.content_dir, at),
    }
    return at, "home.html", context


def all_pages(index: SiteIndex) -> Generated:
    at = index.layout.generated("all")
    links = sorted((index.page_link(p, at) for p in _pages(index)), key=by_title)
    for link in links:
        link["folder"] = posixpath.dirname(link["path"])
    context = common(index, at, "All pages", breadcrumbs(index, "", at))
    context["pages"] = links
    return at, "all_pages.html", context


def tags(index: SiteIndex) -> Iterator[Generated]:
    """The tag index, then one page per tag."""
    layout = index.layout
    by_tag = _tags(index)
    at = layout.generated("tags")
    context = common(index, at, "Tags", breadcrumbs(index, "", at))
    context["tags"] = [
        {"name": tag, "url": layout.href(at, layout.tag(tag)), "count": len(pages)}
        for tag, pages in sorted(by_tag.items(), key=lambda t: (t[0].casefold(), t[0]))
    ]
    yield at, "tags.html", context
    for tag, pages in by_tag.items():
        at = layout.tag(tag)
        crumbs = [*breadcrumbs(index, "", at), {"title": "Tags", "url": layout.href(at, layout.generated("tags"))}]
        context = common(index, at, f"Tag: {tag}", crumbs)
        context["tag"] = {
            "name": tag,
            "pages": sorted((index.page_link(p, at) for p in pages), key=by_title),
        }
        yield at, "tag.html", context


def folders(index: SiteIndex, all_folders: list[str]) -> Iterator[Generated]:
    """A listing for every folder (of pages or of source documents) that has no folder
    note of its own, so a link to a folder always lands somewhere."""
    layout = index.layout
    for folder in all_folders:
        if folder in layout.folder_notes:
            continue
        at = layout.folder(folder)
        context = common(index, at, posixpath.basename(folder), breadcrumbs(index, folder + "/", at)[:-1])
        context["folder"] = {"title": posixpath.basename(folder), **folder_listing(index, folder, at)}
        yield at, "folder.html", context


def report(index: SiteIndex, diagnostics: list[Diagnostic]) -> Generated:
    """Every finding `wikiforge check` reports, grouped by page, linked to the page."""
    at = index.layout.generated("report")
    grouped: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        grouped[diagnostic.path].append(diagnostic)
    groups = []
    for path in sorted(grouped):
        output = index.layout.pages.get(path) or index.layout.sources.get(path)
        groups.append(
            {
                "title": printable(index.title(path)),
                "path": printable(path),
                "url": index.layout.href(at, output) if output and path in index.records else None,
                "findings": [
                    {
                        "line": d.span.line,
                        "column": d.span.column,
                        "code": d.code,
                        "rule": d.rule,
                        "severity": d.severity.value,
                        "message": printable(d.message),
                    }
                    for d in sorted(grouped[path], key=lambda d: (d.span.line, d.span.column, d.code))
                ],
            }
        )
    severities = Counter(d.severity.value for d in diagnostics)
    context = common(index, at, "Broken links and other findings", breadcrumbs(index, "", at))
    context["report"] = {
        "groups": groups,
        "total": len(diagnostics),
        "errors": severities.get("error", 0),
        "warnings": severities.get("warning", 0),
        "infos": severities.get("info", 0),
        "broken_links": index.broken_count,
    }
    return at, "report.html", context


def not_found(index: SiteIndex) -> Generated:
    """404.html. A server shows it at whatever address was missing, where relative links
    would break, so with `[site] url` set its links are absolute."""
    layout = index.layout
    at = layout.generated("404")
    context = common(index, at, "Page not found", [])
    base = index.config.site.url
    if base:
        site = context["site"]
        for key, role in (
            ("home_url", "home"),
            ("all_pages_url", "all"),
            ("tags_url", "tags"),
            ("report_url", "report"),
            ("search_url", "search"),
            ("graph_url", "graph"),
        ):
            site[key] = layout.absolute(layout.generated(role))
        if site["tiers_url"] is not None:
            site["tiers_url"] = layout.absolute(layout.generated("tiers"))
        context["root"], context["static"] = base, f"{base}{layout.static_dir}/"
    return at, "404.html", context


def search(index: SiteIndex) -> Generated:
    at = index.layout.generated("search")
    context = common(index, at, "Search", breadcrumbs(index, "", at))
    return at, "search.html", context


def search_data(index: SiteIndex) -> str:
    """The search index as a script (`window.WIKIFORGE_SEARCH`): a script, not JSON to
    fetch, so search works from the file system, where browsers refuse `fetch`."""
    entries = []
    for path in _pages(index):
        record = index.records[path]
        entries.append(
            {
                "t": record.title,
                "u": site_path(index.layout.pages[path], index.layout.urls),
                "p": path,
                "a": list(record.aliases),
                "g": list(record.tags),
                "h": [h.text for h in record.headings if h.text and h.text != record.title][:50],
                "d": description(record.frontmatter),
            }
        )
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.WIKIFORGE_SEARCH={data};\n"


def _pages(index: SiteIndex) -> list[str]:
    return sorted(index.layout.pages)


def _tags(index: SiteIndex) -> dict[str, list[str]]:
    """Tags as first written (case kept), with their pages; `Okr` and `okr` are one tag."""
    by_slug: dict[str, tuple[str, list[str]]] = {}
    for path in _pages(index):
        for tag in with_parents(index.records[path].tags):
            key = index.layout.tag(tag)
            by_slug.setdefault(key, (tag, []))[1].append(path)
    return {name: pages for name, pages in by_slug.values()}
