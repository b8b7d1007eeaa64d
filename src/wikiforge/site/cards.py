"""What other site files show of a page or document: its `Card`.

A page's own file is made from its whole record; every other file that mentions it (a
link's text and heading fragment, a backlink, a breadcrumb, a folder listing, a citation)
shows only its card. A build that renders a few pages after an edit reads the cards of
every page, kept from the last build, and the records of the pages it renders alone.
"""

from __future__ import annotations

from typing import NamedTuple

from ..core.dates import iso_day
from ..core.records import PageRecord


class Card(NamedTuple):
    """Title, type, `updated` date (as shown), heading ids and tags of a page. A tuple:
    a build after an edit loads every page's card, and tuples unpickle fastest."""

    title: str
    page_type: str | None
    updated: str | None
    heading_ids: tuple[str, ...]
    tags: tuple[str, ...]


def card_of(record: PageRecord) -> Card:
    ids = record.body.heading_ids if record.body is not None else ()
    return Card(record.title, record.page_type, date_text(record.frontmatter.get("updated")), ids, record.tags)


def date_text(value: object) -> str | None:
    """A frontmatter date as a page shows it: `YYYY-MM-DD` for a YAML date or datetime,
    text as it was written."""
    if isinstance(value, str):
        return value.strip() or None
    return iso_day(value)
