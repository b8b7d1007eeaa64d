"""A new page of a type, from the type's template, where the config puts that type.

The template is `templates/pages/<type>.md` in the project, else the theme's (it ships
one for `article` and one for `client`), else a heading alone. It is filled as
Obsidian's Templates plugin fills one: `{{title}}`, `{{date}}`, `{{time}}` and
`{{date:FORMAT}}` / `{{time:FORMAT}}` with moment.js tokens (`YYYY-MM-DD`, `HH:mm`). The
frontmatter then gets what the schema asks of every page of the type and the template
left out: `title`, `type`, `created`, and each required key, empty for a person to fill
in. The file is named from the title (`OKR Framework` → `okr-framework.md`) and is
never written over an existing one, whatever its case.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from ..config.settings import Config
from ..core.atomic import temp_prefix
from ..core.outputs import site_key
from ..core.plain_files import is_plain_relative
from ..core.suggest import closest
from ..site.theme import PAGE_TEMPLATES, template_dirs

_PLACEHOLDER = re.compile(r"\{\{\s*(title|date|time)\s*(?::\s*([^}]*?))?\s*\}\}")
_MOMENT = re.compile(r"YYYY|YY|MM|M|DD|D|HH|H|mm|ss")
_DEFAULTS = {"date": "YYYY-MM-DD", "time": "HH:mm"}
_FRONTMATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


class NewPageError(Exception):
    """A page that cannot be made: an unknown type, a taken name, a broken template."""


@dataclass(frozen=True)
class NewPage:
    """A page to write: its path from the project root and its text."""

    path: str
    text: str


def new_page(
    config: Config, page_type: str, title: str, now: datetime, folder: str | None = None, name: str | None = None
) -> NewPage:
    """The page of `page_type` titled `title` as `now` fills its template, in `folder`
    (from the content folder) or the type's configured one, as `name`.md or a name
    made from the title. Raises `NewPageError`."""
    title = " ".join(title.split())
    if not title:
        raise NewPageError("a page needs a title")
    if name is None and not file_name(title):
        raise NewPageError(f"{title!r} gives no file name: give one with --name")
    _check_type(config, page_type)
    template, where = _template(config, page_type)
    text = _filled(template, title, now)
    text = _with_keys(text, config, page_type, title, now, where)
    return NewPage(_path(config, page_type, name or file_name(title), folder), text)


def write_page(root: Path, page: NewPage) -> Path:
    """Write `page` under `root`, never over a file (of any case) already there. The
    text goes to a temp file (not a page: no `.md`) that is then linked into place, so
    the page appears whole or not at all; where the file system has no hard links, the
    page is created exclusively and written."""
    target = root / page.path
    _refuse_taken(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=temp_prefix(".wikiforge-new-"), suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(page.text)
        try:
            os.link(temp, target)  # fails if the name was taken meanwhile: nothing is replaced
        except FileExistsError:
            raise NewPageError(f"{page.path} already exists") from None
        except OSError:
            _create(target, page)
    finally:
        os.unlink(temp)
    return target


def _create(target: Path, page: NewPage) -> None:
    """Create `target` with the page's text, failing if it exists."""
    try:
        with open(target, "x", encoding="utf-8", newline="") as handle:
            handle.write(page.text)
    except FileExistsError:
        raise NewPageError(f"{page.path} already exists") from None


def template_types(config: Config) -> list[str]:
    """The page types with a template (the project's or the theme's), sorted; only
    those `[frontmatter] types` allows, when it lists any."""
    found = {path.stem for folder in template_dirs(config.root) for path in (folder / PAGE_TEMPLATES).glob("*.md")}
    allowed = set(config.allowed_types) if config.allowed_types else None
    return sorted(t for t in found if allowed is None or t in allowed)


def file_name(title: str) -> str:
    """`OKR Framework for Client Success` → `okr-framework-for-client-success`: lower
    case, words joined by hyphens, letters of any script kept."""
    words = re.findall(r"\w+", title.casefold().replace("_", " "))
    return "-".join(words)


def _check_type(config: Config, page_type: str) -> None:
    allowed = config.allowed_types or None
    if not page_type.strip() or any(c in page_type for c in "/\\\0"):
        raise NewPageError(f"{page_type!r} is not a page type")
    if allowed is not None and page_type not in allowed:
        close = closest(page_type, list(allowed))
        hint = f"; did you mean {close!r}?" if close else ""
        raise NewPageError(f"{page_type!r} is not one of frontmatter.types ({', '.join(allowed)}){hint}")


def _template(config: Config, page_type: str) -> tuple[str, str]:
    """The template's text (the project's, else the theme's), and where it comes from."""
    for folder in template_dirs(config.root):
        found = folder / PAGE_TEMPLATES / f"{page_type}.md"
        if found.is_file():
            shown = f"{PAGE_TEMPLATES}/{page_type}.md"
            try:
                return found.read_text(encoding="utf-8"), shown
            except (OSError, UnicodeDecodeError) as exc:
                raise NewPageError(f"{shown}: cannot be read ({exc})") from None
    return "# {{title}}\n", "a heading alone"


def _filled(template: str, title: str, now: datetime) -> str:
    """`template` with its placeholders filled; in the frontmatter, the title is
    written as YAML would quote it."""
    found = _FRONTMATTER.match(template)
    head, body = (template[: found.end()], template[found.end() :]) if found else ("", template)
    scalar = _scalar(title)
    return _placed(head, scalar, now) + _placed(body, title, now)


def _placed(text: str, title: str, now: datetime) -> str:
    def fill(match: re.Match[str]) -> str:
        name, shape = match.group(1), match.group(2)
        if name == "title":
            return title
        return _moment(now, shape.strip() if shape and shape.strip() else _DEFAULTS[name])

    return _PLACEHOLDER.sub(fill, text)


def _moment(now: datetime, shape: str) -> str:
    """`now` in a moment.js format, as Obsidian writes `{{date:…}}` (its common tokens)."""
    values = {
        "YYYY": f"{now.year:04d}",
        "YY": f"{now.year % 100:02d}",
        "MM": f"{now.month:02d}",
        "M": str(now.month),
        "DD": f"{now.day:02d}",
        "D": str(now.day),
        "HH": f"{now.hour:02d}",
        "H": str(now.hour),
        "mm": f"{now.minute:02d}",
        "ss": f"{now.second:02d}",
    }
    return _MOMENT.sub(lambda match: values[match.group(0)], shape)


def _with_keys(text: str, config: Config, page_type: str, title: str, now: datetime, where: str) -> str:
    """`text` with the keys its frontmatter lacks added at the end of it."""
    found = _FRONTMATTER.match(text)
    inner = (found.group(1) or "") if found else ""
    try:
        data = yaml.safe_load(inner) if inner.strip() else {}
    except yaml.YAMLError as exc:
        raise NewPageError(f"{where}: its frontmatter does not read as YAML once filled in ({exc})") from None
    if not isinstance(data, dict):
        raise NewPageError(f"{where}: its frontmatter is not a mapping of keys")
    wanted: dict[str, object] = {"title": title, "type": page_type, "created": now.date()}
    schema = config.schema_for(page_type)
    for key in (*config.all_pages.required, *(schema.required if schema else ())):
        wanted.setdefault(key, None)
    added = "".join(_line(key, value) for key, value in wanted.items() if key not in data)
    if found is None:
        return f"---\n{added}---\n{text}"
    close = found.end(1) if found.group(1) is not None else text.index("\n") + 1  # where `---` closes it
    return text[:close] + added + text[close:]


def _line(key: str, value: object) -> str:
    if value is None:
        return f"{key}:\n"
    return str(yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, sort_keys=False))


def _scalar(title: str) -> str:
    """`title` as a YAML value: plain when it reads back as itself, else quoted."""
    dumped = str(yaml.safe_dump(title, allow_unicode=True, default_flow_style=True, width=10**6))
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def _path(config: Config, page_type: str, name: str, folder: str | None) -> str:
    """The page's path from the project root: the content folder, the type's folder."""
    name = name.removesuffix(".md")
    if not name or not is_plain_relative(name) or "/" in name:
        raise NewPageError(f"{name!r} is not a file name: give one with --name")
    schema = config.schema_for(page_type)
    place = folder if folder is not None else (schema.folder if schema and schema.folder else "")
    if place.strip("/") and not is_plain_relative(place.strip("/")):
        raise NewPageError(f"{place!r} is not a folder inside the content folder")
    parts = [part for part in (config.content_dir, place.strip("/"), f"{name}.md") if part and part != "."]
    return "/".join(parts)


def _refuse_taken(target: Path) -> None:
    """Refuse a name a file has, or would have on a file system that ignores case."""
    if os.path.lexists(target):
        raise NewPageError(f"{target} already exists")
    if target.parent.is_dir():
        key = site_key(target.name)
        for entry in os.scandir(target.parent):
            if site_key(entry.name) == key:
                raise NewPageError(f"{target.parent / entry.name} already exists (the name differs only in case)")
