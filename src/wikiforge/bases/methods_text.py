"""Methods of strings: `"hello".contains("ell")`, `.replace(/:/g, "-")`, `.split(",", 3)`…

They behave as the JavaScript methods they are named after: `slice` counts negative
indexes from the end, `replace` with a string replaces every occurrence (with a
regular expression, the `g` flag decides), `split` keeps a regular expression's
captured groups. `title()` capitalises the first letter of each word and leaves the
rest as written ("iPhone notes" → "IPhone Notes").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .arguments import integer_arg, js_slice, pattern_arg, text_arg
from .display import to_string
from .regex import Regex, expand
from .scope import Builtin, Site
from .values import Value


def _contains(site: Site, text: str, args: Sequence[Value]) -> bool:
    return text_arg(site, "contains", args, 0) in text


def _contains_all(site: Site, text: str, args: Sequence[Value]) -> bool:
    return all(text_arg(site, "containsAll", args, index) in text for index in range(len(args)))


def _contains_any(site: Site, text: str, args: Sequence[Value]) -> bool:
    return any(text_arg(site, "containsAny", args, index) in text for index in range(len(args)))


def _ends_with(site: Site, text: str, args: Sequence[Value]) -> bool:
    return text.endswith(text_arg(site, "endsWith", args, 0))


def _starts_with(site: Site, text: str, args: Sequence[Value]) -> bool:
    return text.startswith(text_arg(site, "startsWith", args, 0))


def _replace(site: Site, text: str, args: Sequence[Value]) -> str:
    pattern = pattern_arg(site, "replace", args, 0)
    replacement = args[1] if isinstance(args[1], str) else to_string(args[1])
    if isinstance(pattern, Regex):
        if "y" in pattern.flags:
            found = pattern.search(text)
            if found is None:
                return text
            return text[: found.start()] + expand(replacement, found) + text[found.end() :]
        count = 0 if pattern.is_global else 1
        return pattern.compiled.sub(lambda match: expand(replacement, match), text, count=count)
    return re.sub(re.escape(pattern), lambda match: expand(replacement, match), text)


def _repeat(site: Site, text: str, args: Sequence[Value]) -> str:
    count = integer_arg(site, "repeat", args, 0)
    if count < 0 or len(text) * count > 10_000_000:
        raise site.error(f"'repeat' cannot repeat a string {count} times")
    return text * count


def _slice(site: Site, text: str, args: Sequence[Value]) -> str:
    start = integer_arg(site, "slice", args, 0, 0)
    end = integer_arg(site, "slice", args, 1) if len(args) > 1 and args[1] is not None else None
    return text[js_slice(len(text), start, end)]


def _split(site: Site, text: str, args: Sequence[Value]) -> list[Value]:
    separator = pattern_arg(site, "split", args, 0)
    limit = integer_arg(site, "split", args, 1) if len(args) > 1 and args[1] is not None else None
    if isinstance(separator, Regex):
        parts: list[Value] = [part for part in separator.compiled.split(text)]
        if separator.compiled.match("") is not None:
            parts = [part for part in parts if part != ""] if text else []
    elif separator == "":
        parts = list(text)
    else:
        parts = list(text.split(separator))
    return parts if limit is None else parts[: max(limit, 0)]


def _title(site: Site, text: str, args: Sequence[Value]) -> str:
    return re.sub(r"(^|\s)(\S)", lambda match: match.group(1) + match.group(2).upper(), text)


STRING_METHODS = {
    "contains": Builtin(_contains, 1, 1),
    "containsAll": Builtin(_contains_all, 1, None),
    "containsAny": Builtin(_contains_any, 1, None),
    "endsWith": Builtin(_ends_with, 1, 1),
    "lower": Builtin(lambda site, text, args: text.lower()),
    "replace": Builtin(_replace, 2, 2),
    "repeat": Builtin(_repeat, 1, 1),
    "reverse": Builtin(lambda site, text, args: text[::-1]),
    "slice": Builtin(_slice, 1, 2),
    "split": Builtin(_split, 1, 2),
    "startsWith": Builtin(_starts_with, 1, 1),
    "title": Builtin(_title),
    "trim": Builtin(lambda site, text, args: text.strip()),
}
"""String methods by name; `length` is a field, `isEmpty` is shared by every type."""
