"""Numbers from page text, read exactly only within sane magnitudes, and shown as people write them.

A `Fraction` is exact at any size, which is what a tier score needs, and also what an
attacker needs: `Fraction("1e100000000")` builds a hundred-million-digit integer and
never returns, and Python refuses to turn an integer of more than 4,300 digits into
text. No real frontmatter holds a number of more than `MAX_DIGITS` digits, so anything
larger is refused where it is read and reported as a finding instead.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

MAX_DIGITS = 30
"""Most significant digits, and largest power of ten, a number may have (10**30 is a
nonillion: far beyond any count, amount or percentage a wiki writes)."""


class OutOfRangeNumber(str):
    """A number too large to compute with, kept as the text it was written as.

    The YAML loader returns this instead of an `int` of thousands of digits, so every
    place that shows a frontmatter value can show it, and WF302 can say what it is.
    """


def exact_number(text: str) -> Fraction | None:
    """Decimal text (`55`, `-0.5`, `1e3`) as an exact Fraction; None when it is not a
    finite number or its magnitude or precision is beyond `MAX_DIGITS`.

    `Decimal` parses the text without expanding the exponent, so the magnitude is known
    before any exact arithmetic happens.
    """
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or len(value.as_tuple().digits) > MAX_DIGITS:
        return None
    if value and abs(value.adjusted()) > MAX_DIGITS:
        return None
    return Fraction(value)


def show_money(value: Fraction | None, currency: str) -> str | None:
    """`$12,500`: whole units, which is what a retainer is discussed in."""
    return None if value is None else f"{currency}{round(value):,}"


def show_percent(value: Fraction) -> str:
    """`20%`, `33.3%`: a share as a reader wants it, one decimal at most. Every report of
    a share (the site, `wikiforge tiers`, WF503) writes it this way."""
    if value.denominator == 1:
        return f"{value.numerator}%"
    return f"{float(value):.1f}".rstrip("0").rstrip(".") + "%"


def show_number(value: Fraction) -> str:
    """`75`, `62.5`: a number as people write it, at most two decimals."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def plural(n: int, word: str) -> str:
    """`1 day`, `2 days`: a count and a noun that takes an s."""
    return f"{n} {word}{'' if n == 1 else 's'}"
