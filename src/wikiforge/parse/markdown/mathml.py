"""TeX math as MathML that is safe to put in a page, or else the TeX itself as code.

Obsidian shows `$…$` and `$$…$$` with MathJax, a script it loads. The site runs no
script and fetches nothing, so the TeX is converted here, at build time, by latex2mathml
into MathML, which browsers lay out themselves. latex2mathml passes some input through
as markup (`\\text{<b>}` as a tag, `\\href` as a link, `\\style` as CSS), so its element
tree is written out again through an allowlist: MathML elements and presentation
attributes only, every text escaped. Raw HTML sanitising never sees this output (see
`render.py`), so this allowlist is what keeps a page's TeX from becoming HTML. TeX that
latex2mathml cannot read, or reads only by passing an unknown command through, is shown
as its source in `<code class="math">`: a reader sees what was written, never an error.
"""

from __future__ import annotations

import re
from html import escape
from xml.etree.ElementTree import Element

_ELEMENTS = frozenset(
    (  # noqa: SIM905 - a word list reads best as words
        "math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover "
        "mmultiscripts mprescripts none mfrac msqrt mroot mstyle mpadded mphantom menclose "
        "merror mtable mtr mtd semantics annotation"
    ).split()
)
"""MathML Core's elements, and no others: a name outside it means TeX we cannot show."""
_ATTRIBUTES = frozenset(
    (  # noqa: SIM905
        "display mathvariant mathsize mathcolor mathbackground stretchy fence separator form "
        "largeop movablelimits accent accentunder lspace rspace minsize maxsize symmetric "
        "displaystyle scriptlevel linethickness width height depth voffset notation "
        "columnalign rowalign columnlines rowlines columnspacing rowspacing frame linebreak"
    ).split()
)
"""Presentation attributes; latex2mathml's `href`, `style`, `class` and `id` are dropped."""
_VALUE = re.compile(r"[A-Za-z0-9#.%+ -]{0,80}")
"""Attribute values latex2mathml writes (`0.167em`, `center left`, `#ff0000`): no
quotes, brackets, colons or semicolons, so no URL and no CSS can hide in one."""
_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]{1,6});")
_MAX_TEX = 20_000
"""Longer TeX is shown as source: latex2mathml's time grows with it, and no real
formula comes near this."""


def math_html(tex: str, display: bool) -> str:
    """`<math>` for `tex` (a display block when `display`), or `<code class="math">`."""
    mathml = _mathml(tex, display)
    return mathml if mathml is not None else f'<code class="math">{escape(tex, quote=False)}</code>'


def _mathml(tex: str, display: bool) -> str | None:
    if not tex.strip() or len(tex) > _MAX_TEX:
        return None
    from latex2mathml.converter import convert_to_element  # here: most pages hold no math, and it takes 25 ms to import

    try:
        root = convert_to_element(tex, display="block" if display else "inline")
        out: list[str] = []
        return "".join(out) if _write(root, out) else None
    except Exception:  # noqa: BLE001 - TeX latex2mathml cannot read, whatever its error, is shown as source
        return None


def _write(element: Element, out: list[str]) -> bool:
    """Append `element` as HTML to `out`; False if it holds what MathML cannot show."""
    tag = element.tag
    if tag not in _ELEMENTS:
        return False
    attributes = "".join(
        f' {name}="{value}"'
        for name, value in sorted(element.attrib.items())
        if name in _ATTRIBUTES and _VALUE.fullmatch(value)
    )
    out.append(f"<{tag}{attributes}>")
    if not _text(element.text, out):
        return False
    for child in element:
        if not _write(child, out) or not _text(child.tail, out):
            return False
    out.append(f"</{tag}>")
    return True


def _text(text: str | None, out: list[str]) -> bool:
    """Append `text` escaped. latex2mathml writes symbols as `&#x…;` references, which
    become characters; a backslash left in a text is a command it did not know."""
    if not text:
        return True
    if "\\" in text:
        return False
    out.append(escape(_CHAR_REF.sub(_character, text), quote=False))
    return True


def _character(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
