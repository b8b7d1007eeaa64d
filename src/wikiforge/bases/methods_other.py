"""Methods of every other type: any value, numbers, dates, links, files, objects and
regular expressions.

Rounding follows JavaScript: `round()` sends halves up (`(2.5).round()` is 3,
`(-2.5).round()` is -2), `toFixed()` rounds the exact binary value half away from zero
(`(1.005).toFixed(2)` is "1.00", since 1.005 is stored as 1.00499…).

Files: `hasTag` ignores case and matches nested tags (`hasTag("a")` is true for `#a/b`);
`inFolder` is true in the folder and any folder below it; `hasLink` takes a file, a link
or a path, and a path may leave out `.md` or be the bare name the link resolver
accepts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from .aggregates import is_empty
from .arguments import integer_arg, text_arg
from .display import to_string
from .moment import format_date, relative
from .regex import Regex
from .scope import Builtin, Site
from .values import Date, FileInfo, Link, Value, js_number, js_round, truthy, type_name

TYPE_NAMES = frozenset(
    ("null", "boolean", "number", "string", "list", "object", "date", "duration", "link", "file")
    + ("regexp", "image", "icon", "html")
)


def _is_type(site: Site, value: Value, args: Sequence[Value]) -> bool:
    wanted = text_arg(site, "isType", args, 0)
    if wanted not in TYPE_NAMES:
        raise site.error(f"'isType' knows no type '{wanted}' (types: {', '.join(sorted(TYPE_NAMES))})")
    return type_name(value) == wanted


ANY_METHODS = {
    "isEmpty": Builtin(lambda site, value, args: is_empty(value)),
    "isTruthy": Builtin(lambda site, value, args: truthy(value)),
    "isType": Builtin(_is_type, 1, 1),
    "toString": Builtin(lambda site, value, args: to_string(value)),
}
"""Methods every value has, null included."""


def _whole(number: float) -> float:
    if math.isnan(number) or math.isinf(number):
        return number
    return int(number) if number == int(number) and abs(number) < 2**53 else number


def _round(site: Site, number: float, args: Sequence[Value]) -> float:
    digits = integer_arg(site, "round", args, 0, 0)
    if digits == 0:
        return js_round(number)
    scale = 10.0**digits
    return _whole(js_round(number * scale) / scale)


def _to_fixed(site: Site, number: float, args: Sequence[Value]) -> str:
    digits = integer_arg(site, "toFixed", args, 0, 0)
    if not 0 <= digits <= 100:
        raise site.error("'toFixed' takes from 0 to 100 decimal places")
    if math.isnan(number) or math.isinf(number) or abs(number) >= 1e21:
        return js_number(number)
    exact = Decimal(number).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{exact:f}"


NUMBER_METHODS = {
    "abs": Builtin(lambda site, number, args: abs(number)),
    "ceil": Builtin(lambda site, number, args: _whole(math.ceil(number)) if math.isfinite(number) else number),
    "floor": Builtin(lambda site, number, args: _whole(math.floor(number)) if math.isfinite(number) else number),
    "round": Builtin(_round, 0, 1),
    "toFixed": Builtin(_to_fixed, 0, 1),
}


def _format(site: Site, date: Date, args: Sequence[Value]) -> str:
    return format_date(date.moment, text_arg(site, "format", args, 0))


DATE_METHODS = {
    "date": Builtin(lambda site, date, args: Date(dt.datetime.combine(date.moment.date(), dt.time()), False)),
    "format": Builtin(_format, 1, 1),
    "time": Builtin(lambda site, date, args: date.moment.strftime("%H:%M:%S")),
    "relative": Builtin(lambda site, date, args: relative(date.moment, site.scope.now)),
}


def _path_of(site: Site, value: Value) -> str | None:
    """The vault path a file, link or path text stands for, None when unknown."""
    if isinstance(value, FileInfo):
        return value.path
    if isinstance(value, Link):
        return value.path
    if isinstance(value, str):
        resolve = site.scope.resolve
        return resolve(value) if resolve is not None else value
    raise site.error(f"expected a file, a link or a path, not {type_name(value)}")


def as_file(site: Site, link: Link) -> FileInfo | None:
    """The file a link reaches, through the scope's lookup; null when none."""
    lookup = site.scope.lookup
    return lookup(link.path) if link.path is not None and lookup is not None else None


def _links_to(site: Site, link: Link, args: Sequence[Value]) -> bool:
    source = as_file(site, link)
    return source is not None and _has_link(site, source, args)


LINK_METHODS = {
    "asFile": Builtin(lambda site, link, args: as_file(site, link)),
    "linksTo": Builtin(_links_to, 1, 1),
}


def _has_link(site: Site, file: FileInfo, args: Sequence[Value]) -> bool:
    wanted = args[0]
    path = _path_of(site, wanted)
    if path is not None and path in file.links:
        return True
    if not isinstance(wanted, str):
        return isinstance(wanted, Link) and wanted.path is None and wanted.target in file.links
    names = {wanted, wanted + ".md"}
    return any(link in names or link.rsplit("/", 1)[-1] in names for link in file.links)


def _has_tag(site: Site, file: FileInfo, args: Sequence[Value]) -> bool:
    tags = [tag.lstrip("#").casefold() for tag in file.tags]
    for index in range(len(args)):
        wanted = text_arg(site, "hasTag", args, index).lstrip("#").casefold()
        if any(tag == wanted or tag.startswith(wanted + "/") for tag in tags):
            return True
    return False


def _in_folder(site: Site, file: FileInfo, args: Sequence[Value]) -> bool:
    folder = text_arg(site, "inFolder", args, 0).strip("/")
    return not folder or file.folder == folder or file.folder.startswith(folder + "/")


def _as_link(site: Site, file: FileInfo, args: Sequence[Value]) -> Link:
    return Link(file.path, args[0] if args else None, file.path)


FILE_METHODS = {
    "asLink": Builtin(_as_link, 0, 1),
    "hasLink": Builtin(_has_link, 1, 1),
    "hasProperty": Builtin(lambda site, file, args: text_arg(site, "hasProperty", args, 0) in file.properties, 1, 1),
    "hasTag": Builtin(_has_tag, 1, None),
    "inFolder": Builtin(_in_folder, 1, 1),
}

OBJECT_METHODS = {
    "keys": Builtin(lambda site, mapping, args: list(mapping)),
    "values": Builtin(lambda site, mapping, args: list(mapping.values())),
}


def _matches(site: Site, regex: Regex, args: Sequence[Value]) -> bool:
    return regex.search(text_arg(site, "matches", args, 0)) is not None


REGEXP_METHODS = {"matches": Builtin(_matches, 1, 1)}
