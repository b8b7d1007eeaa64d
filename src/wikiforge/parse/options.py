"""What per-page work depends on besides a file's bytes: the parse options, and the
frontmatter key of per-page settings. Apart from the parser, so that the stages that
only pass options along (the cache, an incremental check with nothing to parse) do not
load markdown-it-py and the renderer."""

from __future__ import annotations

from dataclasses import dataclass

SETTINGS_KEY = "wikiforge"
"""The frontmatter key holding per-page wikiforge settings (`ignore: [codes]`)."""


@dataclass(frozen=True)
class ParseOptions:
    """The part of the config that per-page work depends on (hashable: a cache key).

    `render` asks for the body as HTML too (for `build`); `trust_html` keeps a page's
    own HTML as written instead of sanitising it. `located_keys` are frontmatter keys
    whose nested items get positions of their own (`okrs.0.key_results.1`), so a
    finding about one OKR points at its line. `body_types`, when set, limits the body
    parse to pages whose `type` is one of them; other pages get their frontmatter only
    (`wikiforge tiers` reads client pages, and most pages are not clients).
    """

    placeholder_patterns: tuple[tuple[str, str], ...]
    render: bool = False
    trust_html: bool = False
    located_keys: tuple[str, ...] = ()
    body_types: tuple[str, ...] | None = None
