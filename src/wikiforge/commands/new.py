"""`wikiforge new TYPE "Title"`: a page from its type's template, where the config puts it.

Exit codes: 0 written (its path on stdout, from the current folder); 2 nothing written
(no project, a bad config, a type the config does not allow, a name already taken, a
template whose frontmatter breaks once filled in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..authoring.new_page import NewPageError, new_page, write_page
from ..config.settings import load_config
from ..load.scope import NO_PROJECT, find_root, project_for
from .check import Echo, UsageError
from .shown import from_here


@dataclass(frozen=True)
class NewRequest:
    page_type: str
    title: str
    path: Path | None = None
    folder: str | None = None
    """Where to put it, from the content folder, instead of the type's configured folder."""
    name: str | None = None
    """The file name (without `.md`) instead of one made from the title."""
    dry_run: bool = False


def execute(request: NewRequest, out: Echo, err: Echo) -> int:
    """Write the page and print its path (with `dry_run`, print the page instead)."""
    root = project_for(request.path) if request.path is not None else find_root(Path.cwd())
    if root is None:
        raise UsageError(NO_PROJECT)
    config = load_config(root)
    try:
        page = new_page(config, request.page_type, request.title, datetime.now(), request.folder, request.name)
        if request.dry_run:
            out(f"{page.path}\n{page.text}")
            return 0
        written = write_page(root, page)
    except NewPageError as exc:
        raise UsageError(f"nothing written: {exc}") from exc
    except OSError as exc:
        raise UsageError(f"nothing written: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc
    out(from_here(written) + "\n")
    return 0
