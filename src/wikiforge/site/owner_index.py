"""Who owns which accounts, as the site shows them, worked out once per build.

`tiers.owners.coverage` groups the people on each account; this adds what the site
needs to show them: a name (the title of the owner's page when their `[[link]]` reaches
one, so two spellings of one person read the same), the address of each named owner's
own page, and the lookups the tier card and a person's page make. The owners' links
are resolved here, once, through the project's resolver; nothing later resolves again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ..tiers import TierReport
from ..tiers.operations import Person
from ..tiers.owners import OwnerLoad, Resolve, coverage, has_capacity, owner_key
from .cards import Card

_SLUG_CHARACTERS = re.compile(r"[^\w-]")


@dataclass(frozen=True)
class Owner:
    """One named person on accounts, and the slug of their owner page."""

    load: OwnerLoad
    name: str
    slug: str

    @property
    def page(self) -> str | None:
        """The wiki page the owner is, when their `[[link]]` reaches one."""
        return self.load.page


@dataclass(frozen=True)
class Owners:
    """Every owner of the report: `people` (named, by name) and `defaults` (the tiers'
    default owners, such as "Strategist, shared across accounts": descriptions standing
    for the accounts nobody is named on, with no page of their own), and whether any
    tier sets a capacity (`capacity`: the load is shown)."""

    people: tuple[Owner, ...]
    defaults: tuple[OwnerLoad, ...]
    capacity: bool
    reached: Mapping[str, str | None]
    """The page each `[[link]]` target reached, as `coverage` resolved it."""
    by_key: Mapping[str, Owner]
    """The named owners by `owner_key`."""

    @classmethod
    def of(cls, report: TierReport, resolve: Resolve, cards: Mapping[str, Card]) -> Owners:
        """The owners of `report`, their links resolved by `resolve` (once each)."""
        reached: dict[str, str | None] = {}

        def remember(target: str) -> str | None:
            if target not in reached:
                reached[target] = resolve(target)
            return reached[target]

        loads = coverage(report, remember)
        named = sorted((_named(load, cards) for load in loads if not load.person.default), key=_order)
        people = tuple(Owner(load, name, slug) for (load, name), slug in zip(named, _slugs(named), strict=True))
        defaults = tuple(load for load in loads if load.person.default)
        by_key = {owner_key(owner.load.person, owner.page): owner for owner in people}
        return cls(people, defaults, has_capacity(report), reached, by_key)

    def of_person(self, person: Person) -> Owner | None:
        """The named owner a client's `person` is (however their link is spelt); None
        for a tier's default owner."""
        page = self.reached.get(person.link) if person.link else None
        return self.by_key.get(owner_key(person, page))

    def of_page(self, path: str) -> Owner | None:
        """The named owner whose page is `path`, if any."""
        owner = self.by_key.get(path.casefold())
        return owner if owner is not None and owner.page == path else None

    def view(self) -> tuple[list[tuple[str, str, str | None]], list[str]]:
        """What the owner pages, the tier cards' owner links and the owner boxes show
        beyond the clients' own data: each owner's address, name and page."""
        return [(o.slug, o.name, o.page) for o in self.people], [d.person.name for d in self.defaults]


def _named(load: OwnerLoad, cards: Mapping[str, Card]) -> tuple[OwnerLoad, str]:
    card = cards.get(load.page) if load.page is not None else None
    return load, card.title if card is not None else load.person.name


def _order(named: tuple[OwnerLoad, str]) -> tuple[str, str, bool, str, str]:
    """By name; of two people of one name, the one with a page first (it keeps the
    plain slug), then by page and key, so the order never depends on the pages' order."""
    load, name = named
    return name.casefold(), name, load.page is None, load.page or "", load.person.key


def owner_slug(name: str) -> str:
    """`Jane Doe` → `jane-doe`, `Tomás Ferreira` → `tomas-ferreira` (accents dropped, as
    people write their names in addresses; other letters kept): a folder name, never
    `.` or `..`."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _SLUG_CHARACTERS.sub("", "-".join(bare.casefold().split())) or "owner"


def _slugs(named: list[tuple[OwnerLoad, str]]) -> list[str]:
    """A distinct slug per owner, in their order: a second `Jane Doe` (a plain name
    beside the page of one) becomes `jane-doe-1`."""
    used: set[str] = set()
    slugs = []
    for _, name in named:
        base = candidate = owner_slug(name)
        number = 0
        while candidate in used:
            number += 1
            candidate = f"{base}-{number}"
        used.add(candidate)
        slugs.append(candidate)
    return slugs
