"""A page for each `.base` file: its views, what went wrong in it, and where it lives.

Obsidian opens a `.base` file as a view of the vault; the site gives it an address of
its own (`clients.base/`, so a note `clients.md` beside it keeps `clients/`) that a
`[[clients.base]]` link leads to. `this` is the base file itself there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from ..bases.sources import is_base_file
from .context import breadcrumbs, common
from .indexes import Generated
from .layout import Layout
from .site_index import SiteIndex

TEMPLATE = "base_file.html"


def base_outputs(layout: Layout) -> list[str]:
    """The site files of the published `.base` files' pages (the sitemap lists them)."""
    return [out for path, out in layout.attachments.items() if is_base_file(path) and path not in layout.unpublished]


def base_pages(index: SiteIndex) -> Iterator[Generated]:
    """Each published `.base` file's page, in path order."""
    drawer = index.filler.bases
    if drawer is None:
        return
    layout = index.layout
    for path in sorted(layout.attachments):
        result = drawer.report.results.get(path)
        if not is_base_file(path) or result is None or path in layout.unpublished:
            continue
        at = layout.attachments[path]
        title = path.rsplit("/", 1)[-1].removesuffix(".base")
        context: dict[str, Any] = common(index, at, title, breadcrumbs(index, path, at))
        context["base"] = {"path": path, "views": Markup(drawer.draw(result, at, "view", title="h2"))}
        yield at, TEMPLATE, context
