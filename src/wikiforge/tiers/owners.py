"""Who carries which accounts, and how much of their capacity that takes.

An owner is one person however the pages spell them: a `[[link]]` is the page it
reaches (so `[[people/jane]]` and `[[Jane Doe]]` are one owner when both reach her
page), a plain name is itself, case folded. Each account an owner owns takes its tier's
`account_weight`, a percentage of one owner's capacity (`max_accounts_per_owner = 15`
is 100/15 each); an owner over 100 % is over capacity. The people in other roles
(`owner_roles`) are listed with the accounts, and carry no weight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ..resolve.resolver import Resolver
from .model import ClientTier, TierReport
from .operations import Person

Resolve = Callable[[str], str | None]
"""A link target → the page path it reaches, or None."""


@dataclass(frozen=True)
class Account:
    """One account an owner is on: the client, and the role ("owner" or a role key)."""

    client: ClientTier
    role: str


@dataclass(frozen=True)
class OwnerLoad:
    """An owner and their accounts (tier order), their load as a percentage of one
    owner's capacity (None: no account of theirs is in a tier with a capacity), and the
    account at which the load first went over 100 % (None: not over)."""

    person: Person
    page: str | None
    """The wiki page the owner is, when written as a link that reaches one."""
    accounts: tuple[Account, ...]
    load: Fraction | None
    tipping: ClientTier | None

    @property
    def over(self) -> bool:
        return self.tipping is not None

    @property
    def owned(self) -> tuple[ClientTier, ...]:
        return tuple(account.client for account in self.accounts if account.role == "owner")


def page_resolver(resolver: Resolver) -> Resolve:
    """How an owner's `[[link]]` reaches a wiki page, through the project's resolver."""

    def resolve(target: str) -> str | None:
        found = resolver.resolve_path(target, "").target
        return found.path if found is not None and found.kind == "page" else None

    return resolve


def owner_key(person: Person, page: str | None) -> str:
    """Who an owner is: the page their `[[link]]` reaches (`page`), else the person's
    own key, so the site finds the owner a client names among `coverage`'s."""
    return page.casefold() if page is not None else person.key


def has_capacity(report: TierReport) -> bool:
    """Whether a tier sets a capacity (WF507 and the load column are on)."""
    return report.config.has_capacity


def coverage(report: TierReport, resolve: Resolve | None) -> tuple[OwnerLoad, ...]:
    """Every owner and person in a role, by name, with their accounts and load."""
    people: dict[str, tuple[Person, str | None]] = {}
    accounts: dict[str, list[Account]] = {}
    for client in report.clients:
        named = [("owner", person) for person in client.operations.owners] + list(client.operations.roles)
        for role, person in named:
            page = resolve(person.link) if resolve is not None and person.link else None
            key = owner_key(person, page)
            people.setdefault(key, (person, page))
            accounts.setdefault(key, []).append(Account(client, role))
    loads = [_load(people[key][0], people[key][1], accounts[key], report) for key in people]
    return tuple(sorted(loads, key=lambda owner: (owner.person.name.casefold(), owner.page or "")))


def _load(person: Person, page: str | None, accounts: list[Account], report: TierReport) -> OwnerLoad:
    load: Fraction | None = None
    tipping = None
    for account in accounts:
        client = account.client
        weight = report.config.level(client.tier).account_weight if client.tier is not None else None
        if account.role != "owner" or weight is None:
            continue
        load = (load or Fraction(0)) + weight
        if tipping is None and load > 100:
            tipping = client
    return OwnerLoad(person, page, tuple(accounts), load, tipping)
