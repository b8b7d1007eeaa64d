"""WF001 unreadable-file."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Severity
from .context import LintContext
from .registry import Finding, rule


@rule("WF001", "unreadable-file", Severity.ERROR, page_level=True)
def unreadable_file(ctx: LintContext) -> Iterator[Finding]:
    """A page that is not UTF-8 text, that cannot be read at all, or that is too large.

    Only bytes that do not decode make a page unreadable: a UTF-8 note holding a few
    NUL bytes (some exports leave them) is text, and is checked like any other. A file
    larger than `max_page_bytes` (10 MiB by default) is not read, parsed or published,
    so one pasted dump cannot stall a check or a build.

    **Why it matters:** nothing in the file can be checked or published, and whatever
    links to it looks fine while the page itself is lost.

    **Example:** a binary file saved as `brief.md`, a page saved in Latin-1, a broken
    symbolic link, a symbolic link to a file outside the project (never followed), a
    50 MB log pasted into a page.

    **How to fix:** re-save the page as UTF-8 (a byte-order mark and CRLF line endings are
    fine), split a page that is too large, or rename a file that is not a page so it does
    not end in `.md`.
    """
    for record in ctx.records.values():
        if record.role == "page" and record.read_error is not None:
            yield Finding(record.path, record.read_error.span, record.read_error.message)
