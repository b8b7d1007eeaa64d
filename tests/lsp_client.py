"""A language client for the tests: `wikiforge lsp` started as an editor starts it, over
stdio with JSON-RPC (pygls' client), and the few things an editor does with answers
(apply a workspace edit, wait for a document's diagnostics)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

WAIT = 15.0


class Editor:
    """One server and the documents open in it."""

    def __init__(self, root: Path, capabilities: types.ClientCapabilities | None = None) -> None:
        self.root = root
        self.log = root.parent / f"{root.name}-lsp.log"
        self.client = LanguageClient("wikiforge-tests", "1")
        self.diagnostics: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self.messages: list[str] = []
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self._news = asyncio.Event()
        self.capabilities = capabilities or types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                workspace_edit=types.WorkspaceEditClientCapabilities(
                    document_changes=True,
                    resource_operations=[types.ResourceOperationKind.Create, types.ResourceOperationKind.Rename],
                )
            )
        )

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(ls: Any, params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = (params.version, list(params.diagnostics))
            self._news.set()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def shown(ls: Any, params: types.ShowMessageParams) -> None:
            self.messages.append(params.message)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(ls: Any, params: types.LogMessageParams) -> None:
            self.messages.append(params.message)

    async def __aenter__(self) -> Editor:
        # The server's log goes to a file: pygls' client pipes stderr and never reads it.
        command = 'exec "$0" -m wikiforge lsp --log-level WARNING 2>"$1"'
        await self.client.start_io("/bin/sh", "-c", command, sys.executable, str(self.log), cwd=str(self.root))
        params = types.InitializeParams(capabilities=self.capabilities, root_uri=self.root.as_uri())
        self.initialized = await self.client.initialize_async(params)
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *_: object) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
        self.client.exit(None)
        await self.client.stop()

    def uri(self, path: str) -> str:
        return (self.root / path).as_uri()

    def doc(self, path: str) -> types.TextDocumentIdentifier:
        return types.TextDocumentIdentifier(uri=self.uri(path))

    def open(self, path: str, text: str | None = None) -> None:
        text = (self.root / path).read_text(encoding="utf-8") if text is None else text
        self.versions[path], self.texts[path] = 1, text
        item = types.TextDocumentItem(uri=self.uri(path), language_id="markdown", version=1, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))

    def change(self, path: str, text: str) -> None:
        """Replace the whole buffer (not saved)."""
        self.versions[path] += 1
        self.texts[path] = text
        document = types.VersionedTextDocumentIdentifier(version=self.versions[path], uri=self.uri(path))
        change = types.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(text_document=document, content_changes=[change])
        )

    def close(self, path: str) -> None:
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=self.doc(path)))

    async def published(self, path: str, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics of `path` once published for `version` (default: the buffer's)."""
        wanted = self.versions.get(path) if version is None else version
        uri = self.uri(path)
        async with asyncio.timeout(WAIT):
            while True:
                found = self.diagnostics.get(uri)
                if found is not None and (wanted is None or found[0] == wanted):
                    return found[1]
                self._news.clear()
                await self._news.wait()

    def position(self, path: str, needle: str, offset: int = 0) -> types.Position:
        """The position of the first `needle` in the buffer (plus `offset` characters)."""
        text = self.texts.get(path) or (self.root / path).read_text(encoding="utf-8")
        at = text.index(needle) + offset
        line = text.count("\n", 0, at)
        column = at - (text.rfind("\n", 0, at) + 1)
        return types.Position(line=line, character=len(text[at - column : at].encode("utf-16-le")) // 2)

    def apply(self, edit: types.WorkspaceEdit) -> None:
        """Apply a workspace edit to the files on disk and tell the server, as an editor
        would (its file watcher reports the files changed)."""
        events = []
        for change in edit.document_changes or []:
            if isinstance(change, types.RenameFile):
                events += [
                    types.FileEvent(uri=change.old_uri, type=types.FileChangeType.Deleted),
                    types.FileEvent(uri=change.new_uri, type=types.FileChangeType.Created),
                ]
            else:
                uri = change.uri if isinstance(change, types.CreateFile) else change.text_document.uri
                events.append(types.FileEvent(uri=uri, type=types.FileChangeType.Changed))
        self._apply(edit)
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=events))

    def _apply(self, edit: types.WorkspaceEdit) -> None:
        for change in edit.document_changes or []:
            if isinstance(change, types.RenameFile):
                old, new = _local(change.old_uri), _local(change.new_uri)
                assert not new.exists()
                new.parent.mkdir(parents=True, exist_ok=True)
                old.rename(new)
            elif isinstance(change, types.CreateFile):
                created = _local(change.uri)
                assert not created.exists()
                created.parent.mkdir(parents=True, exist_ok=True)
                created.write_text("", encoding="utf-8")
            else:
                path = _local(change.text_document.uri)
                text = path.read_text(encoding="utf-8")
                path.write_text(apply_text_edits(text, list(change.edits)), encoding="utf-8", newline="")


def apply_text_edits(text: str, edits: list[Any]) -> str:
    """`text` with LSP text edits made (UTF-16 positions), last first."""

    def offset(position: types.Position) -> int:
        lines = text.split("\n")
        start = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return start + index
            units += len(char.encode("utf-16-le")) // 2
        return start + len(line)

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def _local(uri: str) -> Path:
    from pygls.uris import to_fs_path

    local = to_fs_path(uri)
    assert local is not None
    return Path(local)
