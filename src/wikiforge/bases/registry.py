"""Every built-in by name: the global functions, each type's methods and fields, in one
table that both evaluation and the static checks read, so a linter never accepts a
name evaluation would refuse, or the other way round."""

from __future__ import annotations

from collections.abc import Mapping

from .dates import FIELDS as DATE_FIELDS
from .dates import parse_date
from .globals import GLOBALS
from .methods_list import LIST_METHODS
from .methods_other import (
    ANY_METHODS,
    DATE_METHODS,
    FILE_METHODS,
    LINK_METHODS,
    NUMBER_METHODS,
    OBJECT_METHODS,
    REGEXP_METHODS,
)
from .methods_text import STRING_METHODS
from .scope import Builtin
from .values import Value, type_name

METHODS: Mapping[str, Mapping[str, Builtin]] = {
    "any": ANY_METHODS,
    "string": STRING_METHODS,
    "number": NUMBER_METHODS,
    "list": LIST_METHODS,
    "date": DATE_METHODS,
    "link": LINK_METHODS,
    "file": FILE_METHODS,
    "object": OBJECT_METHODS,
    "regexp": REGEXP_METHODS,
}
"""Methods by the type they belong to; "any" holds those of every value."""

FILE_FIELDS = frozenset(
    ("name", "basename", "path", "folder", "ext", "size", "properties", "tags", "links", "embeds", "backlinks")
    + ("ctime", "mtime", "file")
)
"""The fields of a file (`file.name`); any other name reads that file's property."""

KNOWN_GLOBALS: frozenset[str] = frozenset(GLOBALS)
"""The names of the global functions."""

KNOWN_METHODS: Mapping[str, frozenset[str]] = {kind: frozenset(table) for kind, table in METHODS.items()}
"""The method names of each type; a name in none of them is unknown on every value."""

KNOWN_FIELDS: Mapping[str, frozenset[str]] = {
    "string": frozenset(("length",)),
    "list": frozenset(("length",)),
    "date": frozenset(DATE_FIELDS),
    "file": FILE_FIELDS,
}
"""The fields of each type that has fixed ones (objects have their own keys)."""

ALL_METHOD_NAMES: tuple[str, ...] = tuple(sorted(set().union(*KNOWN_METHODS.values())))
"""Every method name, sorted, for "did you mean"."""


def find_method(value: Value, name: str) -> tuple[Builtin, Value] | None:
    """The method `name` of `value` and the value it applies to, or None. A string that
    is an ISO date offers the date methods too (`created.format("YYYY")` on a quoted
    `created: '2025-05-27'`), as Obsidian would on a property typed as a date."""
    kind = type_name(value)
    table = METHODS.get(kind, {})
    if name in table:
        return table[name], value
    if name in ANY_METHODS:
        return ANY_METHODS[name], value
    if kind == "string" and name in DATE_METHODS:
        date = parse_date(value)
        if date is not None:
            return DATE_METHODS[name], date
    return None
