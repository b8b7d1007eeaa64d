"""The commands for people writing pages: `new`, `mv` and `lsp`."""

from __future__ import annotations

from pathlib import Path

import click

from ..load.options import LoadOptions
from .running import run


@click.command(name="new")
@click.argument("page_type", metavar="TYPE")
@click.argument("title")
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), help="The project folder.")
@click.option("--folder", help="Folder in the content folder (default: the type's [frontmatter.by_type.TYPE] folder).")
@click.option("--name", help="File name, without .md (default: made from the title).")
@click.option("--dry-run", is_flag=True, help="Print the path and the page instead of writing it.")
def new(page_type: str, title: str, path: Path | None, folder: str | None, name: str | None, dry_run: bool) -> None:
    """Create a page of TYPE titled TITLE from templates/pages/TYPE.md (the project's,
    else the theme's, which has `article` and `client`), in the type's folder, and print
    its path. Fills {{title}}, {{date}}, {{time}} and {{date:YYYY-MM-DD}} as Obsidian's
    Templates plugin does, and adds title, type, created and the keys the schema
    requires. Never writes over an existing file.
    """
    from ..commands.new import NewRequest
    from ..commands.new import execute as new_execute

    request = NewRequest(page_type, title, path, folder, name, dry_run)
    run(lambda out, err: new_execute(request, out, err))


@click.command(name="mv")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path), help="The project folder.")
@click.option("--dry-run", is_flag=True, help="Print the rename and each file's changes as a patch; change nothing.")
@click.option("--force", is_flag=True, help="Move even when some links cannot be rewritten (they are listed).")
def mv(old: Path, new: Path, path: Path | None, dry_run: bool, force: bool) -> None:
    """Move the page, attachment or folder OLD to NEW (into NEW when it is a folder) and
    rewrite every link to it: wikilinks, embeds, Markdown links, frontmatter links and
    source_docs, each in its own style (bare name, path, relative) with its label and
    anchor kept. Links that still lead to their file are left alone. Never overwrites a
    file; each file is replaced whole, so an interrupted move leaves no half-written file.
    """
    from ..commands.mv import MoveRequest
    from ..commands.mv import execute as mv_execute

    request = MoveRequest(old, new, path, dry_run, force)
    run(lambda out, err: mv_execute(request, out, err))


@click.command(name="lsp")
@click.option(
    "--stdio", is_flag=True, help="Talk over stdin and stdout (the only way; accepted for editors that pass it)."
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes for the first check (default: one per core).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the record cache.")
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
    default="WARNING",
    show_default=True,
    help="What the server logs to stderr.",
)
def lsp(stdio: bool, jobs: int | None, no_cache: bool, log_level: str) -> None:
    """Run the language server (LSP over stdio) for the project the editor opens:
    check findings as you type, completion of [[links]], #headings, ^blocks, tags and
    frontmatter, go to definition, references, hover, rename of pages and headings
    (every link rewritten, as `wikiforge mv` does), quick fixes and symbols.
    README, "In the editor", shows the setup for VS Code, Neovim, Helix and Zed.
    """
    from ..commands.lsp import LspRequest
    from ..commands.lsp import execute as lsp_execute

    request = LspRequest(LoadOptions(jobs=jobs, cache=not no_cache), log_level)
    run(lambda out, err: lsp_execute(request, out, err))
