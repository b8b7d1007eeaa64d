"""`wikiforge serve` as a whole run: build, serve, watch, rebuild, until Ctrl-C.

The site is built into `.wikiforge_cache/serve/` (never the published output folder), so
a served page may carry the live script while `build` output never does, and a restart
rebuilds only what changed meanwhile.
"""

from __future__ import annotations

import threading
import time
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path

from ..config.settings import ConfigError, SiteConfig, load_config
from ..core.numbers import plural
from ..load.cache import CACHE_DIR
from ..load.options import LoadOptions
from ..load.scope import NO_PROJECT, find_root, project_for
from ..serve.http import LiveServer
from ..serve.live import LiveSite, Rebuilt
from ..serve.watch import Batch, Watcher
from .check import Echo, UsageError

SERVE_DIR = "serve"
"""The serve folder, inside the cache folder."""
WATCH_START_SECONDS = 10.0
"""The longest the first page waits for the file watcher to be in place."""


@dataclass(frozen=True)
class ServeRequest:
    """Everything `wikiforge serve` was asked to do."""

    path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = False
    load: LoadOptions = field(default_factory=LoadOptions)


def execute(request: ServeRequest, out: Echo, err: Echo, stop: threading.Event | None = None) -> int:
    """Serve until Ctrl-C (or `stop`, for tests); exit 0. A project whose first build
    cannot be made (a bad config, a template that does not render) is exit 2."""
    root = project_for(request.path) if request.path is not None else find_root(Path.cwd())
    if root is None:
        raise UsageError(NO_PROJECT)
    stop = stop or threading.Event()
    watcher = Watcher(root, _ignored(root), stop)
    watcher.start()  # before the first build, so no change made during it is missed
    try:
        _serve(request, root, watcher, stop, out)
    finally:
        stop.set()
    out("Stopped.\n")
    return 0


def _serve(request: ServeRequest, root: Path, watcher: Watcher, stop: threading.Event, out: Echo) -> None:
    site = LiveSite(root, root / CACHE_DIR / SERVE_DIR, request.load)
    first = site.rebuild(config_changed=True)
    if first.error is not None:
        raise UsageError(f"nothing to serve: {first.error}")
    try:
        server = LiveServer((request.host, request.port), site)
    except OSError as exc:
        raise UsageError(f"cannot serve on {request.host}:{request.port}: {exc.strerror or exc}") from exc
    watcher.ready.wait(WATCH_START_SECONDS)
    url = f"http://{_shown_host(request.host)}:{server.server_address[1]}/"
    out(f"Serving {root.resolve()} at {url} ({_line(first)}); Ctrl-C stops\n")
    threading.Thread(target=server.serve_forever, name="wikiforge-http", daemon=True).start()
    if request.open_browser:
        webbrowser.open(url)
    try:
        while not stop.is_set():
            batch = watcher.take(timeout=0.5)
            if batch is not None:
                out(f"{time.strftime('%H:%M:%S')} {_changed(batch)}: {_line(site.rebuild(batch.config))}\n")
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def _ignored(root: Path) -> tuple[Path, ...]:
    """What the watcher ignores: wikiforge's own cache (the serve folder is in it) and
    the folder `build` publishes to, whose changes are not the project's."""
    ignored = [root / CACHE_DIR]
    try:
        ignored.append(root / load_config(root).site.output)
    except ConfigError:
        ignored.append(root / SiteConfig().output)  # the first build reports the config
    return tuple(ignored)


def _changed(batch: Batch) -> str:
    shown = ", ".join(batch.paths[:3]) + (f" and {len(batch.paths) - 3} more" if len(batch.paths) > 3 else "")
    return ("config " if batch.config else "") + f"{shown or 'files'} changed"


def _line(rebuilt: Rebuilt) -> str:
    if rebuilt.error is not None:
        return f"rebuild failed, the last good site is served: {rebuilt.error}"
    removed = f", {rebuilt.removed} removed" if rebuilt.removed else ""
    findings = plural(rebuilt.findings, "finding")
    return f"{plural(rebuilt.rewritten, 'file')} rewritten{removed}; {findings}; {rebuilt.seconds:.2f} s"


def _shown_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
