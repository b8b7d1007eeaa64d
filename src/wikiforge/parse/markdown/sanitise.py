"""HTML sanitising: the one allowlist every page's raw HTML goes through (nh3)."""

from __future__ import annotations

import nh3

_SANITISE_TAGS = nh3.ALLOWED_TAGS | {"input", "section", "figure", "figcaption", "picture", "source", "video", "audio"}
_SANITISE_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "data-callout"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "details": {"open"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "reversed", "type"},
    "source": {"src", "type", "srcset", "media"},
    "video": {"src", "controls", "width", "height", "poster"},
    "audio": {"src", "controls"},
}
_SANITISE_STYLES = {"text-align"}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise(html: str) -> str:
    """Keep safe markup only: no scripts, event handlers, styles or `javascript:` URLs.

    Comments are kept because our slots are comments; a page's own comments stay
    comments (nh3 re-serialises them, so they cannot break out).
    """
    return str(
        nh3.clean(
            html,
            tags=_SANITISE_TAGS,
            attributes=_SANITISE_ATTRIBUTES,
            url_schemes=_URL_SCHEMES,
            filter_style_properties=_SANITISE_STYLES,
            strip_comments=False,
            link_rel=None,
        )
    )
