"""Fill a rendered body's link slots: links, broken links, images and embeds.

Every slot becomes a relative URL to the site file its link resolved to, with the
fragment of the heading or block it names, or, when the link is broken, an element of
class `broken` whose tooltip says why: a reader sees the break, and never follows a link
to nowhere. Embeds transclude the target's section or block, filled for the page they
are shown on; an embed that would include itself stops with a visible note.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from html import escape

from ..bases.sources import is_base_file
from ..core.records import Link, PageRecord
from ..parse.markdown.render import MARKER
from ..resolve.links import ResolvedLink
from ..tiers import OWNERS_PAGE, REVIEW_PAGE
from .base_views import BaseDrawer
from .cards import Card
from .layout import OWNERS_TITLE, REVIEW_TITLE, TIERS_TITLE, Layout, tier_target_number

IMAGE_TYPES = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico"})
AUDIO_TYPES = frozenset({"mp3", "wav", "ogg", "m4a", "flac", "webm"})
VIDEO_TYPES = frozenset({"mp4", "mov", "ogv", "mkv"})
MAX_EMBED_DEPTH = 6
MAX_EMBEDS_PER_PAGE = 200
_SIZE = re.compile(r"^\s*(\d{1,5})(?:\s*x\s*(\d{1,5}))?\s*$")
_ID_ATTRIBUTE = re.compile(r' id="[^"]*"')
_SAME_PAGE_HREF = re.compile(r' href="#')


class LinkFiller:
    """Fills slots for every page of one build; `broken` counts the markers written."""

    def __init__(
        self,
        records: Mapping[str, PageRecord],
        by_page: Mapping[str, list[ResolvedLink]],
        layout: Layout,
        cards: Mapping[str, Card],
        tier_labels: dict[int, str] | None = None,
        bases: BaseDrawer | None = None,
    ) -> None:
        self.records = records
        self.layout = layout
        self.cards = cards
        self.bases = bases
        """Draws base blocks and embedded `.base` files (None: a build with no base)."""
        self._tier_labels = tier_labels or {}
        self._links = by_page

    def fill(self, page: str, html: str, at: str) -> str:
        """`html` (part of `page`'s rendered body) with its slots filled, for the site
        file `at` it is shown on."""
        return _Fill(self, at).page(page, html, ((page, ""),))

    def links_of(self, page: str) -> list[ResolvedLink]:
        """Resolved links of a page or source document, in the order of its record."""
        return self._links.get(page, [])

    def text(self, resolved: ResolvedLink) -> str:
        """What a wikilink shows a reader (its label, else its target's title)."""
        return _label(resolved.link, self.title_of(resolved) if resolved.resolution.target else None)

    def reason(self, resolved: ResolvedLink) -> str:
        """Why a link is broken, for its tooltip."""
        link = resolved.link
        if resolved.is_empty:
            return "Empty link: it names no page"
        if resolved.resolution.outside:
            return f"{link.target} is outside the wiki"
        target = resolved.resolution.target
        if target is not None and target.kind == "template":
            return f"{target.path} is a template, not published"
        if target is not None and target.path in self.layout.unpublished:
            return f"{target.path} is not published: a browser would run it as a page or script of the site"
        if target is None:
            hint = f" — did you mean {resolved.suggestions[0]}?" if resolved.suggestions else ""
            return f"No page or file named {link.target}{hint}"
        what = "block" if (link.anchor or "").startswith("^") else "heading"
        hint = f" — did you mean {resolved.anchor_suggestion}?" if resolved.anchor_suggestion else ""
        return f"No {what} {link.anchor} on {self.title_of(resolved)}{hint}"

    def unpublished_note(self, resolved: ResolvedLink) -> str:
        """What a link to a file kept out of the site for safety adds to its text, so a
        reader sees why it leads nowhere (WF306)."""
        target = resolved.resolution.target
        return " (not published)" if target is not None and target.path in self.layout.unpublished else ""

    def title_of(self, resolved: ResolvedLink) -> str:
        target = resolved.resolution.target
        if target is None:
            return resolved.link.target
        if target.kind == "generated":
            return self._generated_title(target.path)
        card = self.cards.get(target.path)
        return card.title if card is not None else posixpath.basename(target.path.rstrip("/"))

    def _generated_title(self, path: str) -> str:
        """`[[tiers]]` shows "Client tiers", `[[tiers/owners]]` "Account owners",
        `[[tiers/review]]` "Tier review";
        `[[tiers/tier-1]]` the tier's label (`Tier 1: Strategic`), which `tier_labels`
        holds by tier number."""
        if path == OWNERS_PAGE:
            return OWNERS_TITLE
        if path == REVIEW_PAGE:
            return REVIEW_TITLE
        number = tier_target_number(path)
        if number is None:
            return TIERS_TITLE
        return self._tier_labels.get(number, f"Tier {number}")

    def url(self, resolved: ResolvedLink, at: str) -> str | None:
        """The relative URL a resolved link leads to from site file `at`, or None."""
        target = resolved.resolution.target
        if target is None or target.kind == "template" or target.path in self.layout.unpublished:
            return None  # a template, or a file a browser would run, is not published
        return self.layout.href(at, self.layout.target(target), self._fragment(resolved))

    def _fragment(self, resolved: ResolvedLink) -> str:
        fragment = resolved.fragment
        target = resolved.resolution.target
        if isinstance(fragment, int) and target is not None:
            card = self.cards.get(target.path)  # none for a generated page
            ids = card.heading_ids if card is not None else ()
            return ids[fragment] if fragment < len(ids) else ""
        if isinstance(fragment, str) and fragment:
            return "^" + fragment
        if fragment is None and resolved.anchor_found is None and resolved.link.anchor:
            return resolved.link.anchor  # `#page=3` on a PDF: the viewer's business
        return ""


def links_by_page(links: Iterable[ResolvedLink]) -> dict[str, list[ResolvedLink]]:
    """Resolved links by the page or document they are written in, in record order."""
    by_page: dict[str, list[ResolvedLink]] = {}
    for resolved in links:
        by_page.setdefault(resolved.page, []).append(resolved)
    return by_page


class _Fill:
    """One page's filling: the site file it is for and how many embeds it has used."""

    def __init__(self, filler: LinkFiller, at: str) -> None:
        self.filler = filler
        self.at = at
        self.embeds = 0

    def page(self, page: str, html: str, trail: tuple[tuple[str, str], ...]) -> str:
        """Fill `html` of `page`; `trail` is the chain of (page, part) embeds showing it,
        part "" being the whole page."""
        links = self.filler.links_of(page)
        slot: Callable[[re.Match[str]], str] = lambda match: self._slot(page, links, match, trail)  # noqa: E731
        return MARKER.sub(slot, html)

    def _slot(
        self, page: str, links: list[ResolvedLink], match: re.Match[str], trail: tuple[tuple[str, str], ...]
    ) -> str:
        kind, number = match.group(1), int(match.group(2))
        if kind == "q":
            drawer = self.filler.bases
            return drawer.block(page, number, self.at) if drawer is not None else ""
        if number >= len(links):
            return ""
        resolved = links[number]
        if kind == "w":
            if resolved.link.kind == "embed":
                return self._embed(page, number, resolved, trail)
            return self._wikilink(resolved)
        if kind == "i":
            return self._image(resolved, resolved.link.label or "")
        url = self.filler.url(resolved, self.at)
        broken = url is None or resolved.anchor_found is False
        if kind == "a":
            tooltip = f' title="{escape(self.filler.reason(resolved))}"' if broken else ""
            if url is None:
                return f'<span class="{_unreachable_class(resolved)}"{tooltip}>'
            marked = ' class="broken"' if broken else ""
            return f'<a href="{escape(url)}"{marked}{tooltip}>'
        if url is None:
            return self.filler.unpublished_note(resolved) + "</span>"
        return "</a>"

    def _wikilink(self, resolved: ResolvedLink) -> str:
        link = resolved.link
        url = self.filler.url(resolved, self.at)
        text = escape(_label(link, self.filler.title_of(resolved) if url is not None else None))
        if url is None:
            reason = escape(self.filler.reason(resolved))
            note = self.filler.unpublished_note(resolved)
            return f'<span class="{_unreachable_class(resolved)}" title="{reason}">{text}{note}</span>'
        if resolved.anchor_found is False:
            reason = escape(self.filler.reason(resolved))
            return f'<a class="broken" href="{escape(url)}" title="{reason}">{text}</a>'
        return f'<a class="internal" href="{escape(url)}">{text}</a>'

    def _embed(self, page: str, number: int, resolved: ResolvedLink, trail: tuple[tuple[str, str], ...]) -> str:
        target = resolved.resolution.target
        if target is None or resolved.broken or target.path in self.filler.layout.unpublished:
            return self._wikilink(resolved)
        drawer = self.filler.bases
        if drawer is not None and target.kind == "attachment" and is_base_file(target.path):
            return drawer.embed(page, target.path, resolved.link.anchor, self.at, f"embed-{number}")
        if target.kind == "attachment" or (target.kind == "source" and target.path not in self.filler.records):
            return self._file(resolved)
        record = self.filler.records.get(target.path)
        if record is None or record.body is None:
            return self._wikilink(resolved)
        url = self.filler.url(resolved, self.at) or ""
        title = escape(_label(resolved.link, self.filler.title_of(resolved)))
        part = str(resolved.fragment or "")
        if (target.path, part) in trail:
            chain = " → ".join(self.filler.cards[p].title for p, _ in (*trail, (target.path, part)))
            return _stopped(url, title, f"stopped: it would include itself ({escape(chain)}).")
        if len(trail) > MAX_EMBED_DEPTH or self.embeds >= MAX_EMBEDS_PER_PAGE:
            return _stopped(url, title, "not shown: embeds are nested too deeply here.")
        self.embeds += 1
        inner = self.page(target.path, _part(record, resolved), (*trail, (target.path, part)))
        own_page = self.filler.layout.target(target)
        if own_page != self.at:
            inner = _SAME_PAGE_HREF.sub(f' href="{escape(self.filler.layout.href(self.at, own_page))}#', inner)
        inner = _ID_ATTRIBUTE.sub("", inner)
        return (
            f'<div class="embed"><div class="embed-title"><a href="{escape(url)}">{title}</a></div>'
            f'<div class="embed-content">{inner}</div></div>'
        )

    def _file(self, resolved: ResolvedLink) -> str:
        """An embedded attachment: image, audio, video, or a download link."""
        link = resolved.link
        url = escape(self.filler.url(resolved, self.at) or "")
        name = posixpath.basename(resolved.resolution.target.path if resolved.resolution.target else link.target)
        extension = posixpath.splitext(name)[1].lower().lstrip(".")
        if extension in IMAGE_TYPES:
            return self._image(resolved, link.label or "")
        if extension in AUDIO_TYPES:
            return f'<audio controls src="{url}" title="{escape(name)}"></audio>'
        if extension in VIDEO_TYPES:
            return f'<video controls src="{url}" title="{escape(name)}"></video>'
        return f'<a class="embed-file" href="{url}" download>{escape(link.label or name)}</a>'

    def _image(self, resolved: ResolvedLink, label: str) -> str:
        """`![[chart.png|600]]`, `![[chart.png|Quarterly chart|600x300]]`, `![alt](chart.png)`."""
        url = self.filler.url(resolved, self.at)
        alt_parts, size = [], ""
        for part in label.split("|") if label else []:
            found = _SIZE.match(part)
            if found:
                width, height = found.groups()
                size = f' width="{width}"' + (f' height="{height}"' if height else "")
            elif part.strip():
                alt_parts.append(part.strip())
        target = resolved.resolution.target
        name = posixpath.basename(target.path if target else resolved.link.target)
        alt = " | ".join(alt_parts) or posixpath.splitext(name)[0].replace("-", " ").replace("_", " ")
        if url is None:
            reason = escape(self.filler.reason(resolved))
            note = self.filler.unpublished_note(resolved)
            return f'<span class="{_unreachable_class(resolved)}" title="{reason}">{escape(alt)}{note}</span>'
        return f'<img src="{escape(url)}" alt="{escape(alt)}"{size} loading="lazy">'


def _stopped(url: str, title: str, why: str) -> str:
    """The visible note left where an embed is not shown; `title` and `why` are HTML."""
    return f'<div class="embed embed-stopped" role="note">Embed of <a href="{escape(url)}">{title}</a> {why}</div>'


def _label(link: Link, title: str | None) -> str:
    """What a link shows: its label, else the page title (with the heading), else the
    target as written."""
    if link.label and not (link.kind == "embed" and _SIZE.match(link.label)):
        return link.label
    anchor = (link.anchor or "").split("#")[-1].lstrip("^").strip()
    if title is not None and link.target:
        return f"{title} › {anchor}" if anchor else title
    if not link.target:
        return anchor or link.text  # `[[#Heading]]` shows the heading; `[[]]` shows itself
    return link.target + (f"#{link.anchor}" if link.anchor is not None else "")


def _part(record: PageRecord, resolved: ResolvedLink) -> str:
    """The part of a page an embed shows: a section, a block, or the body without its title."""
    body = record.body
    assert body is not None
    fragment = resolved.fragment
    if isinstance(fragment, int) and fragment < len(body.sections):
        start, end = body.sections[fragment]
        return body.html[start:end]
    if isinstance(fragment, str) and fragment:
        span = body.block("^" + fragment)
        if span is not None:
            html = body.html[span[0] : span[1]]
            return f"<ul>{html}</ul>" if html.startswith("<li") else html  # a list item needs its list
    return body.html[body.lead_end :]


def _unreachable_class(resolved: ResolvedLink) -> str:
    """A link with no URL is broken, or reaches a file the site does not publish (a
    template, or a file a browser would run)."""
    return "broken" if resolved.resolution.target is None else "unpublished"
