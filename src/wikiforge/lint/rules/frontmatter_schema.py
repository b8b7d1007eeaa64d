"""WF302 frontmatter-schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from ...core.dates import as_datetime
from ...core.diagnostic import Severity
from ...core.numbers import MAX_DIGITS, OutOfRangeNumber
from ...core.records import PageRecord
from ...core.suggest import closest
from ...parse.options import SETTINGS_KEY
from .context import LintContext
from .registry import Finding, rule

DEFAULT_FIELDS = {
    "created": "date",
    "updated": "date",
    "tags": "strings",
    "aliases": "strings",
    "source_docs": "strings",
}
_KIND_TEXT = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "an ISO 8601 date (YYYY-MM-DD) or date-time",
    "list": "a list",
    "strings": "a string or a list of strings",
    "mapping": "a mapping of keys to values",
}


@rule("WF302", "frontmatter-schema", Severity.ERROR)
def frontmatter_schema(ctx: LintContext) -> Iterator[Finding]:
    """Frontmatter that parses but breaks the schema.

    Default schema: `created` and `updated` are ISO 8601 dates or date-times (quoted or
    not) and `updated` is not before `created`; `tags`, `aliases` and `source_docs` are a
    string or a list of strings. The config may add required keys and key types for every
    page or per page `type`, and may list the allowed types. Unknown keys are fine, an
    empty value (`tags:` with nothing after it) counts as absent, and empty list items
    (a bare `- `, as Obsidian's templates leave them) are dropped, as Obsidian does.
    Values are read as YAML 1.2, as Obsidian reads them: `aliases: [Yes]` is the text
    "Yes", not a boolean. A number of more than 30 digits (anywhere in a value) is
    reported and kept as text: no count, amount or date needs one, and computing with
    it could take without end. The `wikiforge` key holds page settings and may only be
    `wikiforge: {ignore: [CODE or name, ...]}`.

    **Why it matters:** indexes, "recently updated" lists and tier pages are built from
    these fields; a bad date or a missing key drops the page from them or misplaces it.

    **Example:** `created: 5 April 2026`, `updated: '2026-01-01'` with
    `created: '2026-04-05'`, `type: artcle` when the config allows `article`.

    **How to fix:** correct the value as the message says.
    """
    config = ctx.config
    for record in ctx.pages:
        if record.read_error is not None or (record.frontmatter_error is not None and not record.frontmatter):
            continue
        data = {key: _without_empty_items(value) for key, value in record.frontmatter.items()}
        schema = config.schema_for(record.page_type)
        required = config.all_pages.required + (schema.required if schema else ())
        kinds = DEFAULT_FIELDS | dict(config.all_pages.fields) | dict(schema.fields if schema else ())
        for key in dict.fromkeys(required):
            if data.get(key) in (None, "", []):
                for_type = f" on pages of type {record.page_type!r}" if schema and key in schema.required else ""
                yield Finding(record.path, record.field_span(key), f"required key `{key}` is missing{for_type}")
        out_of_range = [key for key, value in data.items() if _holds_out_of_range(value)]
        for key in out_of_range:
            message = f"`{key}` holds a number of more than {MAX_DIGITS} digits, too large to use"
            yield Finding(record.path, record.field_span(key), message)
        for key, kind in kinds.items():
            if data.get(key) is not None and key not in out_of_range and not _is_kind(data[key], kind):
                message = f"`{key}` must be {_KIND_TEXT[kind]}, not {_show(data[key])}"
                yield Finding(record.path, record.field_span(key), message)
        yield from _type_allowed(record, config.allowed_types)
        yield from _date_order(record)
        yield from _settings_key(record)


def _type_allowed(record: PageRecord, allowed: tuple[str, ...]) -> Iterator[Finding]:
    value = record.frontmatter.get("type")
    if allowed and value is not None and value not in allowed:
        message = f"`type` {value!r} is not one of the configured types: {', '.join(allowed)}"
        yield Finding(record.path, record.field_span("type"), message, closest(str(value), allowed))


def _settings_key(record: PageRecord) -> Iterator[Finding]:
    """`wikiforge:` holds page settings: only `ignore`, a rule code or name or a list of them."""
    if SETTINGS_KEY not in record.frontmatter:
        return
    value = record.frontmatter[SETTINGS_KEY]
    span = record.field_span(SETTINGS_KEY)
    if not isinstance(value, dict):
        yield Finding(record.path, span, f"`{SETTINGS_KEY}` must be a mapping such as `{{ignore: [WF401]}}`")
        return
    for key in value:
        if key != "ignore":
            hint = " (did you mean `ignore`?)" if closest(str(key), ["ignore"]) else ""
            yield Finding(record.path, span, f"unknown key `{SETTINGS_KEY}.{key}`{hint}; the only one is `ignore`")
    ignore = value.get("ignore")
    if ignore is not None and not _is_kind(ignore, "strings"):
        yield Finding(record.path, span, f"`{SETTINGS_KEY}.ignore` must be a rule code or name, or a list of them")


def _date_order(record: PageRecord) -> Iterator[Finding]:
    created = as_datetime(record.frontmatter.get("created"))
    updated = as_datetime(record.frontmatter.get("updated"))
    if created is None or updated is None:
        return
    if created.tzinfo is None or updated.tzinfo is None:
        created, updated = created.replace(tzinfo=None), updated.replace(tzinfo=None)
    if updated < created:
        shown = {key: _show(record.frontmatter[key]) for key in ("created", "updated")}
        message = f"`updated` ({shown['updated']}) is before `created` ({shown['created']})"
        yield Finding(record.path, record.field_span("updated"), message)


def _holds_out_of_range(value: Any) -> bool:
    """Whether a value, or any item nested in it, is a number the loader refused."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, OutOfRangeNumber):
            return True
        if isinstance(item, list):
            stack += item
        elif isinstance(item, dict):
            stack += item.values()
    return False


def _without_empty_items(value: Any) -> Any:
    """A list without its empty items (`tags:` then a bare `- `, as Obsidian's own
    templates write), which Obsidian drops; any other value as it is."""
    return [item for item in value if item is not None] if isinstance(value, list) else value


def _is_kind(value: Any, kind: str) -> bool:
    checks = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "date": as_datetime(value) is not None,
        "list": isinstance(value, list),
        "strings": isinstance(value, str) or isinstance(value, list) and all(isinstance(v, str) for v in value),
        "mapping": isinstance(value, dict),
    }
    return checks[kind]


def _show(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
