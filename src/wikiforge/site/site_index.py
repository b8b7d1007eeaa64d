"""Cross-page facts every site file's context draws on, computed once per build.

The `SiteIndex` answers what a page's file shows of other pages: their cards, who links
to it and with which sentences, who cites it, what each folder holds. A whole build
makes it from the analysis; a build writing the few pages an edit reached makes it from
the state the last build kept (`kept_site`), loading records and links only for the
files it writes.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..config.settings import Config
from ..core.records import PageRecord
from ..parse.markdown.sentences import LINK_TEXT
from ..resolve.links import ResolvedLink, ResolvedSource
from ..tiers import TierReport
from .cards import Card
from .layout import Layout
from .links import LinkFiller
from .owner_index import Owners


class Around(Protocol):
    """What a build that writes a few files reads of every page, made when first asked."""

    @property
    def cited_by(self) -> Mapping[str, list[str]]: ...

    @property
    def sources_of(self) -> Mapping[str, list[ResolvedSource]]: ...

    @property
    def backlinks(self) -> Mapping[str, dict[str, list[str]]]: ...


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
    cited_by: Mapping[str, list[str]]
    sources_of: Mapping[str, list[ResolvedSource]]
    note_folders: dict[str, str]
    folders: set[str]
    folder_children: dict[str, tuple[list[str], list[str]]]
    finding_count: int
    broken_count: int
    tiers: TierReport | None
    """The client tiers, when the wiki has client pages (and so tier pages)."""
    owners: Owners | None
    """The accounts' owners, with the tiers (`owner_index`)."""
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
        owners: Owners | None,
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
            owners=owners,
        )

    @classmethod
    def from_kept(
        cls,
        config: Config,
        layout: Layout,
        filler: LinkFiller,
        around: Around,
        folders: Iterable[str],
        counts: tuple[int, int],
        tiers: TierReport | None,
        owners: Owners | None,
    ) -> SiteIndex:
        """The index of a build that writes the files an edit reached: records, links
        and sources made on demand (`filler`, `around.sources_of`), what other pages show
        of each page from the state the last build kept (`around`); `counts`: findings
        and broken links."""
        records = filler.records
        documents = [path for path in layout.sources if path in records]
        return cls(
            config,
            layout,
            records,
            filler.cards,
            filler,
            linkers={},
            cited_by=around.cited_by,
            sources_of=around.sources_of,
            note_folders={note: folder for folder, note in layout.folder_notes.items()},
            folders=set(folders),
            folder_children=_children(config, folders, [*layout.pages, *documents]),
            finding_count=counts[0],
            broken_count=counts[1],
            tiers=tiers,
            owners=owners,
            kept_backlinks=around.backlinks,
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

    def shown_on(self, source: str) -> dict[str, tuple[list[str], bool]]:
        """Where a page's links put it among backlinks: per page or document it links
        to, its sentences as that file shows them (as `backlinks` gives them), and
        whether it embeds it."""
        record = self.records[source]
        contexts = record.body.contexts if record.body is not None else ()
        found: dict[str, tuple[dict[str, None], bool]] = {}
        for number, resolved in enumerate(self.filler.links_of(source)):
            target = resolved.resolution.target
            if target is None or not backlinked(source, resolved):
                continue
            sentences, embeds = found.get(target.path) or ({}, False)
            text = self._readable(source, contexts[number]) if number < len(contexts) else ""
            if text:
                sentences[text] = None
            found[target.path] = sentences, embeds or resolved.link.kind == "embed"
        return {target: (list(sentences), embeds) for target, (sentences, embeds) in found.items()}

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
        if target is not None and backlinked(page, resolved):
            linkers[target.path].append((page, number))
    return dict(linkers)


def backlinked(page: str, resolved: ResolvedLink) -> bool:
    """Whether a link of `page` makes it a backlink of its target: a link naming
    another page or document (a link naming a target is not empty)."""
    target = resolved.resolution.target
    if target is None or target.path == page or target.kind not in ("page", "source"):
        return False
    return bool(resolved.link.target) or not resolved.is_empty


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
