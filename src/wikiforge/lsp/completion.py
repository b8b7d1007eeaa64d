"""Completion: what may follow `[[`, `[[Page#`, `[[Page#^`, a `#tag`, or a frontmatter key.

Page names are offered the way this project's resolver finds them: the shortest form
that reaches only that page (`okr`, or `knowledge/okr` when two pages share the name),
or, when `link_format` asks for it (or Obsidian's "New link format" does), the path from
the vault's root or relative to the page. An alias is offered as `[[Page|alias]]`, as
Obsidian writes it. The lists are made once per analysis and matched as the person
types, a few hundred items at most, so an answer never waits on the whole wiki.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lsprotocol import types

from ..analysis import Analysis
from ..config.settings import Config
from ..config.tier_dimensions import DEFAULT_DIMENSIONS, Dimension
from ..core.files import ProjectFiles
from ..core.records import PageRecord

MAX_ITEMS = 100
"""Items sent for one request; the list is marked incomplete, so the editor asks again."""
_TAG_BEFORE = re.compile(r"(?:^|[\s(,])#([\w/\-]*)$")
_KEY = re.compile(r"^([\w-]*)$")
_VALUE = re.compile(r"^([\w-]+):\s*(?:\[\s*(?:[^\]]*,\s*)?)?([^,\]]*)$")
_ITEM = re.compile(r"^\s+-\s*([^,]*)$")
_BASE_KEYS = ("title", "type", "aliases", "tags", "created", "updated", "source_docs")
_CLIENT_KEYS = ("tier", "tier_override", "override_reason", "onboarded", "onboarding_tier", "tier_history", "okrs")


@dataclass(frozen=True)
class Where:
    """What the text before the cursor asks for, and where the completed text starts
    (a 0-based character column of the line)."""

    kind: str  # "page" | "heading" | "block" | "tag" | "key" | "value"
    start: int
    typed: str
    target: str = ""
    key: str = ""
    closed: bool = False


def where(line: str, column: int, frontmatter_key: str | None) -> Where | None:
    """What to complete at `column` of `line`; `frontmatter_key` is None outside the
    frontmatter, else the top-level key the line belongs to ("" on a line of its own)."""
    before = line[:column]
    if frontmatter_key is not None:
        return _in_frontmatter(before, frontmatter_key)
    opened = before.rfind("[[")
    if opened >= 0 and "]]" not in before[opened:]:
        inner = before[opened + 2 :]
        closed = line.startswith("]]", column)
        if "|" in inner:
            return None
        target, hash_mark, anchor = inner.partition("#")
        if not hash_mark:
            return Where("page", opened + 2, inner, closed=closed)
        if anchor.startswith("^"):
            return Where("block", column - len(anchor) + 1, anchor[1:], target.strip(), closed=closed)
        return Where("heading", column - len(anchor), anchor, target.strip(), closed=closed)
    tag = _TAG_BEFORE.search(before)
    if tag is not None:
        return Where("tag", column - len(tag.group(1)), tag.group(1))
    return None


def _in_frontmatter(before: str, key: str) -> Where | None:
    own = _KEY.match(before)
    if own is not None:
        return Where("key", 0, own.group(1))
    value = _VALUE.match(before)
    if value is not None:
        typed = value.group(2).lstrip("\"'")
        return Where("value", len(before) - len(typed), typed, key=value.group(1))
    item = _ITEM.match(before)
    if item is not None and key:
        typed = item.group(1).lstrip("\"'")
        return Where("value", len(before) - len(typed), typed, key=key)
    return None


_Entry = tuple[str, str, str, str | None, str]
"""(name, title, path, alias or None, what to match)."""


class Names:
    """Every page and attachment with the form a new link would write it in
    (`link_format`: "shortest", "absolute" or "relative"), made once per file listing;
    titles, aliases and tags are read from the analysis each request is answered from,
    again only for pages whose record changed."""

    def __init__(self, files: ProjectFiles, link_format: str, vault: str) -> None:
        self.files = files
        self._format, self._vault = link_format, vault
        names = [p.removesuffix(".md") for p in files.pages] + list(files.attachments)
        counts: Counter[str] = Counter()
        for name in names:
            parts = name.casefold().split("/")
            counts.update("/".join(parts[-k:]) for k in range(1, len(parts) + 1))
        self._shortest = {name: _shortest(name, counts) for name in names}
        self._pages: dict[str, tuple[PageRecord | None, list[_Entry]]] = {}
        self._attachments = [(p, p.rpartition("/")[2], p, None, p.casefold()) for p in files.attachments]
        self._tags: tuple[Analysis | None, list[str]] = (None, [])

    def made_for(self, files: ProjectFiles, link_format: str, vault: str) -> bool:
        """Whether these names are those of that listing and link format."""
        listed = self.files.pages is files.pages and self.files.attachments is files.attachments
        return listed and (self._format, self._vault) == (link_format, vault)

    def form(self, name: str, page: str) -> str:
        """How a link written on `page` names `name` (a page without `.md`)."""
        if self._format == "relative":
            return posixpath.relpath(name, posixpath.dirname(page) or ".")
        if self._format == "absolute":
            return name.removeprefix(self._vault)
        return self._shortest[name]

    def entries(self, analysis: Analysis) -> Iterator[_Entry]:
        """Pages (then attachments) with their titles and aliases in `analysis`."""
        records = analysis.records
        for path in self.files.pages:
            record = records.get(path)
            kept = self._pages.get(path)
            if kept is None or kept[0] is not record:
                kept = self._pages[path] = (record, _page_entries(path, record))
            yield from kept[1]
        yield from self._attachments

    def tags(self, analysis: Analysis) -> list[str]:
        """Every tag of the wiki, the most used first."""
        if self._tags[0] is not analysis:
            counted = Counter(tag for record in analysis.records.values() for tag in record.tags)
            self._tags = (analysis, [tag for tag, _ in counted.most_common()])
        return self._tags[1]


def _page_entries(path: str, record: PageRecord | None) -> list[_Entry]:
    title = record.title if record is not None else path
    name = path.removesuffix(".md")
    found: list[_Entry] = [(name, title, path, None, f"{name} {title}".casefold())]
    for alias in record.aliases if record is not None else ():
        found.append((name, title, path, alias, f"{alias} {name}".casefold()))
    return found


def page_items(names: Names, analysis: Analysis, at: Where, page: str, span: types.Range) -> list[types.CompletionItem]:
    """Pages (and attachments) matching what was typed after `[[`."""
    wanted = at.typed.casefold().strip()
    items = []
    for name, title, path, alias, text in names.entries(analysis):
        if wanted and not _matches(text, wanted):
            continue
        form = names.form(name, page)
        written = f"{form}|{alias}" if alias else form
        label = alias if alias else form
        items.append(
            _item(label, written + ("" if at.closed else "]]"), span, types.CompletionItemKind.File, title, path, text)
        )
        if len(items) >= MAX_ITEMS:
            break
    return items


def anchor_items(analysis: Analysis, at: Where, page: str, span: types.Range) -> list[types.CompletionItem]:
    """The headings (or block ids) of the page named before `#`, or of this page."""
    target = page if not at.target else None
    if at.target:
        found = analysis.resolver.resolve_path(at.target, page).target
        target = found.path if found is not None else None
    record = analysis.records.get(target) if target is not None else None
    if record is None:
        return []
    tail = "" if at.closed else "]]"
    if at.kind == "block":
        return [
            _item(b.id, b.id + tail, span, types.CompletionItemKind.Reference, f"^{b.id}", None, b.id)
            for b in record.block_ids
        ]
    return [
        _item(h.text, h.text + tail, span, types.CompletionItemKind.Reference, "#" * h.level, None, h.text)
        for h in record.headings
        if h.text
    ]


def tag_items(names: Names, analysis: Analysis, at: Where, span: types.Range) -> list[types.CompletionItem]:
    wanted = at.typed.casefold()
    tags = [tag for tag in names.tags(analysis) if tag.casefold().startswith(wanted) and tag.casefold() != wanted]
    tags = tags[:MAX_ITEMS]
    return [_item(tag, tag, span, types.CompletionItemKind.Keyword, "tag", None, tag) for tag in tags]


def key_items(config: Config, page_type: str | None, at: Where, span: types.Range) -> list[types.CompletionItem]:
    """Frontmatter keys: the schema's (for every page and for this page's type), the
    usual ones, and a client's tier keys on a client page."""
    keys = list(_BASE_KEYS) + [*config.all_pages.required, *(k for k, _ in config.all_pages.fields)]
    schema = config.schema_for(page_type)
    if schema is not None:
        keys += [*schema.required, *(k for k, _ in schema.fields)]
    if page_type == config.tiers.client_type:
        keys += [*_CLIENT_KEYS, *(d.field for d in _dimensions(config))]
    required = set(config.all_pages.required) | set(schema.required if schema is not None else ())
    unique = list(dict.fromkeys(keys))
    return [
        _item(key, key + ": ", span, types.CompletionItemKind.Property, "required" if key in required else None)
        for key in unique
        if key.startswith(at.typed)
    ]


def value_items(
    names: Names, analysis: Analysis, config: Config, at: Where, span: types.Range
) -> list[types.CompletionItem]:
    """Values a key takes: page types, tier names, a dimension's values, tags, sources."""
    values: Iterable[tuple[str, str | None]]
    tiers = config.tiers
    if at.key == "type":
        known = config.allowed_types or sorted({r.page_type for r in analysis.records.values() if r.page_type})
        values = [(t, None) for t in known]
    elif at.key in ("tier", "tier_override", "onboarding_tier"):
        values = [(str(level.number), level.label) for level in tiers.levels]
    elif at.key == "tags":
        values = [(tag, None) for tag in names.tags(analysis)]
    elif at.key == "source_docs":
        values = [(path, None) for path in analysis.files.sources]
    else:
        dimension = next((d for d in _dimensions(config) if d.field == at.key), None)
        values = [(value, f"{dimension.name}") for value, _ in dimension.points] if dimension is not None else []
    wanted = at.typed.casefold()
    return [
        _item(value, value, span, types.CompletionItemKind.Value, detail)
        for value, detail in values
        if value.casefold().startswith(wanted) and (value.casefold() != wanted or at.key != "tags")
    ][:MAX_ITEMS]


def _dimensions(config: Config) -> tuple[Dimension, ...]:
    return config.tiers.dimensions or DEFAULT_DIMENSIONS


def _item(
    label: str,
    insert: str,
    span: types.Range,
    kind: types.CompletionItemKind,
    detail: str | None,
    documentation: str | None = None,
    filter_text: str | None = None,
) -> types.CompletionItem:
    return types.CompletionItem(
        label=label,
        kind=kind,
        detail=detail,
        documentation=documentation,
        filter_text=filter_text or label,
        text_edit=types.TextEdit(span, insert),
    )


def _shortest(name: str, counts: Counter[str]) -> str:
    parts = name.split("/")
    for k in range(1, len(parts) + 1):
        suffix = "/".join(parts[-k:])
        if counts[suffix.casefold()] == 1:
            return suffix
    return name


def _matches(text: str, wanted: str) -> bool:
    """Whether `wanted`'s characters appear in `text` in order (case already folded)."""
    if wanted in text:
        return True
    at = 0
    for char in wanted:
        at = text.find(char, at) + 1
        if not at:
            return False
    return True
