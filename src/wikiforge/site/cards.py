"""What other site files show of a page or document: its `Card`.

A page's own file is made from its whole record; every other file that mentions it (a
link's text and heading fragment, a backlink, a breadcrumb, a folder listing, a citation)
shows only its card. A build that renders a few pages after an edit reads the cards of
every page, kept from the last build, and the records of the pages it renders alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Generic, NamedTuple, TypeVar

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


_Value = TypeVar("_Value")


class Lazy(Mapping[str, _Value], Generic[_Value]):
    """A mapping over known keys whose values are made when first asked for (`make`),
    then kept: a build that renders a few pages loads the records and links of those."""

    def __init__(self, keys: Mapping[str, object], make: Callable[[str], _Value], made: Mapping[str, _Value]) -> None:
        self._keys = keys
        self._make = make
        self._made = dict(made)

    def __getitem__(self, key: str) -> _Value:
        found = self._made.get(key)
        if found is None:
            if key not in self._keys:
                raise KeyError(key)
            found = self._made[key] = self._make(key)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
