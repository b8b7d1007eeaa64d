"""WF303 missing-source."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity
from .context import LintContext
from .registry import Finding, rule


@rule("WF303", "missing-source", Severity.ERROR)
def missing_source(ctx: LintContext) -> Iterator[Finding]:
    """A `source_docs` entry that names no file in the sources folder (`raw/`).

    Entries are paths from the project root (`raw/2026-02-17-interview.md`), paths inside
    the sources folder, or wikilinks (`"[[2026-02-17-interview]]"`).

    **Why it matters:** a page's sources are how a reader checks it; a missing one makes
    the page unverifiable.

    **Example:** `source_docs: [raw/transcripts/kickoff-call.md]` after the transcript
    was renamed to `kickoff-meeting.md`.

    **How to fix:** add the raw document under `raw/`, or correct the entry.
    """
    for source in ctx.sources:
        if not source.found:
            sources_dir = ctx.config.sources_dir
            message = f"source document {source.ref.path!r} not found in {sources_dir}/"
            yield Finding(
                source.page, source.ref.span, message, ctx.resolver.suggest(source.ref.path, kinds=("source",))
            )
