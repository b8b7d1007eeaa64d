"""Changes the editor applies as one workspace edit: renaming a page or a heading, a
finding's fix, a new page for a broken link.

A page rename is `wikiforge mv`'s plan (`authoring/moves.py`) made on the analysis the
server keeps, with the open buffers' text: the file is renamed and every link that would
no longer reach it is rewritten in its own style. A heading rename rewrites the heading
and every link that the anchor check found leading to it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lsprotocol import types

from ..analysis import Analysis
from ..authoring.move_files import refuse_taken
from ..authoring.moves import MoveError, reached, relocation, resolver_after, rewrites
from ..authoring.new_page import NewPageError, new_page, template_types
from ..authoring.relink import Rewrite, TextEdit, anchor_edit, plan_edits
from ..core.diagnostic import Diagnostic
from ..lint.fixes import line_bounds, locate_fix
from ..resolve.digest import head_of
from .navigation import links_to
from .positions import Lines


class EditError(Exception):
    """An edit that cannot be made, said to the person who asked for it."""


@dataclass(frozen=True)
class Editor:
    """What an edit needs of the server: each file's text and lines as the editor has
    them, its URI, and the version of an open document."""

    text_of: Callable[[str], str]
    lines_of: Callable[[str], Lines]
    uri_of: Callable[[str], str]
    version_of: Callable[[str], int | None]


def rename_page(analysis: Analysis, path: str, new_name: str, editor: Editor) -> types.WorkspaceEdit:
    """Rename the page at `path`: `new_name` is a file name (`.md` optional) in the same
    folder, or, holding a `/`, a path from the content folder."""
    config = analysis.config
    name = new_name.strip()
    if not name.endswith(".md"):
        name += ".md"
    folder = path.rpartition("/")[0]
    content = "" if config.content_dir == "." else config.content_dir + "/"
    new = content + name.lstrip("/") if "/" in name else (f"{folder}/{name}" if folder else name)
    new = posixpath.normpath(new)
    try:
        move = relocation(analysis.files, path, new, config.content_dir)
        refuse_taken(config.root, move)
    except MoveError as exc:
        raise EditError(str(exc)) from None
    after = resolver_after(config, analysis.files, [head_of(d) for d in analysis.digests.values()], move)
    pages = reached(analysis.digests, analysis.digests.keys(), move)
    found = rewrites([analysis.records[p] for p in pages], analysis.resolver, after, move, config.content_dir)
    stuck = [r for r in found if not r.new]
    if stuck:
        raise EditError(f"{len(stuck)} link(s) could not name {new} (first: {stuck[0].page}:{stuck[0].span.line})")
    changes: list[types.TextDocumentEdit | types.RenameFile] = [
        types.RenameFile(
            old_uri=editor.uri_of(path),
            new_uri=editor.uri_of(new),
            options=types.RenameFileOptions(overwrite=False, ignore_if_exists=False),
        )
    ]
    by_page: dict[str, list[Rewrite]] = {}
    for rewrite in found:
        by_page.setdefault(rewrite.page, []).append(rewrite)
    for page, wanted in by_page.items():
        edits, failed = plan_edits(editor.text_of(page), wanted)
        if failed:
            raise EditError(f"{page}:{failed[0].span.line}: the link is no longer as the check saw it; try again")
        moved = move.moved(page)
        version = None if moved != page else editor.version_of(page)
        changes.append(_document_edit(editor.uri_of(moved), version, edits, editor.lines_of(page)))
    return types.WorkspaceEdit(document_changes=changes)


def rename_heading(analysis: Analysis, path: str, index: int, new_text: str, editor: Editor) -> types.WorkspaceEdit:
    """Rename the heading of that index on the page, and every link to it."""
    record = analysis.records[path]
    heading = record.headings[index]
    new = " ".join(new_text.split())
    if not new or any(c in new for c in "#|[]^"):
        raise EditError(f"{new_text!r} cannot be a heading that links name (no # | [ ] ^)")
    if heading.span.line != heading.span.end_line:
        raise EditError("a heading written on more than one line cannot be renamed here")
    by_page: dict[str, list[TextEdit]] = {path: []}
    text = editor.text_of(path)
    starts = line_bounds(text)[0]
    at = starts[heading.span.line - 1]
    by_page[path].append(TextEdit(at + heading.span.column - 1, at + heading.span.end_column - 1, new))
    for resolved in links_to(analysis, path, index):
        edit = anchor_edit(editor.text_of(resolved.page), resolved.link.kind, resolved.link.span, new)
        if edit is None:
            raise EditError(f"{resolved.page}:{resolved.link.span.line}: cannot rewrite {resolved.link.text}")
        by_page.setdefault(resolved.page, []).append(edit)
    changes = [
        _document_edit(editor.uri_of(page), editor.version_of(page), edits, editor.lines_of(page))
        for page, edits in by_page.items()
    ]
    return types.WorkspaceEdit(document_changes=changes)


def fix_actions(found: Iterable[Diagnostic], path: str, editor: Editor) -> list[types.CodeAction]:
    """A quick fix for each finding that carries one, checked against the buffer."""
    text = editor.text_of(path)
    bounds = line_bounds(text)
    lines = editor.lines_of(path)
    actions = []
    for diagnostic in found:
        fix = diagnostic.fix
        located = locate_fix(text, *bounds, fix) if fix is not None else None
        if fix is None or located is None:
            continue
        edited = located.apply(text)
        grown = len(edited) - len(text)
        edit = TextEdit(located.link_start, located.link_end, edited[located.link_start : located.link_end + grown])
        actions.append(
            types.CodeAction(
                title=f"{diagnostic.code}: {fix.description}",
                kind=types.CodeActionKind.QuickFix,
                is_preferred=fix.safe,
                edit=types.WorkspaceEdit(
                    document_changes=[_document_edit(editor.uri_of(path), editor.version_of(path), [edit], lines)]
                ),
            )
        )
    return actions


def create_page_actions(analysis: Analysis, target: str, editor: Editor, now: datetime) -> list[types.CodeAction]:
    """ "Create page" for a broken link to `target`, one per page type with a template:
    the page gets the link's name as its file name and title, so the link reaches it."""
    config = analysis.config
    written = target.strip().lstrip("/")
    if config.content_dir != "." and written.startswith(config.content_dir + "/"):
        written = written[len(config.content_dir) + 1 :]
    folder, _, name = written.rpartition("/")
    name = name.removesuffix(".md")
    if not name or any(c in name for c in "#|[]^\\"):
        return []
    actions = []
    for page_type in template_types(config):
        try:
            page = new_page(config, page_type, name, now, folder or None, name)
        except NewPageError:
            continue
        if (Path(config.root) / page.path).exists() or page.path in analysis.records:
            continue
        uri = editor.uri_of(page.path)
        start = types.Position(0, 0)
        insert = types.TextEdit(types.Range(start, start), page.text)
        actions.append(
            types.CodeAction(
                title=f"Create {page.path} ({page_type})",
                kind=types.CodeActionKind.QuickFix,
                edit=types.WorkspaceEdit(
                    document_changes=[
                        types.CreateFile(
                            uri=uri, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
                        ),
                        types.TextDocumentEdit(types.OptionalVersionedTextDocumentIdentifier(uri, None), [insert]),
                    ]
                ),
            )
        )
    return actions


def _document_edit(uri: str, version: int | None, edits: Iterable[TextEdit], lines: Lines) -> types.TextDocumentEdit:
    return types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri, version),
        edits=[types.TextEdit(types.Range(lines.at(e.start), lines.at(e.end)), e.new) for e in edits],
    )
