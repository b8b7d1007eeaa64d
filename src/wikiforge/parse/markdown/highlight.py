"""Code block highlighting with Pygments, as CSS classes (the theme carries the colours).

Classes rather than inline styles, so the site's stylesheet can switch colours for dark
mode and print, and the sanitiser never has to allow `style` attributes.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CSS_CLASS = "highlight"
LIGHT_STYLE = "default"  # every token colour at least 4.5:1 on white (friendly's comments: 2.6:1)
DARK_STYLE = "monokai"


def highlight_code(code: str, language: str) -> str:
    """`<pre>` HTML for a fenced block; unknown or missing languages are shown plain."""
    lexer = _lexer(language.strip().lower()) if language.strip() else None
    lang_class = f' class="language-{escape(language.strip(), quote=True)}"' if language.strip() else ""
    if lexer is None:
        return f'<pre class="{CSS_CLASS}"><code{lang_class}>{escape(code, quote=False)}</code></pre>\n'
    body = highlight(code, lexer, _formatter())
    return f'<pre class="{CSS_CLASS}"><code{lang_class}>{body}</code></pre>\n'


def stylesheet() -> str:
    """Token colours for light and dark colour schemes, scoped to code blocks."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(f".{CSS_CLASS}")
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(f':root[data-theme="dark"] .{CSS_CLASS}')
    auto_dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(f':root:not([data-theme="light"]) .{CSS_CLASS}')
    return (
        f"/* Pygments: {LIGHT_STYLE} (light), {DARK_STYLE} (dark) */\n{light}\n{dark}\n"
        f"@media (prefers-color-scheme: dark) {{\n{auto_dark}\n}}\n"
    )


@lru_cache(maxsize=256)
def _lexer(language: str) -> Lexer | None:
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=1)
def _formatter() -> HtmlFormatter[str]:
    return HtmlFormatter(nowrap=True)
