"""WF001 unreadable-file."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.diagnostic import Severity, Span
from ...load.discover import OUTSIDE_FILE
from .context import LintContext
from .registry import Finding, rule


@rule("WF001", "unreadable-file", Severity.ERROR, page_level=True, scope="wiki")
def unreadable_file(ctx: LintContext) -> Iterator[Finding]:
    """A page that is not UTF-8 text or too large, or a file or folder that must not be read.

    Only bytes that do not decode make a page unreadable: a UTF-8 note holding a few
    NUL bytes (some exports leave them) is text, and is checked like any other. A file
    larger than `max_page_bytes` (10 MiB by default) is not read, parsed or published,
    so one pasted dump cannot stall a check or a build. Nothing from outside the project
    is read: a symbolic link to a file or folder outside it is reported here, and its
    files are neither checked nor published.

    **Why it matters:** nothing in the file can be checked or published, and whatever
    links to it looks fine while the page itself is lost.

    **Example:** a binary file saved as `brief.md`, a page saved in Latin-1, a broken
    symbolic link or a loop of them, a symbolic link to a file outside the project
    (never followed), `raw/` or a folder in `wiki/` being a symbolic link to a folder
    outside the project, a folder that cannot be listed (no permission), a file name
    that is not UTF-8, a 50 MB log pasted into a page.

    **How to fix:** re-save the page as UTF-8 (a byte-order mark and CRLF line endings are
    fine), split a page that is too large, or rename a file that is not a page so it does
    not end in `.md`; copy files from outside the project into it rather than linking
    them; rename a file whose name is not UTF-8; give wikiforge permission to read the
    folder.
    """
    for record in ctx.digests.values():
        if record.role == "page" and record.read_error is not None:
            yield Finding(record.path, record.read_error.span, record.read_error.message)
    files = ctx.files
    for path in sorted(files.outside - set(files.pages)):
        yield Finding(path, Span.point(1), f"file {OUTSIDE_FILE}")
    for path, why in sorted(files.refused.items()):
        yield Finding(path, Span.point(1), why)
