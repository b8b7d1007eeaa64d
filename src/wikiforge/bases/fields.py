"""Fields (`file.name`, `date.year`, `list.length`, `object.key`) and indexing
(`list[0]`, `object["my key"]`, `text[0]`).

A file's own fields come first; any other name reads that file's property, so
`this.status` is the status of the file the base is shown in and
`link.asFile().status` the status of a linked note. A file's `tags` are written with
their `#` (`#book`), as Obsidian shows them; its `links`, `embeds` and `backlinks` are
links, which equal the files they reach (`file.links.contains(this)`).

Indexing out of range, by a key an object lacks, or into null is null, as in
JavaScript. Errors are raised as `LookupError(message)` for the evaluator to place.
"""

from __future__ import annotations

import math

from .dates import FIELDS, parse_date
from .display import to_string
from .scope import Scope
from .values import Date, FileInfo, Link, Value, from_yaml, type_name

PLAIN_FILE_FIELDS = frozenset({"name", "basename", "path", "folder", "ext", "size"})
"""A file's fields that are its own text or number, read as they are."""


def field_of(value: Value, name: str, scope: Scope) -> Value:
    """`value.name`."""
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get(name)
    if isinstance(value, FileInfo):
        return file_field(value, name, scope)
    if isinstance(value, str | list) and name == "length":
        return len(value)
    if name in FIELDS:
        date = parse_date(value) if isinstance(value, str) else value
        if isinstance(date, Date):
            return FIELDS[name](date.moment)
    kind = type_name(value)
    raise LookupError(f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} has no field '{name}'")


def file_field(file: FileInfo, name: str, scope: Scope) -> Value:
    """A field of `file`, or its property `name` when that is not a field."""
    if name in PLAIN_FILE_FIELDS:
        return getattr(file, name)
    if name in ("ctime", "mtime"):
        moment = getattr(file, name)
        return None if moment is None else Date.of(moment)
    if name == "tags":
        return ["#" + tag.lstrip("#") for tag in file.tags]
    if name in ("links", "embeds", "backlinks"):
        return [_link_to(target, scope) for target in getattr(file, name)]
    if name == "file":
        return file
    if name == "properties":
        return {key: from_yaml(raw, scope.resolve) for key, raw in file.properties.items()}
    if scope.file is not None and file.path == scope.file.path:
        return scope.property(name)
    return from_yaml(file.properties.get(name), scope.resolve)


def _link_to(target: str, scope: Scope) -> Link:
    """A link to a file's link target: resolved when the vault has that path."""
    lookup = scope.lookup
    reached = lookup is None or lookup(target) is not None
    return Link(target, None, target if reached else None)


def index_of(value: Value, key: Value, scope: Scope) -> Value:
    """`value[key]`."""
    if value is None or key is None:
        return None
    if isinstance(value, list | str):
        if isinstance(key, bool) or not isinstance(key, int | float):
            return None
        if isinstance(key, float) and (math.isnan(key) or not key.is_integer()):
            return None
        position = int(key)
        return value[position] if 0 <= position < len(value) else None
    if isinstance(value, dict):
        return value.get(key if isinstance(key, str) else to_string(key))
    if isinstance(value, FileInfo) and isinstance(key, str):
        return file_field(value, key, scope)
    if isinstance(value, Date) and isinstance(key, str) and key in FIELDS:
        return FIELDS[key](value.moment)
    kind = type_name(value)
    raise LookupError(f"cannot index {'an' if kind[0] in 'aeiou' else 'a'} {kind} with []")
