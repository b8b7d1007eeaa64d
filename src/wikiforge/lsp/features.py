"""The requests the server answers, each a thin layer over one module: completion,
go to definition, references, hover, rename, code actions and symbols."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

from ..analysis import Analysis
from . import completion, navigation
from .edits import EditError, Editor, create_page_actions, fix_actions, rename_heading, rename_page
from .hover import link_hover, tier_card
from .positions import Lines

if TYPE_CHECKING:
    from .server import WikiServer


class RequestFailed(JsonRpcException):
    """The protocol's "request failed": valid, but it cannot be done (a taken name)."""

    CODE = int(types.LSPErrorCodes.RequestFailed)


_FENCE = re.compile(r"^---[ \t]*$")
_TOP_KEY = re.compile(r"^([\w-]+):")
TRIGGERS = ["[", "#", "^", " ", ":", "-"]


def register(server: WikiServer) -> None:
    """Register every request handler on `server`."""
    names: dict[str, completion.Names] = {}

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS))
    def complete(ls: WikiServer, params: types.CompletionParams) -> types.CompletionList | None:
        return _complete(ls, params, names)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: WikiServer, params: types.DefinitionParams) -> list[types.Location] | None:
        return _definition(ls, *await _at(ls, params))

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: WikiServer, params: types.ReferenceParams) -> list[types.Location] | None:
        return _references(ls, *await _at(ls, params))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: WikiServer, params: types.HoverParams) -> types.Hover | None:
        return _hover(ls, *await _at(ls, params))

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(ls: WikiServer, params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder:
        return _prepare_rename(ls, *await _at(ls, params))

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def rename(ls: WikiServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        return _rename(ls, params.new_name, *await _at(ls, params))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
    )
    async def code_action(ls: WikiServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        return _code_actions(ls, params, await ls.settled())

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbols(ls: WikiServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        analysis, path = await ls.settled(), ls.path_of(params.text_document.uri)
        record = analysis.records.get(path) if analysis is not None and path is not None else None
        return navigation.document_symbols(record, ls.lines_of(path)) if record is not None and path else []

    @server.feature(types.WORKSPACE_SYMBOL)
    def workspace_symbols(ls: WikiServer, params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol]:
        analysis = ls.session.analysis if ls.session is not None else None
        if analysis is None:
            return []
        return navigation.workspace_symbols(analysis, params.query, ls.uri_for)


_Here = tuple[Analysis | None, str | None, int, int]
"""The analysis, the page asked about, and the 1-based line and character column."""


async def _at(ls: WikiServer, params: types.TextDocumentPositionParams) -> _Here:
    analysis = await ls.settled()
    path = ls.path_of(params.text_document.uri)
    if path is None:
        return analysis, None, 0, 0
    lines = ls.lines_of(path)
    return analysis, path, params.position.line + 1, lines.column(params.position) + 1


def _definition(
    ls: WikiServer, analysis: Analysis | None, path: str | None, line: int, column: int
) -> list[types.Location] | None:
    if analysis is None or path is None:
        return None
    resolved = navigation.link_at(ls.project.links_on(path), line, column)
    place = navigation.target_place(analysis, resolved) if resolved is not None else None
    if place is None:
        source = navigation.source_at(analysis, path, line, column)
        place = navigation.source_place(source) if source is not None else None
    if place is None:
        return None
    return [navigation.location(place, ls.uri_for, ls.lines_of)]


def _references(
    ls: WikiServer, analysis: Analysis | None, path: str | None, line: int, column: int
) -> list[types.Location] | None:
    """On a heading: the links to it; on a link: the links to its target; else the
    page's backlinks."""
    if analysis is None or path is None or path not in analysis.records:
        return None
    heading = navigation.heading_at(analysis.records[path], line)
    resolved = navigation.link_at(ls.project.links_on(path), line, column)
    if heading is not None:
        found = navigation.links_to(analysis, path, heading[0])
    elif resolved is not None and resolved.resolution.target is not None:
        found = navigation.links_to(analysis, resolved.resolution.target.path)
    else:
        found = navigation.links_to(analysis, path)
    places = [navigation.Place(r.page, r.link.span) for r in found]
    return [navigation.location(p, ls.uri_for, ls.lines_of) for p in places]


def _hover(ls: WikiServer, analysis: Analysis | None, path: str | None, line: int, column: int) -> types.Hover | None:
    if analysis is None or path is None or path not in analysis.records:
        return None
    resolved = navigation.link_at(ls.project.links_on(path), line, column)
    if resolved is not None:
        text = link_hover(analysis, resolved, ls.text_of)
    else:
        record = analysis.records[path]
        tier_span = record.field_spans.get("tier")
        on_tier = tier_span is not None and ls.lines_of(path).line(line - 1).startswith("tier:")
        text = tier_card(analysis, path) if on_tier or (tier_span and tier_span.line == line) else None
    if not text:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))


def _prepare_rename(
    ls: WikiServer, analysis: Analysis | None, path: str | None, line: int, column: int
) -> types.PrepareRenamePlaceholder:
    if analysis is None or path is None or path not in analysis.records:
        raise JsonRpcInvalidParams("not a page of this wiki")
    record = analysis.records[path]
    heading = navigation.heading_at(record, line)
    lines = ls.lines_of(path)
    if heading is not None:
        return types.PrepareRenamePlaceholder(lines.range(heading[1].span), heading[1].text)
    here = types.Range(types.Position(line - 1, 0), types.Position(line - 1, 0))
    return types.PrepareRenamePlaceholder(here, path.rpartition("/")[2].removesuffix(".md"))


def _rename(
    ls: WikiServer, new_name: str, analysis: Analysis | None, path: str | None, line: int, column: int
) -> types.WorkspaceEdit:
    """A heading under the cursor is renamed with its links; anywhere else, the page."""
    if analysis is None or path is None or path not in analysis.records:
        raise JsonRpcInvalidParams("not a page of this wiki")
    heading = navigation.heading_at(analysis.records[path], line)
    try:
        if heading is not None:
            return rename_heading(analysis, path, heading[0], new_name, _editor(ls))
        return rename_page(analysis, path, new_name, _editor(ls))
    except EditError as exc:
        raise RequestFailed(str(exc)) from None


def _code_actions(
    ls: WikiServer, params: types.CodeActionParams, analysis: Analysis | None
) -> list[types.CodeAction] | None:
    path = ls.path_of(params.text_document.uri)
    if analysis is None or path is None or path not in analysis.records:
        return None
    first, last = params.range.start.line + 1, params.range.end.line + 1
    found = [d for d in analysis.diagnostics if d.path == path and d.span.line <= last and d.span.end_line >= first]
    actions = fix_actions(found, path, _editor(ls))
    for broken in (d for d in found if d.rule == "broken-link"):
        resolved = navigation.link_at(ls.project.links_on(path), broken.span.line, broken.span.column)
        if resolved is not None and resolved.resolution.target is None and not resolved.resolution.outside:
            actions += create_page_actions(analysis, resolved.link.target, _editor(ls), datetime.now())
    return actions


def _complete(
    ls: WikiServer, params: types.CompletionParams, names: dict[str, completion.Names]
) -> types.CompletionList | None:
    analysis = ls.session.analysis if ls.session is not None else None
    path = ls.path_of(params.text_document.uri)
    if analysis is None or path is None:
        return None
    lines = ls.lines_of(path)
    column = lines.column(params.position)
    at = completion.where(lines.line(params.position.line), column, _frontmatter_key(lines, params.position.line))
    if at is None:
        return None
    line = params.position.line
    span = types.Range(lines.position(line + 1, at.start + 1), lines.position(line + 1, at.start + len(at.typed) + 1))
    items = _items(ls, analysis, path, at, span, names)
    return types.CompletionList(is_incomplete=len(items) >= completion.MAX_ITEMS or at.kind == "page", items=items)


def _items(
    ls: WikiServer,
    analysis: Analysis,
    path: str,
    at: completion.Where,
    span: types.Range,
    names: dict[str, completion.Names],
) -> list[types.CompletionItem]:
    config = analysis.config
    if at.kind in ("heading", "block"):
        return completion.anchor_items(analysis, at, path, span)
    if at.kind == "key":
        record = analysis.records.get(path)
        page_type = record.page_type if record is not None else None
        return completion.key_items(config, page_type or _written_type(ls.lines_of(path)), at, span)
    known = names.get("names")
    if known is None or not known.made_for(analysis.files, config.link_format, config.vault_prefix):
        known = names["names"] = completion.Names(analysis.files, config.link_format, config.vault_prefix)
    if at.kind == "page":
        return completion.page_items(known, analysis, at, path, span)
    if at.kind == "tag":
        return completion.tag_items(known, analysis, at, span)
    return completion.value_items(known, analysis, config, at, span)


def _frontmatter_key(lines: Lines, line: int) -> str | None:
    """None when `line` (0-based) is outside the frontmatter; else the top-level key it
    belongs to ("" for a line that starts a key of its own)."""
    if line == 0 or not _FENCE.match(lines.line(0)):
        return None
    key = ""
    for number in range(1, line + 1):
        text = lines.line(number)
        if _FENCE.match(text) or text.rstrip() == "...":
            return None
        found = _TOP_KEY.match(text)
        if found is not None and number < line:
            key = found.group(1)
    return key


def _written_type(lines: Lines) -> str | None:
    """The `type:` written in the frontmatter, for a page whose frontmatter does not
    parse while it is being typed."""
    for number in range(1, len(lines.starts)):
        text = lines.line(number)
        if _FENCE.match(text):
            return None
        if text.startswith("type:"):
            return text[5:].strip().strip("\"'") or None
    return None


def _editor(ls: WikiServer) -> Editor:
    return Editor(ls.text_of, ls.lines_of, ls.uri_for, ls.version_of)
