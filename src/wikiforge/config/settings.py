"""Project configuration: `wikiforge.toml`, or `[tool.wikiforge]` in `pyproject.toml`.

Every key is optional. Validation reports every problem at once, each naming its key and,
for a misspelt key, the closest valid one, so a bad config costs one round trip.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.suggest import closest
from .keys import check_keys, snake_keys
from .marker_pattern import MARKER_PATTERN
from .tiers import TiersConfig, default_tiers, parse_tiers

DEFAULT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("marker", MARKER_PATTERN),
    ("lorem ipsum", r"(?i:\blorem ipsum\b)"),
    ("reference marker", r"(?<![\w\\\]!^])\[\d{1,3}\](?![\[(:])"),
    ("template variable", r"\{\{[^{}\n]*\}\}"),
    ("template tag", r"<%.*?%>"),
    ("insert note", r"(?i:\[insert\b[^\]\n]*\])"),
    ("empty query result", r"\bNo items found\."),
)
"""Placeholder patterns (kind, regex) checked by WF201 unless the config replaces them.

Flags are scoped (`(?i:…)`), never global, so the patterns combine into the one screening
regex that lets a page without placeholders cost a single search. A `[N]` finding is
dropped later if the page explains the number (see `markdown.harvest`)."""

FIELD_KINDS = ("string", "integer", "number", "boolean", "date", "list", "strings", "mapping")

_TOP_KEYS = (
    "content_dir",
    "sources_dir",
    "exclude",
    "templates",
    "resolve_aliases",
    "max_page_bytes",
    "select",
    "extend_select",
    "ignore",
    "per_file_ignores",
    "frontmatter",
    "rules",
    "site",
    "tiers",
)
_FRONTMATTER_KEYS = ("types", "required", "fields", "by_type")
_TYPE_KEYS = ("required", "fields")
_SITE_KEYS = ("title", "url", "edit_url", "trust_html", "urls", "output")
URL_STYLES = ("pretty", "files")
DEFAULT_MAX_PAGE_BYTES = 10 * 1024 * 1024
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A configuration that cannot be used; `problems` lists every reason."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class TypeSchema:
    """Required keys and key kinds for one page `type` (or for every page)."""

    required: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SiteConfig:
    """The `[site]` table: how `wikiforge build` writes the site.

    `edit_url` is a URL template with `{path}` (the page's path from the project root),
    e.g. `https://github.com/acme/wiki/edit/main/{path}`. `url` is where the site is
    published, for absolute URLs in sitemap.xml and 404.html; links between pages stay
    relative whatever it is. `trust_html` keeps HTML in pages unsanitised and publishes
    HTML, XML, script and SVG files as written (otherwise WF306 keeps the first kinds out
    and SVGs are sanitised).
    """

    title: str | None = None
    url: str | None = None
    edit_url: str | None = None
    trust_html: bool = False
    urls: str = "pretty"
    output: str = "site"


@dataclass(frozen=True)
class Config:
    """Resolved settings for one project. Paths are relative to `root`, with `/`.

    `content_dir` is "." when the project has no `wiki/` folder and the config names
    none: a plain Obsidian vault is then checked as a whole. `resolve_aliases` is off
    by default because Obsidian never resolves `[[alias]]` (it writes `[[Page|alias]]`),
    and a vault must check the way its editor reads it; on, only exact-case aliases match.
    `max_page_bytes` bounds what one file may cost: a larger page or source document is
    reported (WF001) and never read, so one pasted dump cannot stall a check or a build.
    """

    root: Path
    content_dir: str = "wiki"
    sources_dir: str = "raw"
    exclude: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    resolve_aliases: bool = False
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    allowed_types: tuple[str, ...] = ()
    all_pages: TypeSchema = field(default_factory=TypeSchema)
    by_type: tuple[tuple[str, TypeSchema], ...] = ()
    placeholder_patterns: tuple[tuple[str, str], ...] = DEFAULT_PATTERNS
    orphan_exempt: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_tables: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severities: tuple[tuple[str, str], ...] = ()
    site: SiteConfig = field(default_factory=SiteConfig)
    tiers: TiersConfig = field(default_factory=default_tiers)
    source: str = "defaults"

    def schema_for(self, page_type: str | None) -> TypeSchema | None:
        return dict(self.by_type).get(page_type) if page_type else None


def load_config(root: Path) -> Config:
    """Read the project's config, if any, and return validated settings.

    Rule names, codes and rule option names are checked against the rule registry
    later, by `selection.build_selection`, which this module (an earlier stage) cannot see.
    """
    table, source = read_table(root)
    problems: list[str] = []
    table = snake_keys(table, problems)
    check_keys(table, _TOP_KEYS, "", problems)
    content_dir, sources_dir, exclude, templates = _folders(root, table, problems)
    resolve_aliases = table.get("resolve_aliases", False)
    if not isinstance(resolve_aliases, bool):
        problems.append("`resolve_aliases` must be true or false")
    max_page_bytes = table.get("max_page_bytes", DEFAULT_MAX_PAGE_BYTES)
    if isinstance(max_page_bytes, bool) or not isinstance(max_page_bytes, int) or max_page_bytes < 1:
        problems.append(f"`max_page_bytes` must be a whole number of bytes above 0, not {max_page_bytes!r}")
    allowed_types, all_pages, by_type = _frontmatter(_table(table, "frontmatter", problems), problems)
    rules = _rule_tables(_table(table, "rules", problems), problems)
    patterns = _placeholder_patterns(rules.get("placeholder", {}), problems)
    orphan_exempt = rules.get("orphan-page", {}).get("exempt", [])
    if not isinstance(orphan_exempt, list) or not all(isinstance(v, str) for v in orphan_exempt):
        problems.append("`rules.orphan-page.exempt` must be a list of strings")
        orphan_exempt = []
    select = _string_list(table, "select", problems) if "select" in table else None
    per_file_ignores = _per_file_ignores(_table(table, "per_file_ignores", problems), problems)
    extend_select = _string_list(table, "extend_select", problems)
    ignore = _string_list(table, "ignore", problems)
    site = _site(snake_keys(_table(table, "site", problems), problems, "site."), problems)
    tiers = parse_tiers(snake_keys(_table(table, "tiers", problems), problems, "tiers."), problems)
    if problems:
        raise ConfigError(source, problems)
    return Config(
        root=root,
        content_dir=_clean_dir(content_dir),
        sources_dir=_clean_dir(sources_dir),
        exclude=tuple(exclude),
        templates=tuple(_clean_dir(folder) for folder in templates),
        resolve_aliases=bool(resolve_aliases),
        max_page_bytes=max_page_bytes,
        allowed_types=tuple(allowed_types),
        all_pages=all_pages,
        by_type=tuple(by_type),
        placeholder_patterns=patterns,
        orphan_exempt=tuple(orphan_exempt),
        select=tuple(select) if select is not None else None,
        extend_select=tuple(extend_select),
        ignore=tuple(ignore),
        per_file_ignores=tuple(per_file_ignores),
        rule_tables=tuple((name, tuple(options)) for name, options in rules.items()),
        severities=tuple((name, options["severity"]) for name, options in rules.items() if "severity" in options),
        site=site,
        tiers=tiers,
        source=source,
    )


def _folders(root: Path, table: dict[str, Any], problems: list[str]) -> tuple[str, str, list[str], list[str]]:
    """The content and sources folders (`wiki/` if the project has one, else the root;
    `raw/`), the excluded globs and the template folders, all inside the project."""
    content_dir = _string(table, "content_dir", problems)
    sources_dir = _string(table, "sources_dir", problems) or "raw"
    if content_dir is None:
        content_dir = "wiki" if (root / "wiki").is_dir() else "."
    for key, value in (("content_dir", content_dir), ("sources_dir", sources_dir)):
        if _outside_project(value):
            problems.append(f"`{key}` must be a folder inside the project, not {value!r}")
    exclude = _string_list(table, "exclude", problems)
    templates = _string_list(table, "templates", problems)
    for folder in templates:
        if _outside_project(folder) or _clean_dir(folder) == ".":
            problems.append(f"`templates` must list folders inside the project, not {folder!r}")
    return content_dir, sources_dir, exclude, templates


def _frontmatter(fm: dict[str, Any], problems: list[str]) -> tuple[list[str], TypeSchema, list[tuple[str, TypeSchema]]]:
    """`[frontmatter]`: the allowed types, the schema of every page, and per type."""
    check_keys(fm, _FRONTMATTER_KEYS, "frontmatter.", problems)
    allowed_types = _string_list(fm, "types", problems, "frontmatter.")
    all_pages = _type_schema(fm, "frontmatter.", problems)
    by_type = []
    for name, sub in _table(fm, "by_type", problems, "frontmatter.").items():
        prefix = f"frontmatter.by_type.{name}."
        if not isinstance(sub, dict):
            problems.append(f"`{prefix[:-1]}` must be a table")
            continue
        check_keys(sub, _TYPE_KEYS, prefix, problems)
        by_type.append((name, _type_schema(sub, prefix, problems)))
    return allowed_types, all_pages, by_type


def _per_file_ignores(table: dict[str, Any], problems: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """`per-file-ignores`: a glob and the rules it turns off, one code or a list."""
    found = []
    for pattern, codes in table.items():
        if isinstance(codes, str):
            codes = [codes]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            problems.append(f"`per-file-ignores.{pattern!r}` must be a list of rule codes or names")
            continue
        found.append((pattern, tuple(codes)))
    return found


def read_table(root: Path) -> tuple[dict[str, Any], str]:
    """The project's raw config table and where it came from ("defaults" if none)."""
    for name in ("wikiforge.toml", "pyproject.toml"):
        path = root / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise ConfigError(name, [f"cannot be read: {exc}"]) from exc
        if name == "wikiforge.toml":
            return data, name
        tool = data.get("tool", {}).get("wikiforge")
        if tool is not None:
            if not isinstance(tool, dict):
                raise ConfigError(name, ["`[tool.wikiforge]` must be a table"])
            return tool, f"{name} [tool.wikiforge]"
    return {}, "defaults"


def _table(table: dict[str, Any], key: str, problems: list[str], prefix: str = "") -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        problems.append(f"`{prefix}{key}` must be a table")
        return {}
    return value


def _string(table: dict[str, Any], key: str, problems: list[str]) -> str | None:
    value = table.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        problems.append(f"`{key}` must be a non-empty string")
        return None
    return value


def _string_list(table: dict[str, Any], key: str, problems: list[str], prefix: str = "") -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"`{prefix}{key}` must be a list of strings")
        return []
    return value


def _type_schema(table: dict[str, Any], prefix: str, problems: list[str]) -> TypeSchema:
    required = _string_list(table, "required", problems, prefix)
    fields = _table(table, "fields", problems, prefix)
    for key, kind in fields.items():
        if kind not in FIELD_KINDS:
            close = closest(str(kind), FIELD_KINDS)
            hint = f" (did you mean {close!r}?)" if close else ""
            problems.append(f"`{prefix}fields.{key}` must be one of {', '.join(FIELD_KINDS)}, not {kind!r}{hint}")
    return TypeSchema(tuple(required), tuple(sorted(fields.items())))


def _site(table: dict[str, Any], problems: list[str]) -> SiteConfig:
    check_keys(table, _SITE_KEYS, "site.", problems)
    texts: dict[str, str | None] = {}
    for key in ("title", "url", "edit_url", "output"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(f"`site.{key}` must be a non-empty string")
            value = None
        texts[key] = value.strip() if isinstance(value, str) else None
    for key in ("url", "edit_url"):
        value = texts[key]
        if value is not None and not re.match(r"https?://", value):
            problems.append(f"`site.{key}` must start with http:// or https://, not {value!r}")
            texts[key] = None
    edit_url = texts["edit_url"]
    if edit_url is not None and "{path}" not in edit_url:
        problems.append("`site.edit_url` must contain {path}, where the page's path goes")
    trust_html = table.get("trust_html", False)
    if not isinstance(trust_html, bool):
        problems.append("`site.trust_html` must be true or false")
        trust_html = False
    urls = table.get("urls", "pretty")
    if urls not in URL_STYLES:
        problems.append(f"`site.urls` must be one of {', '.join(URL_STYLES)}, not {urls!r}")
        urls = "pretty"
    return SiteConfig(
        title=texts["title"],
        url=texts["url"].rstrip("/") + "/" if texts["url"] else None,
        edit_url=edit_url,
        trust_html=trust_html,
        urls=urls,
        output=texts["output"] or "site",
    )


def _rule_tables(rules: dict[str, Any], problems: list[str]) -> dict[str, dict[str, Any]]:
    """`[rules.<name>]` tables with their keys in snake_case and `severity` checked."""
    tables = {}
    for name, options in rules.items():
        if not isinstance(options, dict):
            problems.append(f"`rules.{name}` must be a table")
            continue
        options = snake_keys(options, problems, f"rules.{name}.")
        severity = options.get("severity")
        if severity is not None and severity not in SEVERITIES:
            close = closest(str(severity), SEVERITIES)
            hint = f" (did you mean {close!r}?)" if close else ""
            problems.append(f"`rules.{name}.severity` must be one of {', '.join(SEVERITIES)}, not {severity!r}{hint}")
            options = {k: v for k, v in options.items() if k != "severity"}
        tables[name] = options
    return tables


def _placeholder_patterns(options: dict[str, Any], problems: list[str]) -> tuple[tuple[str, str], ...]:
    patterns = list(DEFAULT_PATTERNS)
    if "patterns" in options:
        patterns = _regex_list(options, "patterns", problems)
    patterns += _regex_list(options, "extend_patterns", problems)
    return tuple(patterns)


def _regex_list(options: dict[str, Any], key: str, problems: list[str]) -> list[tuple[str, str]]:
    valid = []
    for i, pattern in enumerate(_string_list(options, key, problems, "rules.placeholder.")):
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(f"`rules.placeholder.{key}[{i}]` is not a valid regular expression: {exc}")
            continue
        valid.append((pattern, pattern))
    return valid


def _outside_project(folder: str) -> bool:
    """Whether a configured folder is absolute or climbs out of the project root."""
    return Path(folder).is_absolute() or ".." in Path(folder).parts


def _clean_dir(value: str) -> str:
    cleaned = Path(value).as_posix().strip("/")
    return cleaned or "."
