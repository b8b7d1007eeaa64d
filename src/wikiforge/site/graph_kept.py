"""The graph data file in a build of the few files an edit reached (`update`).

That build goes on only when no page's title, type, tags, tier or address changed, so
of the graph only the edges of the pages parsed again and the findings' marks can
have moved. Usually neither did (a body edit): the file is kept, as the last build's
state shows without reading it. Otherwise the file the last build wrote, if it is still
as that build left it, is read back and the parsed pages' edges put in: the bytes a
whole build writes (`graph_data.patch_script`). A file that is not is `LostState`, and the
caller builds the whole site.
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Mapping
from pathlib import Path

from ..core.diagnostic import Diagnostic
from .build_state import BuildState, digest_lines
from .graph_data import FILE_NAME, node_paths, page_edges, patch_script
from .graph_data import broken_at as broken_links_at
from .kept_site import Around, LostState
from .site_index import SiteIndex

GROUP = "graph-data"
"""The data file's group of generated files (`SiteWriter.groups`)."""


class KeptGraph:
    """The graph data file of a build after an edit: the pages parsed again, and what
    the last build kept of their links (`befores`, taken before this build changed it)."""

    def __init__(
        self, index: SiteIndex, out: Path, previous: BuildState, parsed: list[str], befores: Mapping[str, Around]
    ) -> None:
        self.index = index
        self.out = out
        self.previous = previous
        self.parsed = [path for path in parsed if path in index.layout.pages]
        self.befores = befores
        self._data: str | None = None

    def fingerprint(self, diagnostics: list[Diagnostic], same_findings: bool) -> str:
        """The last build's fingerprint when the findings are the last build's and every
        parsed page links where it did, with no broken link; else the new file's."""
        before = self.previous.groups.get(GROUP)
        if before is not None and same_findings and self._same_edges(diagnostics):
            return before[0]
        return digest_lines([self.data(diagnostics)])

    def _same_edges(self, diagnostics: list[Diagnostic]) -> bool:
        """Whether the parsed pages' edges are the ones the last build drew: it kept the
        pages and documents each linked to and cited (`Around.gives`, `cites`), though
        not its broken targets, so a page with one is never taken as unchanged."""
        known = frozenset(node_paths(self.index.layout))
        broken = broken_links_at(diagnostics)
        for path in self.parsed:
            edges = page_edges(self.index, path, known, broken)
            before = self.befores[path]
            if edges.missing or set(edges.linked) != known.intersection((*before.gives, *before.cites)):
                return False
        return True

    def data(self, diagnostics: list[Diagnostic]) -> str:
        """The new data file, from the last build's."""
        if self._data is None:
            at = self.index.layout.static(FILE_NAME)
            entry = self.previous.outputs.get(at)
            text = ""
            with contextlib.suppress(OSError, UnicodeDecodeError):
                info = (self.out / at).lstat()
                if entry and stat.S_ISREG(info.st_mode) and entry[:2] == (info.st_size, info.st_mtime_ns):
                    text = (self.out / at).read_text(encoding="utf-8")
            made = patch_script(text, node_paths(self.index.layout), self.index, self.parsed, diagnostics)
            if made is None:
                raise LostState(at)
            self._data = made
        return self._data
