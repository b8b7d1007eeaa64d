"""`wikiforge lsp`: the language server, over stdio, on pygls.

Every answer comes from one `Session` (the check's analysis with the open buffers over
the disk). Edits are taken in as they come and checked in the background: when a check
is running, the edits that arrive meanwhile are checked together right after it
(debounced without a timer, so a pause in typing costs nothing). Diagnostics are
published for open documents after each check; a closed one's are cleared. Requests
that read positions in the text (go to, references, hover, rename, code actions) wait
for the check of the text they were asked about; completion answers at once from the
last one. A request that fails is an error to that request, never the end of the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..analysis import Analysis
from ..config.settings import ConfigError
from ..core.diagnostic import Diagnostic
from ..load.options import LoadOptions
from ..load.scope import find_root
from . import features
from .diagnostics import editor_diagnostics
from .positions import Lines
from .session import Session

CONFIG_FILES = ("wikiforge.toml", "pyproject.toml")
SETTLE_SECONDS = 10.0
"""How long a request waits for the check of the text it is about."""


class WikiServer(LanguageServer):
    """The server and its one session; the checking loop's state."""

    def __init__(self, load: LoadOptions) -> None:
        super().__init__("wikiforge", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.load = load
        self.session: Session | None = None
        self.started = datetime.now()
        self._wanted = {"check": False, "listing": False, "config": False}
        self._running = False
        self._idle = asyncio.Event()
        self._idle.set()
        self._published: set[str] = set()
        self._open: dict[str, str] = {}
        self._config_error: str | None = None

    @property
    def project(self) -> Session:
        """The session, once `initialize` made it (a request before is an error to it)."""
        if self.session is None:
            raise RuntimeError("the server is not initialized")
        return self.session

    # ------------------------------------------------------------------ documents

    def path_of(self, uri: str) -> str | None:
        return self.session.path_of(uri) if self.session is not None else None

    def opened(self, uri: str) -> None:
        """Note a document the editor opened, by its path, with its URI as the editor
        writes it (pygls keys its documents by the URI decoded: `My Note.md`, not
        `My%20Note.md`, which the editor would not know as its document)."""
        path = self.path_of(uri)
        if path is not None:
            self._open[path] = uri

    def closed(self, uri: str) -> None:
        path = self.path_of(uri)
        if path is not None and self._open.get(path) == uri:
            del self._open[path]

    def uri_for(self, path: str) -> str:
        """A path's URI as the editor wrote it when the document is open, else ours."""
        return self._open.get(path) or self.project.uri_of(path)

    def document(self, path: str) -> TextDocument | None:
        """The editor's open document at `path`, if any."""
        uri = self._open.get(path)
        return self.workspace.text_documents.get(unquote(uri)) if uri is not None else None

    def buffers(self) -> tuple[dict[str, bytes], dict[str, int | None]]:
        """The open documents of the project, by path, as UTF-8; and their versions, by
        URI (the diagnostics of a check are published for the versions it read)."""
        found, versions = {}, {}
        for path, uri in list(self._open.items()):
            document = self.document(path)
            if document is not None:
                found[path] = document.source.encode("utf-8", errors="surrogatepass")
                versions[uri] = document.version
        return found, versions

    def text_of(self, path: str) -> str:
        document = self.document(path)
        if document is not None:
            return document.source
        return self.session.disk_text(path) if self.session is not None else ""

    def lines_of(self, path: str) -> Lines:
        return Lines(self.text_of(path), self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def version_of(self, path: str) -> int | None:
        document = self.document(path)
        return document.version if document is not None else None

    # ------------------------------------------------------------------ checking

    def check_soon(self, listing: bool = False, config: bool = False) -> None:
        """Ask for a check of the buffers as they are now (`listing`: files may have come
        or gone; `config`: the config may have changed)."""
        self._wanted["check"] = True
        self._wanted["listing"] |= listing
        self._wanted["config"] |= config
        if not self._running:
            self._running = True
            self._idle.clear()
            asyncio.get_running_loop().create_task(self._check_loop())

    async def settled(self) -> Analysis | None:
        """The analysis of the text as it is now, once its check is done (or the last one
        after `SETTLE_SECONDS`)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), SETTLE_SECONDS)
        return self.session.analysis if self.session is not None else None

    async def _check_loop(self) -> None:
        try:
            while self._wanted["check"] and self.session is not None:
                listing, config = self._wanted["listing"], self._wanted["config"]
                self._wanted.update(check=False, listing=False, config=False)
                buffers, versions = self.buffers()
                analysis = await asyncio.to_thread(self._checked, buffers, listing, config)
                if analysis is not None:
                    self.publish(analysis, buffers, versions)
        finally:
            self._running = False
            self._idle.set()

    def _checked(self, buffers: dict[str, bytes], listing: bool, config: bool) -> Analysis | None:
        """One check; a config that does not load is said once and the last analysis kept."""
        assert self.session is not None
        try:
            analysis = self.session.refresh(buffers, listing, config)
        except ConfigError as exc:
            message = f"wikiforge: configuration error in {exc.source}: " + "; ".join(exc.problems)
            if message != self._config_error:
                self._config_error = message
                self.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))
            return None
        except Exception as exc:  # noqa: BLE001 - one bad check must not end the server
            logging.getLogger(__name__).error("check failed: %r\n%s", exc, traceback.format_exc())
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, f"check failed: {exc!r}"))
            return None
        self._config_error = None
        return analysis

    def publish(self, analysis: Analysis, buffers: dict[str, bytes], versions: dict[str, int | None]) -> None:
        """The findings of each document that was open, at the version checked (one
        opened since is published by the check its opening asked for); those of
        documents no longer open, cleared."""
        by_path: dict[str, list[Diagnostic]] = {}
        for diagnostic in analysis.diagnostics:
            by_path.setdefault(diagnostic.path, []).append(diagnostic)
        now: set[str] = set()
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        for path, uri in list(self._open.items()):
            if path not in analysis.records or path not in buffers or uri not in versions:
                continue
            now.add(uri)
            lines = Lines(buffers[path].decode("utf-8", errors="replace"), encoding)
            found = editor_diagnostics(by_path.get(path, []), lines)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=versions[uri])
            )
        for uri in self._published - now:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self._published = now


def make_server(load: LoadOptions | None = None) -> WikiServer:
    """The server with every feature registered (`features.register`)."""
    server = WikiServer(load or LoadOptions())

    @server.feature(types.INITIALIZE)
    def initialize(ls: WikiServer, params: types.InitializeParams) -> None:
        folders = params.workspace_folders or []
        uri = folders[0].uri if folders else params.root_uri
        local = to_fs_path(uri) if uri else None
        start = Path(local) if local else Path.cwd()
        ls.session = Session(find_root(start) or start, ls.load)

    @server.feature(types.INITIALIZED)
    def initialized(ls: WikiServer, params: types.InitializedParams) -> None:
        ls.check_soon(listing=True, config=True)
        _watch_files(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WikiServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.opened(params.text_document.uri)
        analysis = ls.session.analysis if ls.session is not None else None
        ls.check_soon(listing=analysis is None or ls.path_of(params.text_document.uri) not in analysis.records)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WikiServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.check_soon()

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: WikiServer, params: types.DidSaveTextDocumentParams) -> None:
        path = ls.path_of(params.text_document.uri) or ""
        ls.check_soon(listing=True, config=path in CONFIG_FILES)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WikiServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)
        ls.check_soon()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: WikiServer, params: types.DidChangeWatchedFilesParams) -> None:
        paths = {ls.path_of(change.uri) for change in params.changes}
        ls.check_soon(listing=True, config=bool(paths & set(CONFIG_FILES)))

    features.register(server)
    return server


def _watch_files(ls: WikiServer) -> None:
    """Ask the editor to report files created, changed or deleted in the project (a
    branch switch, a sync), when it can watch files for a server."""
    watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if not watched or not watched.dynamic_registration:
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in ("**/*.md", "**/wikiforge.toml")]
    )
    registration = types.Registration(
        id="wikiforge-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    ls.client_register_capability(types.RegistrationParams(registrations=[registration]))
