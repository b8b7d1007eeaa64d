"""Text from file names and pages made safe to show: in a terminal, a log, XML or HTML.

A file name may hold any byte but `/` and NUL: an escape sequence (`ESC ] 0 ; … BEL`
retitles or restyles the user's terminal), a carriage return (overwrites the line
before it), a line break (forges a finding of its own in one-line formats), or bytes
that are not UTF-8 (Python decodes them to lone surrogates, which no UTF-8 output,
JSON parser or XML file can hold). Reports, notes on stderr and the site's link report
show such characters as visible escapes instead, the way Python's `repr` does: `\\x1b`,
`\\r`, `\\n`, and a byte that is not UTF-8 as `\\xe9`. Everything else (letters of any
script, emoji, joiners) is shown as it is.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0 and C1 controls, DEL, line and paragraph separators (line breaks to `splitlines`),
bidirectional controls (they reorder what is shown around them) and lone surrogates."""


def printable(text: str) -> str:
    """`text` with every character of `_UNSAFE` written as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if "\udc80" <= ch <= "\udcff":  # the byte os.fsdecode could not decode
        return f"\\x{ord(ch) - 0xDC00:02x}"
    return repr(ch)[1:-1]
