"""Project configuration: `wikiforge.toml`, or `[tool.wikiforge]` in `pyproject.toml`.

Every key is optional. Validation reports every problem at once, each naming its key and,
for a misspelt key, the closest valid one, so a bad config costs one round trip.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.plain_files import is_plain_relative
from ..core.suggest import closest
from .keys import snake_keys
from .obsidian import LINK_FORMATS, vault_links
from .schema import Boolean, Choice, Count, Setting, Strings, Table, Text, WebAddress, read_settings
from .tiers import TiersConfig, default_tiers, parse_tiers

FIELD_KINDS = ("string", "integer", "number", "boolean", "date", "list", "strings", "mapping")
URL_STYLES = ("pretty", "files")

DEFAULT_MAX_PAGE_BYTES = 10 * 1024 * 1024
SEVERITIES = ("error", "warning", "info")
SEVERITY = Setting("severity", Choice(SEVERITIES), None, "this rule's severity", "the rule's own")
"""The key every `[rules.<name>]` table may hold; rules declare the rest (their options)."""

TOP: tuple[Setting, ...] = (
    Setting(
        "content_dir",
        Text(strip=False),
        None,
        "the folder of the pages, from the project root",
        '`"wiki"` if the project has one, else the whole project',
    ),
    Setting("sources_dir", Text(strip=False), "raw", "the folder of source documents cited in `source_docs`"),
    Setting("exclude", Strings(), (), 'globs (from the project root) of files to skip, such as `"drafts/*"`'),
    Setting(
        "templates",
        Strings(),
        (),
        "template folders (from the project root): not checked or built, but links to their notes resolve",
        "what `.obsidian/` names, else a top-level `Templates/` of the content",
    ),
    Setting(
        "resolve_aliases",
        Boolean(),
        False,
        "`[[alias]]` reaches the page with that frontmatter alias (exact case only); Obsidian does not",
    ),
    Setting(
        "link_format",
        Choice(LINK_FORMATS),
        None,
        "how the editor (`wikiforge lsp`) completes a link: the shortest unique name, relative, or absolute",
        "Obsidian's New link format (`.obsidian/app.json`), else `shortest`",
    ),
    Setting(
        "max_page_bytes",
        Count("bytes"),
        DEFAULT_MAX_PAGE_BYTES,
        "a larger page or source document is WF001 and never read (10 MiB)",
    ),
    Setting("select", Strings(), None, "rules to check: codes, prefixes or names (`ALL`)", "all rules"),
    Setting("extend_select", Strings(), (), "rules to add to `select`"),
    Setting("ignore", Strings(), (), "rules not to check"),
    Setting(
        "per_file_ignores", Table(), {}, "globs (from the project or content folder) and the rules not checked in them"
    ),
    Setting("frontmatter", Table(), {}, "the frontmatter schema: see `[frontmatter]`"),
    Setting("rules", Table(), {}, "`[rules.<name>]`: a rule's `severity` and its options (docs/rules.md)"),
    Setting("site", Table(), {}, "how `wikiforge build` writes the site: see `[site]`"),
    Setting("tiers", Table(), {}, "client tiers: see `[tiers]`"),
)
"""The top-level keys of `wikiforge.toml` (or `[tool.wikiforge]`)."""

FRONTMATTER: tuple[Setting, ...] = (
    Setting("types", Strings(), (), "allowed values of `type`", "any"),
    Setting("required", Strings(), (), "keys every page must have"),
    Setting("fields", Table(), {}, f'key kinds, such as `{{ owner = "string" }}`: {", ".join(FIELD_KINDS)}'),
    Setting("by_type", Table(), {}, "`[frontmatter.by_type.<type>]`: `required` and `fields` for pages of one type"),
)
BY_TYPE: tuple[Setting, ...] = (
    *FRONTMATTER[1:3],
    Setting("folder", Text(), None, "where `wikiforge new` puts pages of this type, in the content folder", "its top"),
)

SITE: tuple[Setting, ...] = (
    Setting("title", Text(), None, "the site's title", "the home page's title"),
    Setting("url", WebAddress(), None, "where the site is published: absolute URLs in sitemap.xml and 404.html"),
    Setting(
        "edit_url",
        WebAddress(),
        None,
        'an "Edit this page" link: a URL with `{path}`, the page\'s path from the project root',
    ),
    Setting(
        "trust_html",
        Boolean(),
        False,
        "keep HTML in pages as written, unsanitised, and publish HTML, XML and script files and SVGs as they are",
    ),
    Setting("urls", Choice(URL_STYLES), "pretty", "`pretty` (`page/`) or `files` (`page.html`); `--urls` overrides"),
    Setting("output", Text(), "site", "the output folder; `--out` overrides"),
)


_Typed = tuple[str, "TypeSchema"]


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
    folder: str | None = None
    """Where `wikiforge new` puts pages of the type, from the content folder."""


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
    link_format: str = "shortest"
    vault_prefix: str = ""
    """The folder of the Obsidian vault (holding `.obsidian/`) as a prefix of project
    paths: an absolute link is written from there."""
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    allowed_types: tuple[str, ...] = ()
    all_pages: TypeSchema = field(default_factory=TypeSchema)
    by_type: tuple[tuple[str, TypeSchema], ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_tables: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    """`[rules.<name>]` as written (keys in snake_case): each rule reads and checks its own."""
    severities: tuple[tuple[str, str], ...] = ()
    site: SiteConfig = field(default_factory=SiteConfig)
    tiers: TiersConfig = field(default_factory=default_tiers)
    source: str = "defaults"
    today: dt.date | None = None
    """The day a run takes as today (`--today`): `today()` in a base, and `now()` is its
    midnight. None: the clock (`SOURCE_DATE_EPOCH` when set, for reproducible builds)."""

    def schema_for(self, page_type: str | None) -> TypeSchema | None:
        return dict(self.by_type).get(page_type) if page_type else None

    def dated(self, today: dt.date) -> Config:
        """This config for a run that takes `today` as today (`--today`): bases'
        `today()`, and the day the tiers' operational rules judge by, over `[tiers] as_of`."""
        return replace(self, today=today, tiers=replace(self.tiers, as_of=today))

    def rule_table(self, name: str) -> dict[str, Any]:
        """The `[rules.<name>]` table as written, or an empty one."""
        return dict(dict(self.rule_tables).get(name, ()))


def load_config(root: Path) -> Config:
    """Read the project's config, if any, and return validated settings.

    Rule names, codes and rule options are checked against the rule registry later, by
    `selection.build_selection`, which this module (an earlier stage) cannot see.
    """
    table, source = read_table(root)
    problems: list[str] = []
    top = read_settings(table, TOP, "", problems)
    allowed_types, all_pages, by_type = _frontmatter(top["frontmatter"], problems)
    rules = _rule_tables(top["rules"], problems)
    site = _site(read_settings(top["site"], SITE, "site.", problems), problems)
    tiers = parse_tiers(snake_keys(top["tiers"], problems, "tiers."), problems)
    content_dir = top["content_dir"] or ("wiki" if (root / "wiki").is_dir() else ".")
    _check_folders(content_dir, top["sources_dir"], top["templates"], problems)
    vault_format, vault_prefix = vault_links(root, _clean_dir(content_dir))
    if problems:
        raise ConfigError(source, problems)
    return Config(
        root=root,
        content_dir=_clean_dir(content_dir),
        sources_dir=_clean_dir(top["sources_dir"]),
        exclude=top["exclude"],
        templates=tuple(_clean_dir(folder) for folder in top["templates"]),
        resolve_aliases=top["resolve_aliases"],
        link_format=top["link_format"] or vault_format or "shortest",
        vault_prefix=vault_prefix,
        max_page_bytes=top["max_page_bytes"],
        allowed_types=allowed_types,
        all_pages=all_pages,
        by_type=tuple(by_type),
        select=top["select"],
        extend_select=top["extend_select"],
        ignore=top["ignore"],
        per_file_ignores=tuple(_per_file_ignores(top["per_file_ignores"], problems)),
        rule_tables=tuple((name, tuple(options.items())) for name, options in rules.items()),
        severities=tuple((name, options["severity"]) for name, options in rules.items() if "severity" in options),
        site=site,
        tiers=tiers,
        source=source,
    )


def _check_folders(content_dir: str, sources_dir: str, templates: tuple[str, ...], problems: list[str]) -> None:
    """The content, sources and template folders must lie inside the project."""
    for key, value in (("content_dir", content_dir), ("sources_dir", sources_dir)):
        if _outside_project(value):
            problems.append(f"`{key}` must be a folder inside the project, not {value!r}")
    for folder in templates:
        if _outside_project(folder) or _clean_dir(folder) == ".":
            problems.append(f"`templates` must list folders inside the project, not {folder!r}")


def _frontmatter(
    fm: dict[str, Any], problems: list[str]
) -> tuple[tuple[str, ...], TypeSchema, list[tuple[str, TypeSchema]]]:
    """`[frontmatter]`: the allowed types, the schema of every page, and per type."""
    values = read_settings(fm, FRONTMATTER, "frontmatter.", problems)
    all_pages = _type_schema(values, "frontmatter.", problems)
    by_type = []
    for name, sub in values["by_type"].items():
        prefix = f"frontmatter.by_type.{name}."
        if not isinstance(sub, dict):
            problems.append(f"`{prefix[:-1]}` must be a table")
            continue
        by_type.append((name, _type_schema(read_settings(sub, BY_TYPE, prefix, problems), prefix, problems)))
    return values["types"], all_pages, by_type


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


def _type_schema(values: dict[str, Any], prefix: str, problems: list[str]) -> TypeSchema:
    """Required keys and field kinds, read by `read_settings` from a schema table."""
    for key, kind in values["fields"].items():
        if kind not in FIELD_KINDS:
            close = closest(str(kind), FIELD_KINDS)
            hint = f" (did you mean {close!r}?)" if close else ""
            problems.append(f"`{prefix}fields.{key}` must be one of {', '.join(FIELD_KINDS)}, not {kind!r}{hint}")
    folder = values.get("folder")
    if folder is not None and not is_plain_relative(folder.strip("/")):
        problems.append(f"`{prefix}folder` must be a folder inside the content folder, not {folder!r}")
        folder = None
    return TypeSchema(values["required"], tuple(sorted(values["fields"].items())), folder and folder.strip("/"))


def _site(values: dict[str, Any], problems: list[str]) -> SiteConfig:
    """`[site]`, its keys read by `read_settings`; an edit URL needs its `{path}`."""
    edit_url = values["edit_url"]
    if edit_url is not None and "{path}" not in edit_url:
        problems.append("`site.edit_url` must contain {path}, where the page's path goes")
    url = values["url"]
    return SiteConfig(
        title=values["title"],
        url=url.rstrip("/") + "/" if url else None,
        edit_url=edit_url,
        trust_html=values["trust_html"],
        urls=values["urls"],
        output=values["output"],
    )


def _rule_tables(rules: dict[str, Any], problems: list[str]) -> dict[str, dict[str, Any]]:
    """`[rules.<name>]` tables with their keys in snake_case and `severity` checked."""
    tables = {}
    for name, options in rules.items():
        if not isinstance(options, dict):
            problems.append(f"`rules.{name}` must be a table")
            continue
        options = snake_keys(options, problems, f"rules.{name}.")
        if SEVERITY.read(options, f"rules.{name}.", problems) is None:
            options.pop("severity", None)
        tables[name] = options
    return tables


def _outside_project(folder: str) -> bool:
    """Whether a configured folder is absolute or climbs out of the project root."""
    return Path(folder).is_absolute() or ".." in Path(folder).parts


def _clean_dir(value: str) -> str:
    cleaned = Path(value).as_posix().strip("/")
    return cleaned or "."
