"""Incremental builds: what each site file is made from (its fingerprint).

A site file is rewritten only when something it shows changed. Rather than reason about
which edits reach which pages, every page's file gets a fingerprint of everything its
template is given: the page's own record, what its links lead to (each target's title,
address and heading ids, or why the link is broken), the records its embeds copy (and
theirs, transitively), the pages whose backlinks it lists with those pages' sentences,
its source documents, its folder listing and breadcrumbs, its tier card or owner box,
and what every page shows (site title, finding counts, the generated pages' addresses).
Generated pages share one fingerprint per group. A file whose fingerprint matches the
last build's, and whose bytes on disk are still the ones that build wrote, is kept; any
other is rendered and written only if its bytes differ. The fingerprints of the last
build are kept in the site's manifest (`build_state`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from ..bases.sources import is_base_file
from ..core.diagnostic import Diagnostic
from ..core.files import ProjectFiles
from ..core.records import PageRecord
from ..resolve.links import ResolvedSource
from ..resolve.resolver import Target
from . import graph_data
from .base_pages import base_outputs
from .build_state import digest, digest_lines, findings_digest
from .graph_data import Graph
from .site_index import SiteIndex

GENERATED_ROLES = ("all", "report", "search", "graph", "404", "tags", "tiers", "owners", "review")
"""The generated pages whose addresses every page's navigation and links may show."""


class Dependencies:
    """Fingerprints of the site files of one build, from its site index."""

    def __init__(
        self,
        index: SiteIndex,
        hashes: Mapping[str, tuple[int, int, str]],
        files: ProjectFiles,
        build_stamp: str,
        aliases: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.index = index
        self.records = index.records
        self.layout = index.layout
        self._hashes = hashes
        layout = index.layout
        self.site = digest(
            build_stamp,
            index.config.site.title or index.title_of_home(),
            index.finding_count,
            index.broken_count,
            [layout.generated(role) for role in GENERATED_ROLES],
            layout.static_dir,
            layout.home_page,
            index.tiers is not None,
            sorted(index.folders),
            sorted(layout.folder_notes.items()),
        )
        named = sorted((path, names) for path, names in aliases.items() if names)
        self.names = digest(
            sorted(self.records), files.sources, files.attachments, files.folders, files.templates, named
        )
        """What the names the wiki answers to are made of (`aliases`: every record's)."""
        self._made: dict[str, str] = {}
        self._carried: dict[str, str] = {}
        self._listed: tuple[str, str] | None = None
        self._signatures: dict[str, str] = {}
        self._link_views: dict[str, str] = {}
        self._embeds: dict[str, list[str]] = {}
        self._targets: dict[tuple[str, str], str] = {}
        self._linker_views: dict[str, str] = {}
        self._graph: tuple[Graph, str] | None = None
        self._graph_from: tuple[Graph, set[str]] | None = None

    @cached_property
    def tiers(self) -> str:
        """What the tiers are (every client's, and the day they were judged by), or ""
        without tiers; made when asked,
        as a thousand clients' scores take a while to hash."""
        tiers = self.index.tiers
        return digest(tiers.as_of, tiers.clients) if tiers is not None else ""

    @cached_property
    def owners(self) -> str:
        """What the owner pages, the tier cards and the owner boxes show of the owners
        beyond the clients' data: names (a person page's title), pages and addresses."""
        owners = self.index.owners
        return digest(owners.view()) if owners is not None else ""

    def content(self, path: str) -> str:
        return self._hashes[path][2]

    def page(self, path: str, at: str) -> str:
        """Fingerprint of a wiki page's file (the last build's, when `carry` found that
        nothing it shows changed)."""
        found = self._made[path] = self._carried.get(path) or self._page(path, at)
        return found

    def _page(self, path: str, at: str) -> str:
        record = self.records[path]
        index = self.index
        client = index.tiers is not None and path in index.tiers.by_path  # its tier card
        person = index.owners is not None and index.owners.of_page(path) is not None  # its owner box
        tiers = digest(self.tiers, self.owners) if client or person else ""
        return digest(
            self.site,
            path,
            at,
            self.content(path),
            [(tag, self.layout.tag(tag)) for tag in record.tags],
            self._links(path),
            self._backlinks(path),
            [self._source_view(source) for source in index.sources_of.get(path, [])],
            self._folder(path),
            self._crumbs(path),
            tiers,
            self._bases(path),
        )

    def carry(self, before: Dependencies) -> None:
        """Take the fingerprints `before` (the last build of this process, over the site
        it left) made for the pages and documents nothing they show can have changed since.

        Only after an edit that leaves every page's signature, the tags, the names the
        wiki answers to, the tiers and what every page shows as they were (a page's body
        edited, the usual save): then a file changes only if its own record or links
        changed (`moved`), if it lists one of those among its backlinks or citers, before
        or now, or if it embeds one, however deeply. Any other edit computes every
        fingerprint again. `serve` carries them from one rebuild to the next; fingerprints
        at 10,000 pages took seconds, and a save changes a handful of pages."""
        if (self.site, self.names, self.tiers) != (before.site, before.names, before.tiers):
            return
        changed = [path for path in self.records if self.content(path) != before.content(path)]
        for path in changed:
            now, then = self.records[path], before.records[path]
            if now.tags != then.tags or self.signature(path) != before.signature(path):
                return
        moved = set(changed)
        moved.update(path for path in self.records if not _same_links(self, before, path))
        touched = set(moved)
        for deps in (self, before):
            touched |= _shown_by(deps, moved) | _embedding(deps, moved)
        touched |= {path for path in self._showing_bases() if self._bases(path) != before._bases(path)}
        self._carried = {path: found for path, found in before._made.items() if path not in touched}
        if before._graph is not None:
            self._graph_from = before._graph[0], moved
        listed = all(listed_view(self.records[p]) == listed_view(before.records[p]) for p in changed)
        if listed and before._listed is not None:
            self._listed = before._listed

    def document(self, path: str, at: str) -> str:
        """Fingerprint of a Markdown source document's file (carried as a page's is)."""
        found = self._made[path] = self._carried.get(path) or self._document(path, at)
        return found

    def _document(self, path: str, at: str) -> str:
        citing = sorted(set(self.index.cited_by.get(path, [])))
        return digest(
            self.site,
            path,
            at,
            self.content(path),
            self._links(path),
            [(page, self.signature(page)) for page in citing],
            self._crumbs(path),
        )

    def groups(self, diagnostics: list[Diagnostic]) -> dict[str, str]:
        """Fingerprints of the groups of generated pages (`build._generated` makes them)."""
        listing, search = self._listed or (self._listing(), self._search())
        self._listed = listing, search
        return {
            "index": listing,
            "tiers": digest(listing, self.tiers, self.owners),
            "folders": listing,
            "report": findings_digest(listing, diagnostics),
            "frame": self.site,
            "search": search,
            "sitemap": digest(self.site, sorted(self.layout.pages.values()), base_outputs(self.layout)),
            "graph": self.site,
            "graph-data": digest_lines([self.graph_data(diagnostics)]),
            "bases": digest(self.site, self._bases_shown()),
        }

    def graph_data(self, diagnostics: list[Diagnostic]) -> str:
        """The graph data file (`graph_data`), made once per build: from the graph of the
        last build whose fingerprints `carry` took, with the edges of the pages whose
        links may have moved made again, else from every page's links."""
        if self._graph is None:
            base = self._graph_from
            index = self.index
            graph = (
                graph_data.patched(base[0], index, base[1], diagnostics)
                if base
                else graph_data.whole(index, diagnostics)
            )
            self._graph = graph, graph_data.script(graph)
        return self._graph[1]

    def _bases(self, path: str) -> list[str]:
        """What the bases drawn on a page show: its blocks', and its embedded files'."""
        drawer = self.index.filler.bases
        if drawer is None:
            return []
        report = drawer.report
        shown = [drawer.shown(result) for key, result in report.results.items() if key.startswith(path + "#")]
        embedded = {target.path for target in self._embedded_bases(path)}
        shown += [drawer.shown(result) for base in sorted(embedded) if (result := report.embedded(path, base))]
        return shown

    def _showing_bases(self) -> list[str]:
        """The pages drawing a base (a block, or an embedded `.base` file)."""
        if self.index.filler.bases is None:
            return []
        return [path for path, record in self.records.items() if record.bases or self._embedded_bases(path)]

    def _embedded_bases(self, path: str) -> list[Target]:
        """The `.base` files `path` embeds."""
        found = []
        for resolved in self.index.filler.links_of(path):
            target = resolved.resolution.target
            if resolved.link.kind == "embed" and target is not None and is_base_file(target.path):
                found.append(target)
        return found

    def _bases_shown(self) -> list[tuple[str, str]]:
        """What each `.base` file's own page shows."""
        drawer = self.index.filler.bases
        if drawer is None:
            return []
        return [(key, drawer.shown(result)) for key, result in sorted(drawer.report.results.items()) if "#" not in key]

    def _listing(self) -> str:
        """What the listings (home, all pages, folders, tags) show of every page."""
        return digest(
            self.site,
            [
                (p, self.signature(p), r.tags, repr(r.frontmatter.get("created")))
                for p, r in sorted(self.records.items())
            ],
            sorted(self.layout.sources),
            sorted(self.index.folder_children.items()),
        )

    def _search(self) -> str:
        """What the search index holds of every page."""
        return digest(
            self.site,
            [_searched(p, r) for p, r in sorted(self.records.items()) if p in self.layout.pages],
        )

    def signature(self, path: str) -> str:
        """What other pages show of a page or document: its card and its address."""
        found = self._signatures.get(path)
        if found is None:
            output = self.layout.pages.get(path) or self.layout.sources.get(path)
            found = self._signatures[path] = digest(self.index.cards[path], output)
        return found

    def link_view(self, path: str) -> str:
        """What a page's links show: for each, where it leads and what it says there.
        Made once per page and kept short (one string per link, one hash per page):
        the fingerprints of a 10,000-page wiki go through 110,000 links."""
        found = self._link_views.get(path)
        if found is None:
            views, embeds, broken = [], [], False
            for resolved in self.index.filler.links_of(path):
                target = resolved.resolution.target
                if target is None:
                    broken = True  # its tooltip's suggestion comes from every name: `names`
                    views.append("outside" if resolved.resolution.outside else "broken")
                    continue
                view = self._target_view(target)
                if resolved.fragment is not None or resolved.anchor_found is not None or resolved.anchor_suggestion:
                    view += f"#{resolved.fragment!r} {resolved.anchor_found!r} {resolved.anchor_suggestion!r}"
                views.append(view)
                if resolved.link.kind == "embed" and target.path in self.records:
                    embeds.append(target.path)
            self._embeds[path] = embeds
            views.append(self.names if broken else "")
            found = self._link_views[path] = digest_lines(views)
        return found

    def _target_view(self, target: Target) -> str:
        """Where links to `target` lead and, for a page or document, its signature."""
        key = (target.kind, target.path)  # a tuple hashes in C, the dataclass in Python
        found = self._targets.get(key)
        if found is None:
            signature = self.signature(target.path) if target.path in self.records else ""
            found = self._targets[key] = repr((*key, self.layout.target(target), signature))
        return found

    def _backlinks(self, path: str) -> str:
        linkers = dict.fromkeys(source for source, _ in self.index.linkers.get(path, []))
        return digest_lines([self._linker_view(source) for source in linkers])

    def _linker_view(self, source: str) -> str:
        """What a page's backlinks show of a page linking to it: its title and address,
        and its sentences with their links' text (from its record and link view)."""
        found = self._linker_views.get(source)
        if found is None:
            found = digest(self.signature(source), self.content(source), self.link_view(source))
            self._linker_views[source] = found
        return found

    def _links(self, path: str) -> tuple[str, list[tuple[str, str, str]]]:
        """The page's link view and, for every record its embeds copy (transitively),
        that record's hash and link view."""
        return self.link_view(path), [(q, self.content(q), self.link_view(q)) for q in self._embedded(path)]

    def _embedded(self, path: str) -> list[str]:
        seen: set[str] = set()
        stack = [path]
        while stack:
            page = stack.pop()
            self.link_view(page)  # finds its embeds
            for target in self._embeds[page]:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return sorted(seen)

    def _source_view(self, source: ResolvedSource) -> tuple[object, ...]:
        target = source.resolution.target
        if not source.found or target is None:
            return (source.ref.path,)
        signature = self.signature(target.path) if target.path in self.records else ""
        return (source.ref.path, target.path, self.layout.sources.get(target.path), signature)

    def _folder(self, path: str) -> tuple[object, ...]:
        """The listing a folder's own page shows: subfolders, their page counts, pages."""
        folder = self.index.note_folders.get(path)
        if folder is None:
            return ()
        children = self.index.folder_children
        key = "" if folder == self.index.config.content_dir else folder
        subfolders, pages = children.get(key, ([], []))
        counts = [(sub, len(children.get(sub, ([], []))[1])) for sub in sorted(subfolders)]
        return (folder, counts, [(page, self.signature(page)) for page in pages])

    def _crumbs(self, path: str) -> list[str]:
        """Titles of the folder notes above a page, which its breadcrumbs show."""
        notes = self.layout.folder_notes
        parts = path.split("/")[:-1]
        above = ("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
        return [self.signature(notes[folder]) for folder in above if folder in notes]


def _same_links(now: Dependencies, before: Dependencies, path: str) -> bool:
    """Whether a page's resolved links are the very ones of the last build: a long-running
    analysis keeps those of the pages an edit did not reach, and they are immutable."""
    ours, theirs = now.index.filler.links_of(path), before.index.filler.links_of(path)
    return len(ours) == len(theirs) and all(a is b for a, b in zip(ours, theirs, strict=True))


def _shown_by(deps: Dependencies, pages: set[str]) -> set[str]:
    """The pages and documents that show something of `pages`: those they link to (whose
    backlinks list them) and the documents they cite (which list who cites them)."""
    cited = (source.resolution.target for page in pages for source in deps.index.sources_of.get(page, ()))
    linked = (resolved.resolution.target for page in pages for resolved in deps.index.filler.links_of(page))
    return {target.path for target in (*cited, *linked) if target is not None}


def _embedding(deps: Dependencies, pages: set[str]) -> set[str]:
    """The pages that embed one of `pages`, directly or through other embeds (an embed
    is a link, so its page is among the target's linkers)."""
    found: set[str] = set()
    stack = list(pages)
    while stack:
        for source, number in deps.index.linkers.get(stack.pop(), ()):
            if source not in found and deps.index.filler.links_of(source)[number].link.kind == "embed":
                found.add(source)
                stack.append(source)
    return found


def _searched(path: str, record: PageRecord) -> tuple[object, ...]:
    front = record.frontmatter
    headings = [h.text for h in record.headings]
    return (path, record.title, record.aliases, record.tags, headings, front.get("description"), front.get("summary"))


def listed_view(record: PageRecord) -> tuple[object, ...]:
    """What the generated pages show of a page besides its signature."""
    return _searched(record.path, record), repr(record.frontmatter.get("created"))
