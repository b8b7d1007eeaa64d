"""WF201 placeholder."""

from __future__ import annotations

from collections.abc import Iterator

from ...config.schema import Regexes, Setting
from ...config.settings import Config
from ...core.diagnostic import Severity
from ...parse.markdown.placeholders import DEFAULT_PATTERNS
from .context import LintContext
from .registry import Finding, rule

PATTERNS = Setting(
    "patterns",
    Regexes(),
    None,
    "regular expressions that replace the default ones",
    "the defaults (`wikiforge rules WF201`)",
)
EXTEND_PATTERNS = Setting("extend_patterns", Regexes(), (), "regular expressions added to the patterns")


def placeholder_patterns(config: Config) -> tuple[tuple[str, str], ...]:
    """The (kind, regex) pairs the parser scans pages for: the defaults unless the
    config replaces them, plus its extensions. A pattern of the config is its own kind."""
    table = config.rule_table("placeholder")
    given = PATTERNS.value_in(table)
    patterns = DEFAULT_PATTERNS if given is None else tuple((regex, regex) for regex in given)
    return patterns + tuple((regex, regex) for regex in EXTEND_PATTERNS.value_in(table))


@rule("WF201", "placeholder", Severity.ERROR, options=(PATTERNS, EXTEND_PATTERNS))
def placeholder(ctx: LintContext) -> Iterator[Finding]:
    """Placeholder text left in a page: the marks of a draft that was published too soon.

    Default patterns: the upper-case markers `TODO`, `FIXME`, `TBD`, `XXX` and `TK` where
    they are used as markers, "lorem ipsum", an unexplained reference marker such as "the [1]
    role", template leftovers `{{client_name}}` and `<% tp.date %>`, `[insert …]`, and
    Dataview's "No items found.". Text in code spans, code blocks, math (`$…$`,
    `$$…$$`), comments (`%%…%%`, `<!-- … -->`), URLs and link targets is not prose and
    is not checked.

    A marker counts (case-sensitive: `todo` and `Todo` never do) where it stands as one:

    - at the start of a line: each source line of a paragraph, list item, checkbox,
      quote, callout title, heading or table cell (bullets, `>` and `[ ]` are not part of
      the line; emphasis may surround the marker), followed by `:`, `(`, a dash, the end of
      the line (perhaps after `.`, `!` or `?`), or a word: `TODO write the intro`,
      `- [ ] TODO call the client`, `| Owner | **TBD** |`. Not when the marker names or
      modifies a noun: the next word is a plural ("TODO lists are useful"), one of list,
      item, app, application, plugin, comment, tree, file, tag, keyword, manager, extension,
      tool, note, marker, section, view, query, board, tracker, feature, syntax, format, is,
      are, was, were, has, and, or (any case), or the rest of the line is capitalised words,
      a name ("# TODO Highlighter");
    - anywhere, followed by `:` or `(`: `see TODO: pricing`, `TODO(anna)`, `**TODO**:`;
    - alone in brackets: `[TODO]`, `(TBD)`, `{FIXME}`;
    - as the value after a label's colon, or as a sentence of its own after `.`, `!` or
      `?`, up to the end of the line, a dash or a parenthesis: `Owner: TBD`,
      `Budget: TBD (ask finance)`, `The chart is next. TODO`.

    Anywhere else it is a word in a sentence: "we keep TODO lists", "the TODO plugin",
    "Room XXX", "the date is TBD in the plan", as are `#TODO` tags, `TODO.md`, `TODO/FIXME`
    and `TODO-list`. A hard-wrapped sentence that happens to start a line with a marker and
    a verb ("TBD in the plan" on a line of its own) is reported: rewrap or suppress it.

    A reference marker `[N]` is skipped when the page explains N: a footnote `[^N]:`, a
    reference definition `[N]: url` (which makes `[N]` a link), or a notes line that starts
    with `[N] ` (`[1] Smith, J. 2020.`, also as a list item), which is a definition itself.

    **Why it matters:** readers trust a wiki page as finished; "Prepared for
    {{client_name}}" tells them it is not.

    **Example:** `This is the primary focus of the [1] role.`, `- [ ] TODO call the client`

    **How to fix:** write the missing text, or delete the marker. Patterns are set in the
    config: `[rules.placeholder]` `patterns = [...]` replaces the defaults,
    `extend_patterns = [...]` adds to them (Python regular expressions, each matched
    against the text of one paragraph, heading, list item or table cell, its source lines
    joined by newlines: `(?m:^)` is a line start). A pattern with a group named
    `placeholder` reports only that group: `'Status: (?P<placeholder>WIP)'`. Any `[N]` a
    pattern finds is skipped when the page explains N. The default marker pattern, to
    copy into `patterns`, is `wikiforge.config.marker_pattern.MARKER_PATTERN`.
    """
    for record in ctx.pages:
        for found in record.placeholders:
            yield Finding(record.path, found.span, f"placeholder {found.text!r} ({found.kind}) left in the text")
