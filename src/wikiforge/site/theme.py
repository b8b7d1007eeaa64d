"""The Jinja2 environment and static files: the project's templates over the default theme.

The default theme is the package's `theme/` folder (the repository's top-level
`templates/`). A project's own `templates/` folder wins for any template or static file
of the same name. Autoescaping is always on, and `StrictUndefined` turns a misspelt
variable into an error naming the template and line instead of an empty string.

A project's templates and static files are read only from inside the project: one that
is a symbolic link out of it is refused (a template is an error, a static file is left
out with a warning), so a build never publishes an outside file through the theme.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import traceback
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any, ClassVar

import jinja2

from ..core.printable import printable
from ..load.cache import CACHE_DIR, read_signed, unusable, user_key, write_signed
from ..parse.markdown.highlight import stylesheet

HIGHLIGHT_CSS = "highlight.css"


class TemplateError(Exception):
    """A template that cannot be rendered; the message names the template and line."""


def theme_dir() -> Path:
    """The packaged default theme (a real folder: the package is installed unzipped)."""
    with as_file(files("wikiforge") / "theme") as path:
        return Path(path)


PAGE_TEMPLATES = "pages"
"""The folder of page templates (`wikiforge new`) in a templates folder: not the site's."""


def template_dirs(root: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the project's, then the theme."""
    own = root / "templates"
    dirs = [own] if own.is_dir() else []
    theme = theme_dir()
    if not dirs or own.resolve() != theme.resolve():
        dirs.append(theme)
    return dirs


class _ProjectLoader(jinja2.FileSystemLoader):
    """Templates from the project's folder and the theme, never through a link out of them."""

    def __init__(self, root: Path) -> None:
        self.allowed = _allowed(root)
        super().__init__([str(d) for d in template_dirs(root)])

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        if not _inside(Path(filename), self.allowed):
            raise TemplateError(f"template {template} is a symbolic link out of the project: not read")
        return source, filename, uptodate


def _allowed(root: Path) -> tuple[Path, ...]:
    """The folders templates and static files may really be in: the project and the theme."""
    return (Path(os.path.realpath(root)), Path(os.path.realpath(theme_dir())))


def _inside(path: Path, folders: tuple[Path, ...]) -> bool:
    """Whether `path`, every link followed, lies in one of `folders` (already resolved)."""
    real = Path(os.path.realpath(path))
    return any(real.is_relative_to(folder) for folder in folders)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process and, signed as the
    record cache is, in the project's cache folder, by template and file. Jinja checks
    each against its source's checksum (and its own and Python's versions), so an edited
    template is compiled again. A long-running `serve` rebuilds without compiling every
    template of the theme each time (a quarter of a rebuild at 1,000 pages), and a build
    after an edit does not compile the templates of the few pages it writes (a tenth of
    a second)."""

    _memory: ClassVar[dict[str, bytes]] = {}

    def __init__(self, folder: Path | None) -> None:
        self._folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._memory.get(bucket.key)
        if code is None and self._folder is not None and (secret := user_key()) is not None:
            found = read_signed(self._folder / bucket.key, secret)
            code = self._memory[bucket.key] = found if isinstance(found, bytes) else b""
        if code:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._memory[bucket.key] = bucket.bytecode_to_string()
        if self._folder is not None and (secret := user_key()) is not None:
            with contextlib.suppress(OSError):
                self._folder.mkdir(exist_ok=True)
                write_signed(self._folder / bucket.key, secret, code)


def environment(root: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=_ProjectLoader(root),
        bytecode_cache=_CompiledTemplates(_compiled_folder(root)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _compiled_folder(root: Path) -> Path | None:
    """Where compiled templates are kept: in the project's cache folder, if it is there
    and a real folder (a run with no cache folder keeps them in memory only)."""
    cache = root / CACHE_DIR
    folder = cache / "templates"
    if not cache.is_dir() or unusable(cache) is not None or unusable(folder) is not None:
        return None
    return folder


def render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render template `name`; any template problem becomes a `TemplateError`."""
    try:
        return env.get_template(name).render(context)
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template {exc.filename or exc.name or name}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name} not found (needed to render {name})") from exc
    except Exception as exc:  # noqa: BLE001 - undefined names, bad filters: all template bugs
        where = _template_frame(exc) or f"template {name}"
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from exc


def copy_static(root: Path, out: Path, warnings: list[str]) -> list[str]:
    """Copy static files (theme first, then the project's over them) into `out`, plus
    the highlighting stylesheet; return the files written, relative to `out`. A file
    that is a link out of the project (or of the theme) is left out, with a warning."""
    written: dict[str, None] = {}
    allowed = _allowed(root)
    for folder in reversed(template_dirs(root)):
        static = folder / "static"
        if not static.is_dir():
            continue
        for source in sorted(static.rglob("*")):
            if source.is_file() and not source.name.startswith("."):
                rel = source.relative_to(static).as_posix()
                if not _inside(source, allowed):
                    warnings.append(f"{printable(rel)}: static file links out of the project: not published")
                    continue
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, out / rel)
                written[rel] = None
    if HIGHLIGHT_CSS not in written:
        out.mkdir(parents=True, exist_ok=True)
        (out / HIGHLIGHT_CSS).write_text(stylesheet(), encoding="utf-8")
        written[HIGHLIGHT_CSS] = None
    return list(written)


def _template_frame(exc: BaseException) -> str | None:
    """`template page.html, line 12` from the traceback Jinja rewrites to template lines."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".j2")):
            return f"template {Path(frame.filename).name}, line {frame.lineno}"
    return None
