"""Call only the rules that can start at a position's character, inline and per line.

markdown-it-py tries every inline rule, in order, at every position the `text` rule
stops at, and again for each position a link label is scanned across. A rule refuses a
character it cannot start at on its first line, but the calls themselves cost: on a
paragraph made only of markup (`[[a]` or `![` repeated 50,000 times) the parser spent
most of its time asking eighteen rules about a character two of them could take.

Every rule markdown-it-py and our plugins register starts at a known character (its
first test is `src[pos] != "…"`). `dispatch_by_first_character` replaces the parser's
inline chain by one rule that looks the character up and tries only those rules, in
their original order. A rule not listed in `STARTS` is tried everywhere, so a plugin
added later is never skipped, only not sped up. The parser is still markdown-it-py with
the same rules: tests compare its tokens with an undispatched parser's on generated
Markdown.

Block rules are tried at the start of every line in the same way (twelve rules before
`heading` takes a `## …` line), and dispatch on the line's first character the same
way, unless the line is indented as code, where every rule is tried. The block rules
stay enabled behind the dispatcher, which always ends with `paragraph` and so always
takes the line: a paragraph asks them whether a line ends it (the rules' `alt` chains).
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from .ruler import InlineRule

# The characters each inline rule can start at; `text` takes every other character.
STARTS: dict[str, str] = {
    "newline": "\n",
    "math_inline": "$",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "*_",
    "obsidian_comment_inline": "%",
    "wikilink": "[!",
    "link": "[",
    "image": "!",
    "footnote_ref": "[",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
    "gfm_autolink_www": "w",
    "gfm_autolink_protocol": ":",
    "gfm_autolink_email": "@",
}

# The first characters of a line (after its indentation) each block rule can take; the
# rules not listed (`table`, `lheading`, `paragraph`) can take any line.
BLOCK_STARTS: dict[str, str] = {
    "obsidian_comment": "%",
    "code": "",
    "math_block": "$",
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "footnote_def": "[",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}

DISPATCH = "wikiforge_dispatch"
BlockRule = Callable[[StateBlock, int, int, bool], bool]


def dispatch_by_first_character(md: MarkdownIt) -> None:
    """Replace `md`'s enabled inline rules by one rule dispatching on the character at
    the position (call last: rules wrapped afterwards would not be seen)."""
    ruler = md.inline.ruler
    chain = [(rule.name, rule.fn) for rule in ruler.__rules__ if rule.enabled]
    terminator = md.inline.terminator_re
    table: dict[str, tuple[InlineRule, ...]] = {}
    for char in {char for starts in STARTS.values() for char in starts}:
        table[char] = tuple(
            fn
            for name, fn in chain
            if (name == "text" and not terminator.match(char)) or (name != "text" and char in STARTS.get(name, char))
        )
    elsewhere = tuple(fn for name, fn in chain if name not in STARTS)

    def dispatch(state: StateInline, silent: bool) -> bool:
        for rule in table.get(state.src[state.pos], elsewhere):  # noqa: SIM110 - `any()` of a generator costs more here
            if rule(state, silent):
                return True
        return False

    ruler.disable([name for name, _ in chain])
    ruler.push(DISPATCH, dispatch)


def dispatch_blocks_by_first_character(md: MarkdownIt) -> None:
    """Put before `md`'s block rules one that tries, at each line, only those that can
    take its first character (all of them on a line indented as code)."""
    ruler = md.block.ruler
    chain: list[tuple[str, BlockRule]] = [(rule.name, rule.fn) for rule in ruler.__rules__ if rule.enabled]
    if not chain or chain[-1][0] != "paragraph":
        return  # the dispatcher must end with a rule that takes every line
    everything = tuple(fn for _, fn in chain)
    table = {
        char: tuple(fn for name, fn in chain if char in BLOCK_STARTS.get(name, char))
        for char in {char for starts in BLOCK_STARTS.values() for char in starts}
    }
    elsewhere = tuple(fn for name, fn in chain if name not in BLOCK_STARTS)

    def dispatch(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if state.sCount[start_line] - state.blkIndent >= 4 or begin >= state.eMarks[start_line]:
            rules = everything
        else:
            rules = table.get(state.src[begin], elsewhere)
        for rule in rules:  # noqa: SIM110 - as above
            if rule(state, start_line, end_line, silent):
                return True
        return False

    ruler.before(chain[0][0], DISPATCH, dispatch)
