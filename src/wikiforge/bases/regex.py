"""JavaScript regular expressions, as Bases writes them (`/(\\w+) (\\w+)/g`), run by `re`.

Bases hands patterns to the browser's engine, so a base written in Obsidian uses
JavaScript's dialect. The common differences are translated: named groups
`(?<n>…)` and back-references `\\k<n>`, `$` that in JavaScript means only the end of
the input (Python's also matches before a final newline), `[^]` (any character) and
`[]` (nothing), ASCII `\\d \\w \\b` unless the `u` flag asks for Unicode. Replacement
templates follow `String.prototype.replace`: `$1`, `$<name>`, `$&`, `` $` ``, `$'`, `$$`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FLAGS = frozenset("gimsuy")
"""Flags JavaScript accepts on a literal; `d` and `v` are not offered."""


@dataclass(frozen=True)
class Regex:
    """A compiled pattern with its JavaScript source and flags (`g` global, `y` sticky)."""

    source: str
    flags: str
    compiled: re.Pattern[str] = field(compare=False, repr=False)

    @property
    def is_global(self) -> bool:
        """`g`: replace every match, not the first."""
        return "g" in self.flags

    def search(self, text: str) -> re.Match[str] | None:
        """The first match; a sticky (`y`) pattern must match at the start."""
        return self.compiled.match(text) if "y" in self.flags else self.compiled.search(text)


def compile_regex(source: str, flags: str) -> Regex:
    """`source` and `flags` as a `Regex`; `re.error` or `ValueError` for a bad one."""
    unknown = sorted(set(flags) - FLAGS)
    if unknown:
        raise ValueError(f"unknown regular expression flag '{unknown[0]}' (flags are g, i, m, s, u, y)")
    if len(set(flags)) != len(flags):
        raise ValueError("a regular expression flag is repeated")
    options = 0 if "u" in flags else re.ASCII
    options |= re.IGNORECASE if "i" in flags else 0
    options |= re.MULTILINE if "m" in flags else 0
    options |= re.DOTALL if "s" in flags else 0
    return Regex(source, flags, re.compile(to_python(source, multiline="m" in flags), options))


def to_python(source: str, *, multiline: bool) -> str:
    """The JavaScript pattern `source` in Python's dialect."""
    out: list[str] = []
    position, in_class = 0, False
    while position < len(source):
        char = source[position]
        if char == "\\" and position + 1 < len(source):
            piece, position = _escape(source, position)
            out.append(piece)
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif source.startswith("[^]", position):
            out.append(r"[\s\S]")
            position += 2
        elif source.startswith("[]", position):
            out.append("(?!)")
            position += 1
        elif char == "[":
            in_class = True
            out.append(char)
        elif source.startswith("(?<", position) and source[position + 3 : position + 4] not in ("=", "!"):
            out.append("(?P<")
            position += 2
        elif char == "$" and not multiline:
            out.append(r"\Z")
        else:
            out.append(char)
        position += 1
    return "".join(out)


def _escape(source: str, position: int) -> tuple[str, int]:
    """The escape at `position` in Python's dialect, and where the pattern goes on."""
    named = re.match(r"\\k<(\w+)>", source[position:])
    if named:
        return f"(?P={named.group(1)})", position + named.end()
    if source[position + 1] == "/":
        return "/", position + 2
    return source[position : position + 2], position + 2


_TEMPLATE = re.compile(r"\$(\$|&|`|'|<([^>]*)>|(\d{1,2}))")


def expand(template: str, match: re.Match[str]) -> str:
    """The replacement for `match` from a JavaScript template (`"$2, $1"`). A group
    number beyond the pattern's groups stays as written, as in JavaScript."""

    def one(token: re.Match[str]) -> str:
        kind = token.group(1)
        if kind == "$":
            return "$"
        if kind == "&":
            return match.group(0)
        if kind == "`":
            return match.string[: match.start()]
        if kind == "'":
            return match.string[match.end() :]
        if token.group(2) is not None:
            name = token.group(2)
            return (match.group(name) or "") if name in match.re.groupindex else token.group(0)
        return _numbered(token.group(3), match) or token.group(0)

    return _TEMPLATE.sub(one, template)


def _numbered(digits: str, match: re.Match[str]) -> str | None:
    """`$12` is group 12 when there is one, else group 1 followed by "2"."""
    count = match.re.groups
    if len(digits) == 2 and 0 < int(digits) <= count:
        return match.group(int(digits)) or ""
    if 0 < int(digits[0]) <= count:
        return (match.group(int(digits[0])) or "") + digits[1:]
    return None
