"""SVG images made safe to publish: what is drawn is kept, what could run is removed.

An SVG opened from the site (a reader clicks an image) runs its scripts with the site's
origin. So, unless `[site] trust_html`, each one is parsed as XML (defusedxml: no entity
expansion or external entities, whatever the file says) and written again from its
element tree through an allowlist, as `mathml.py` does for MathML: SVG drawing,
text, gradient, filter and animation elements only (no `script`, `foreignObject` or
`iframe`), no `on…` event handlers, and links (`href`, `xlink:href`) only to a fragment,
a relative path or http(s); an animation that would set a link or a handler goes too.
nh3 is not used here: it parses HTML, where an SVG file is XML (namespaces, CDATA, an
XML declaration), and its output need not be well-formed XML, which an SVG must be.
A file that is not SVG at all becomes an empty image.
"""

from __future__ import annotations

import re
from html import escape
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
EMPTY = f'<svg xmlns="{SVG}"/>\n'

_ELEMENTS = frozenset(
    (  # noqa: SIM905 - a word list reads best as words
        "svg g defs desc title metadata symbol use switch view a image style "
        "circle ellipse line path polygon polyline rect text tspan textPath "
        "clipPath mask marker pattern linearGradient radialGradient stop filter "
        "feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix "
        "feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA "
        "feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology "
        "feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence "
        "animate animateMotion animateTransform set mpath"
    ).split()
)
"""SVG's drawing elements; anything else (script, foreignObject, HTML) is dropped whole."""
_LINKS = frozenset({"href", f"{{{XLINK}}}href"})
_SAFE_LINK = re.compile(r"^(?:#|https?://|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
"""A fragment, an http(s) URL, or a relative path whose first segment holds no colon."""
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z][\w.:-]*")
_MAX_DEPTH = 200
"""Elements nested deeper are dropped: no drawing needs it, and the writer recurses."""


def sanitise_svg(data: bytes) -> str:
    """`data` (an SVG file) written again with only what draws; `EMPTY` if it is not SVG."""
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError):
        return EMPTY
    if root.tag != f"{{{SVG}}}svg":
        return EMPTY
    out: list[str] = []
    _write(root, out)
    return "".join(out) + "\n"


def _write(element: Element, out: list[str], depth: int = 0) -> None:
    name = _local(element.tag)
    if name is None or name not in _ELEMENTS or _animates_danger(element) or depth > _MAX_DEPTH:
        return
    attributes = "".join(
        f' {shown}="{escape(value, quote=True)}"'
        for key, value in sorted(element.attrib.items())
        if (shown := _attribute(key, value)) is not None
    )
    if depth == 0:
        attributes = f' xmlns="{SVG}" xmlns:xlink="{XLINK}"' + attributes
    out.append(f"<{name}{attributes}>")
    if element.text:
        out.append(escape(element.text, quote=False))
    for child in element:
        _write(child, out, depth + 1)
        if child.tail:
            out.append(escape(child.tail, quote=False))
    out.append(f"</{name}>")


def _local(tag: object) -> str | None:
    """An SVG element's name; None for a comment, a processing instruction or another
    namespace's element (HTML inside the SVG, an editor's private elements)."""
    if not isinstance(tag, str) or not tag.startswith(f"{{{SVG}}}"):
        return None
    return tag[len(SVG) + 2 :]


def _attribute(key: str, value: str) -> str | None:
    """How an attribute is written, or None to drop it: event handlers, unsafe links,
    and attributes of other namespaces (an editor's own) go."""
    if key in _LINKS:
        if not _SAFE_LINK.match(_INVISIBLE.sub("", value)):
            return None
        return "href" if key == "href" else "xlink:href"
    if key == f"{{{XML}}}space" or key == f"{{{XML}}}lang":
        return "xml:" + key.rpartition("}")[2]
    if key.startswith("{") or key.lower().startswith("on") or not _ATTRIBUTE_NAME.fullmatch(key):
        return None
    if "javascript:" in _INVISIBLE.sub("", value).lower():
        return None
    return key


def _animates_danger(element: Element) -> bool:
    """An animation that would set a link or an event handler (`<set attributeName="href"
    to="javascript:…">`)."""
    target = _INVISIBLE.sub("", element.attrib.get("attributeName", "")).lower()
    return target.endswith("href") or target.startswith("on")
