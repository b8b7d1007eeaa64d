"""Serve the live site over HTTP: its files, a reload event stream and page findings.

Only files inside the site folder are served: the URL path is decoded, any `..`, NUL or
backslash refuses it, and the file's real path (links followed) must still lie inside
the folder. A missing file answers 404 with the site's own 404 page. Every HTML page
served gets one script tag before `</body>` (the file on disk is never changed, so
`build` output holds no such script), which

- listens to `/__wikiforge/events` (server-sent events: one `rebuilt` event per rebuild
  that changed the site, with the site files it rewrote) and reloads the page when its
  file, or the theme's, changed;
- shows the page's findings from `/__wikiforge/findings?file=…` in a panel that can be
  dismissed, with the project's totals and the last rebuild's error if any.

Bound to loopback, the server also refuses a request whose `Host` is not a loopback
name, so a web page cannot read the wiki through a DNS name pointed at 127.0.0.1.
Each request runs in its own thread; one that fails answers 500 and the server goes on.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import posixpath
import socket
import threading
from functools import cache
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .live import LiveSite, Snapshot

PREFIX = "/__wikiforge/"
_KEEPALIVE = 15.0
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


class LiveServer(ThreadingHTTPServer):
    """The HTTP server of one live site."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: LiveSite) -> None:
        self.site = site
        self.stopping = threading.Event()
        self.loopback = _is_loopback(address[0])
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)

    def stop(self) -> None:
        """Stop serving and let open event streams end."""
        self.stopping.set()
        self.site.wake()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: LiveServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        """Quiet: the terminal shows one line per rebuild, not one per request."""

    def _answer(self, body: bool) -> None:
        try:
            if self.server.loopback and not _loopback_host(self.headers.get("Host", "")):
                self._send(HTTPStatus.FORBIDDEN, b"wikiforge serve answers only to localhost\n", "text/plain", body)
                return
            path = urlsplit(self.path).path
            if path == PREFIX + "events":
                self._events()
            elif path == PREFIX + "live.js":
                self._send(HTTPStatus.OK, _live_script(), "text/javascript", body)
            elif path == PREFIX + "findings":
                self._findings(body)
            else:
                self._file(path, body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away
        except Exception as exc:  # noqa: BLE001 - one bad request never stops the server
            self.close_connection = True
            message = f"wikiforge serve could not answer: {exc}\n".encode()
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, message, "text/plain", body)

    def _file(self, url_path: str, body: bool) -> None:
        site = self.server.site
        found = _site_file(site.out, url_path)
        if found is None:
            missing = site.out / "404.html"
            content = missing.read_bytes() if missing.is_file() else b"<h1>Not found</h1>"
            self._send(HTTPStatus.NOT_FOUND, _with_script(content, "404.html", site.snapshot), "text/html", body)
            return
        disk, relative = found
        content = disk.read_bytes()
        kind = mimetypes.guess_type(disk.name)[0] or "application/octet-stream"
        if kind == "text/html":
            content = _with_script(content, relative, site.snapshot)
        self._send(HTTPStatus.OK, content, kind, body)

    def _findings(self, body: bool) -> None:
        snapshot = self.server.site.snapshot
        query = parse_qs(urlsplit(self.path).query)
        wanted = query.get("file", [""])[0]
        path, findings = snapshot.findings.get(wanted, (None, ()))
        data = {
            "version": snapshot.version,
            "path": path,
            "findings": list(findings),
            "totals": snapshot.totals,
            "error": snapshot.error,
        }
        self._send(HTTPStatus.OK, json.dumps(data).encode(), "application/json", body)

    def _events(self) -> None:
        """Server-sent events until the browser or the server goes away."""
        query = parse_qs(urlsplit(self.path).query)
        seen = _int(query.get("since", ["0"])[0])
        if seen > self.server.site.snapshot.version:
            seen = -1  # a page from before the server restarted: bring it up to date
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        while not self.server.stopping.is_set():
            snapshot = self.server.site.wait_for_version(seen, _KEEPALIVE)
            if self.server.stopping.is_set():
                return
            if snapshot.version <= seen:
                self.wfile.write(b": keep-alive\n\n")
            else:
                event = {
                    "version": snapshot.version,
                    "changed": sorted(snapshot.changed),
                    "missed": snapshot.version > seen + 1,
                    "error": snapshot.error,
                }
                self.wfile.write(f"event: rebuilt\ndata: {json.dumps(event)}\n\n".encode())
                seen = snapshot.version
            self.wfile.flush()

    def _send(self, status: HTTPStatus, content: bytes, kind: str, body: bool) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind == "application/json" else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(content)


def _site_file(out: Path, url_path: str) -> tuple[Path, str] | None:
    """The file a URL path names inside the site folder, and its site path; None for
    anything else (missing, outside, or a path that tries to climb out)."""
    decoded = unquote(url_path)
    if "\0" in decoded or "\\" in decoded or ".." in decoded.split("/"):
        return None
    relative = posixpath.normpath(decoded.lstrip("/")) if decoded.strip("/") else "."
    base = out.resolve()
    candidate = base / relative
    if candidate.is_dir():
        candidate, relative = candidate / "index.html", posixpath.join(relative, "index.html")
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(base) or not real.is_file():
        return None
    return real, posixpath.normpath(relative)


def _with_script(content: bytes, site_file: str, snapshot: Snapshot) -> bytes:
    """The page with the live script's tag before its last `</body>`."""
    name = escape(site_file, quote=True)
    tag = f'<script src="{PREFIX}live.js" data-file="{name}" data-version="{snapshot.version}"></script>'
    at = content.rfind(b"</body>")
    if at < 0:
        return content + tag.encode()
    return content[:at] + tag.encode() + content[at:]


@cache
def _live_script() -> bytes:
    return files(__package__).joinpath("live.js").read_bytes()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _loopback_host(header: str) -> bool:
    """Whether a `Host` header names this machine's loopback (any port)."""
    host = header.rsplit(":", 1)[0] if not header.endswith("]") else header
    return host.lower() in _LOOPBACK_NAMES or _is_loopback(host)


def _int(text: str) -> int:
    try:
        return max(0, int(text))
    except ValueError:
        return 0
