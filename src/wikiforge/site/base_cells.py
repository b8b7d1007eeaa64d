"""A base's values as HTML, as Obsidian shows them in a view: links that lead to their
page (or say they lead nowhere), checkboxes for booleans, dates as dates, lists item by
item, images as images, and an error where a value could not be computed.

Every URL is relative to the site file the base is drawn on, as for any other link.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from html import escape
from urllib.parse import urlsplit

from ..bases.display import display
from ..bases.values import FileInfo, Html, Icon, Image, Link
from ..bases.views import Cell
from ..parse.markdown.sanitise import sanitise
from .cards import Card
from .layout import Layout

_WEB = ("http", "https", "mailto")


class CellHtml:
    """Draws values for one site file `at`. The vault may be a folder of the project:
    `prefix` turns a vault path into the project's, and `resolve` a link written in a
    value (an image's `[[cover.png]]`) into a vault path."""

    def __init__(
        self,
        layout: Layout,
        cards: Mapping[str, Card],
        at: str,
        prefix: str,
        resolve: Callable[[str], str | None],
    ) -> None:
        self.layout = layout
        self.cards = cards
        self.at = at
        self.prefix = prefix
        self.resolve = resolve

    def project_path(self, vault_path: str) -> str:
        return self.prefix + vault_path

    def cell(self, cell: Cell | None) -> str:
        """A cell's content: its value, or its error as Obsidian marks one."""
        if cell is None:
            return ""
        if cell.error is not None:
            return f'<span class="base-error" title="{escape(cell.error)}">Error: {escape(cell.error)}</span>'
        return self.value(cell.value)

    def value(self, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            state = "checked " if value else ""
            label = "yes" if value else "no"
            return f'<input type="checkbox" class="base-checkbox" {state}disabled aria-label="{label}">'
        if isinstance(value, list):
            items = [self.value(item) for item in value]
            return '<span class="base-list-value">' + '<span class="base-sep">, </span>'.join(items) + "</span>"
        if isinstance(value, Link):
            return self.link(value)
        if isinstance(value, FileInfo):
            return self.file(value.path, value.basename)
        if isinstance(value, Image):
            return self.image(value.source)
        if isinstance(value, Icon):
            return f'<span class="base-icon" title="{escape(value.name)}">{escape(value.name)}</span>'
        if isinstance(value, Html):
            return sanitise(value.markup)
        return escape(display(value))

    def file(self, vault_path: str, text: str) -> str:
        """A link to a file of the vault, shown as `text`."""
        url = self.url_of(self.project_path(vault_path))
        if url is None:
            return f'<span class="broken" title="{escape(vault_path)} is not published">{escape(text)}</span>'
        return f'<a class="internal" href="{escape(url)}">{escape(text)}</a>'

    def link(self, link: Link) -> str:
        text = display(link.display) if link.display is not None else None
        if link.path is not None:
            shown = text or self._title(self.project_path(link.path)) or link.target
            return self.file(link.path, shown)
        parts = urlsplit(link.target)
        if parts.scheme in _WEB:
            return f'<a class="external" href="{escape(link.target)}" rel="noopener">{escape(text or link.target)}</a>'
        reason = f"No page or file named {link.target}"
        return f'<span class="broken" title="{escape(reason)}">{escape(text or link.target)}</span>'

    def image(self, source: str) -> str:
        parts = urlsplit(source)
        if parts.scheme in ("http", "https"):
            url: str | None = source
        else:
            found = self.resolve(source)
            url = self.url_of(self.project_path(found)) if found is not None else None
        if url is None:
            return f'<span class="broken" title="No image {escape(source)}">{escape(source)}</span>'
        return f'<img class="base-image" src="{escape(url)}" alt="" loading="lazy">'

    def url_of(self, path: str) -> str | None:
        """The URL of a project file from this site file, None when it is not published."""
        layout = self.layout
        if path in layout.unpublished:
            return None
        for outputs in (layout.pages, layout.attachments, layout.sources):
            if path in outputs:
                return layout.href(self.at, outputs[path])
        return None

    def _title(self, path: str) -> str | None:
        card = self.cards.get(path)
        return card.title if card is not None else posixpath.basename(path) or None
