"""Global functions: `if()`, `date()`, `link()`, `list()`, `now()`, `random()`…

`random()` cannot be random in a static site that must build byte for byte the same:
it is a number in [0, 1) drawn from a hash of the row's file path, the expression and
the call's place in it, so each row gets its own stable value. `list(null)` is an empty
list, so `list(tags)` works on notes that have no tags; `number(null)` stays null.
`max()` and `min()` skip nulls, compare dates when given dates, and are null when
given nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from .arguments import text_arg
from .compare import parse_number, to_number
from .dates import from_epoch_ms, parse_date, parse_duration
from .display import to_string
from .scope import Builtin, Runner, Site
from .values import WIKILINK, Date, Duration, FileInfo, Html, Icon, Image, Link, Value, make_link, truthy, type_name


def _if(site: Site, args: Sequence[Runner]) -> Value:
    chosen = args[1] if truthy(site.evaluate(args[0], {})) else (args[2] if len(args) > 2 else None)
    return None if chosen is None else site.evaluate(chosen, {})


def _date(site: Site, args: Sequence[Value]) -> Value:
    value = args[0]
    if value is None or isinstance(value, Date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_epoch_ms(value)
    parsed = parse_date(text_arg(site, "date", args, 0))
    if parsed is None:
        raise site.error(f"cannot read {value!r} as a date: write it as YYYY-MM-DD or YYYY-MM-DD HH:mm:ss")
    return parsed


def _duration(site: Site, args: Sequence[Value]) -> Value:
    value = args[0]
    if value is None or isinstance(value, Duration):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Duration(0, value)
    parsed = parse_duration(text_arg(site, "duration", args, 0))
    if parsed is None:
        raise site.error(f"cannot read {value!r} as a duration: write it like '1d', '2 weeks' or '3h 30m'")
    return parsed


def _file(site: Site, args: Sequence[Value]) -> Value:
    value, lookup, resolve = args[0], site.scope.lookup, site.scope.resolve
    if isinstance(value, FileInfo) or value is None:
        return value
    if isinstance(value, Link):
        path = value.path
    elif isinstance(value, str):
        wikilink = WIKILINK.fullmatch(value.strip())
        text = wikilink.group(1).split("#", 1)[0] if wikilink else value
        found = lookup(text) if lookup is not None else None
        path = found.path if found is not None else (resolve(text) if resolve is not None else None)
    else:
        raise site.error(f"'file' needs a path, a link or a file, not {type_name(value)}")
    return lookup(path) if path is not None and lookup is not None else None


def _link(site: Site, args: Sequence[Value]) -> Value:
    value, display = args[0], args[1] if len(args) > 1 else None
    if isinstance(value, FileInfo):
        return Link(value.path, display, value.path)
    if isinstance(value, Link):
        return Link(value.target, display if display is not None else value.display, value.path)
    if value is None:
        return None
    text = to_string(value)
    wikilink = WIKILINK.fullmatch(text.strip())
    if wikilink:
        return make_link(wikilink.group(1), display if display is not None else wikilink.group(2), site.scope.resolve)
    return make_link(text, display, site.scope.resolve)


def _image(site: Site, args: Sequence[Value]) -> Value:
    value = args[0]
    if value is None:
        return None
    if isinstance(value, FileInfo):
        return Image(value.path)
    if isinstance(value, Link):
        return Image(value.path or value.target)
    return Image(text_arg(site, "image", args, 0))


def _extreme(site: Site, args: Sequence[Value], pick: Callable[..., Any], name: str) -> Value:
    present = [value for value in args if value is not None]
    if present and all(isinstance(value, Date) for value in present):
        return pick(present, key=lambda date: date.moment)
    numbers = [to_number(value) for value in present]
    if any(number is None for number in numbers):
        raise site.error(f"'{name}' compares numbers (or dates), and was given {type_name(present[0])}")
    return pick(numbers) if numbers else None


def _number(site: Site, args: Sequence[Value]) -> Value:
    value = args[0]
    if value is None or isinstance(value, int | float):
        return int(value) if isinstance(value, bool) else value
    if isinstance(value, Date):
        return value.epoch_ms
    if isinstance(value, Duration):
        return value.approx_ms
    number = parse_number(value) if isinstance(value, str) else None
    if number is None:
        raise site.error(f"cannot read {to_string(value)!r} as a number")
    return number


def _random(site: Site, args: Sequence[Value]) -> float:
    path = site.scope.file.path if site.scope.file is not None else ""
    seed = f"{path}\0{site.source}\0{site.node.start}".encode()
    return int.from_bytes(hashlib.sha256(seed).digest()[:7], "big") / 2**56


@lru_cache(maxsize=8)
def today_of(now: dt.datetime) -> Date:
    """`today()` for a run whose clock says `now`: its date, at midnight."""
    return Date(dt.datetime.combine(now.date(), dt.time()), False)


@lru_cache(maxsize=8)
def now_of(now: dt.datetime) -> Date:
    """`now()` for a run whose clock says `now`."""
    return Date(now, True)


CLOCK = {"today": today_of, "now": now_of}
"""The globals that read only the run's clock: the same value for every row."""


GLOBALS = {
    "escapeHTML": Builtin(lambda site, args: html.escape(text_arg(site, "escapeHTML", args, 0)), 1, 1),
    "date": Builtin(_date, 1, 1),
    "duration": Builtin(_duration, 1, 1),
    "file": Builtin(_file, 1, 1),
    "html": Builtin(lambda site, args: Html(to_string(args[0])), 1, 1),
    "if": Builtin(_if, 2, 3, lazy=True),
    "image": Builtin(_image, 1, 1),
    "icon": Builtin(lambda site, args: Icon(text_arg(site, "icon", args, 0)), 1, 1),
    "link": Builtin(_link, 1, 2),
    "list": Builtin(
        lambda site, args: args[0] if isinstance(args[0], list) else [] if args[0] is None else [args[0]], 1, 1
    ),
    "max": Builtin(lambda site, args: _extreme(site, args, max, "max"), 0, None),
    "min": Builtin(lambda site, args: _extreme(site, args, min, "min"), 0, None),
    "now": Builtin(lambda site, args: now_of(site.scope.now)),
    "number": Builtin(_number, 1, 1),
    "today": Builtin(lambda site, args: today_of(site.scope.now)),
    "random": Builtin(_random),
}
"""Global functions by name."""
