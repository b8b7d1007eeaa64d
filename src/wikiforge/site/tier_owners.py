"""The generated owners pages: who carries which accounts, and how much of their capacity.

`tiers/owners/` lists every named owner with their clients by tier, the role they hold
on each when it is not "owner", and their load when a tier sets a capacity (marked in
words when over 100 %), then the accounts no one is named on, under their tier's default
owner. Each named owner gets a page of their own, `tiers/owners/<slug>/`, with the state
of each of their accounts: last touchpoint, next due, days overdue, review due. All of
it is read from the build's one `Owners` (`owner_index`); like the other tier pages,
each function returns `(site file, template name, context)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..tiers import ClientTier, TierReport
from ..tiers.owners import Account
from .context import breadcrumbs, common
from .indexes import Generated
from .layout import OWNERS_TITLE, TIERS_TITLE
from .owner_index import Owner, Owners
from .site_index import SiteIndex
from .tier_card import load_view, role_label, running, tier_link


def owner_pages(index: SiteIndex, report: TierReport) -> Iterator[Generated]:
    """The owners page, then each named owner's."""
    owners = index.owners
    if owners is None:
        return
    yield owners_page(index, report, owners)
    for owner in owners.people:
        yield owner_page(index, report, owners, owner)


def owners_page(index: SiteIndex, report: TierReport, owners: Owners) -> Generated:
    layout = index.layout
    at = layout.generated("owners")
    context = common(index, at, OWNERS_TITLE, _crumbs(index, at))
    context["owners"] = {
        "capacity": owners.capacity,
        "people": [
            {**_person(index, owners, owner, at), "tiers": _by_tier(index, report, owner.load.accounts, at)}
            for owner in owners.people
        ],
        "unowned": [
            {"name": load.person.name, "tiers": _by_tier(index, report, load.accounts, at)} for load in owners.defaults
        ],
        "tiers_url": layout.href(at, layout.generated("tiers")),
    }
    return at, "owners.html", context


def owner_page(index: SiteIndex, report: TierReport, owners: Owners, owner: Owner) -> Generated:
    layout = index.layout
    at = layout.owner(owner.slug)
    crumbs = [*_crumbs(index, at), {"title": OWNERS_TITLE, "url": layout.href(at, layout.generated("owners"))}]
    context = common(index, at, owner.name, crumbs)
    context["owner"] = {
        **_person(index, owners, owner, at),
        "accounts": [_account(index, report, client, roles, at) for client, roles in _merged(owner.load.accounts)],
        "owners_url": layout.href(at, layout.generated("owners")),
    }
    return at, "owner.html", context


def _crumbs(index: SiteIndex, at: str) -> list[dict[str, str]]:
    layout = index.layout
    return [*breadcrumbs(index, "", at), {"title": TIERS_TITLE, "url": layout.href(at, layout.generated("tiers"))}]


def _person(index: SiteIndex, owners: Owners, owner: Owner, at: str) -> dict[str, Any]:
    """A named owner: their name, their owner page, their own wiki page (when their
    `[[link]]` reaches one), their load and the account that took them over capacity."""
    layout = index.layout
    load = owner.load
    return {
        "name": owner.name,
        "url": layout.href(at, layout.owner(owner.slug)),
        "page": index.page_link(owner.page, at) if owner.page is not None else None,
        "account_count": len(_merged(load.accounts)),
        "owned_count": len(load.owned),
        **load_view(owners, load),
        "tipping": index.page_link(load.tipping.path, at) if load.tipping is not None else None,
    }


def _merged(accounts: tuple[Account, ...]) -> list[tuple[ClientTier, list[str]]]:
    """Each client once, with every role the person holds on it (in tier order)."""
    merged: dict[str, tuple[ClientTier, list[str]]] = {}
    for account in accounts:
        merged.setdefault(account.client.path, (account.client, []))[1].append(account.role)
    return list(merged.values())


def _by_tier(index: SiteIndex, report: TierReport, accounts: tuple[Account, ...], at: str) -> list[dict[str, Any]]:
    """Clients grouped by tier, top tier first (no tier last), each with the roles held
    on it unless that is "owner" alone."""
    groups: dict[int | None, list[dict[str, Any]]] = {}
    for client, roles in _merged(accounts):
        shown = [role_label(role) for role in roles] if roles != ["owner"] else []
        groups.setdefault(client.tier, []).append({**index.page_link(client.path, at), "roles": shown})
    order = sorted(groups, key=lambda tier: tier if tier is not None else len(report.config.levels) + 1)
    return [{"tier": tier_link(report, index.layout, tier, at), "clients": groups[tier]} for tier in order]


def _account(index: SiteIndex, report: TierReport, client: ClientTier, roles: list[str], at: str) -> dict[str, Any]:
    """One row of an owner's page: the client, their roles on it, and how it is run."""
    return {
        **index.page_link(client.path, at),
        "tier": tier_link(report, index.layout, client.tier, at),
        "roles": [role_label(role) for role in roles],
        **running(report, client),
    }
