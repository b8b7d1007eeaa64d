"""The default WF201 marker pattern: `TODO`, `FIXME`, `TBD`, `XXX`, `TK` used as markers.

Real vaults write these words in prose all the time ("we keep TODO lists", "the TODO
plugin", "# TODO Highlighter"), and a lint that reports every one of them is soon ignored.
A marker is told from a word by where it stands, so the pattern lists the positions that
make one. It stays a plain regular expression, so a project can copy it into
`[rules.placeholder] patterns` and change it like any other pattern; it is built here from
named parts only so that each position can be read and tested on its own.

Patterns see one inline at a time (a paragraph, a heading, a table cell), with blockquote
`>`, list bullets and task checkboxes already removed, so `^` is the start of a source line
of that inline. The marker itself is the group `placeholder`: what is reported, while the
rest of the match is context.
"""

from __future__ import annotations

MARKERS = ("TODO", "FIXME", "TBD", "XXX", "TK")

_WORD = r"(?P<placeholder>" + "|".join(MARKERS) + r")\b"
_EMPHASIS = r"[*_~=]*"

# Where a marker may start.
_LINE_START = (
    r"(?P<line>(?m:^)[ \t]*"
    r"(?:\[[ xX]\][ \t]+)?"  # a checkbox markdown-it left in place (not in a list item)
    r"(?:\[![^\]\n]*\][+-]?[ \t]+)?" + _EMPHASIS + ")"  # an Obsidian callout title: `> [!note] TODO`
)
_AFTER_LABEL = r"(?P<label>[:.!?][ \t]+" + _EMPHASIS + ")"  # `Owner: TBD`, `Done. TODO`
_IN_BRACKETS = r"(?P<open>[(\[{]" + _EMPHASIS + ")"  # `[TODO]`, `(TBD)`, `{FIXME}`
_ANYWHERE = r"(?<![\w#/-])"  # not inside a word, a tag (`#TODO`) or a path

# What must follow it.
_CALL = _EMPHASIS + r"[:(]"  # `TODO:`, `TODO(anna)`, `**TODO**:`
_ALONE = _EMPHASIS + r"[.!?…]*[ \t]*\\?(?m:$)"  # `TBD.`, `**TBD**`, then the end of the line
_DASH = _EMPHASIS + r"[ \t]+[-–—]+(?:[ \t]|(?m:$))"  # `TODO - call the client`
_CLOSE = _EMPHASIS + r"[)\]}]"
_ASIDE = _EMPHASIS + r"[ \t]+\("  # `Owner: TBD (ask Anna)`
# A word after a line-start marker, unless the marker is modifying or naming a noun:
# a plural ("TODO lists"), a noun people write after TODO, a verb whose subject the marker
# is ("TODO is"), or a capitalised rest of line, which is a name ("TODO Highlighter").
_NOUNS = (
    "list|item|app|application|plugin|comment|tree|file|tag|keyword|manager|extension|tool|"
    "note|marker|section|view|query|board|tracker|feature|syntax|format|is|are|was|were|has|and|or"
)
_NOT_A_NOUN = r"(?!(?i:" + _NOUNS + r")\b)(?![A-Za-z]*[a-hj-rtv-zA-HJ-RTV-Z]s\b)"
_NOT_A_NAME = r"(?![A-Z][^\s|]*(?:[ \t]+[A-Z0-9][^\s|]*)*[ \t]*(?m:$))"
_THEN_WORD = _EMPHASIS + r"[ \t]+" + _NOT_A_NOUN + _NOT_A_NAME + r"\S"


def _either(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


MARKER_PATTERN = (
    _either(_LINE_START, _AFTER_LABEL, _IN_BRACKETS, _ANYWHERE)
    + _WORD
    + "(?(line)(?="
    + _either(_CALL, _ALONE, _DASH, _THEN_WORD)
    + ")|(?(label)(?="
    + _either(_CALL, _ALONE, _DASH, _ASIDE)
    + ")|(?(open)(?="
    + _either(_CALL, _CLOSE)
    + ")|(?="
    + _CALL
    + "))))"
)
"""An upper-case marker at the start of a line (then `:`, `(`, a dash, the end of the line
or a word that is not a noun it modifies), after a label's colon or a sentence's end as
the rest of the line (up to its end, a dash or a parenthesis), alone in brackets, or
anywhere when followed by `:` or `(`."""
