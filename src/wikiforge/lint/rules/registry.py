"""The rule registry: each rule is one function with a stable code, name and severity.

A rule reads the `LintContext` and yields `Finding`s; the registry stamps them with its
code, name and severity, so no rule can misspell its own code. Its docstring is the user
documentation `wikiforge rules CODE` prints. Registering a code or name twice fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...config.schema import Setting
from ...core.diagnostic import Fix, Severity, Span
from ...core.suggest import closest
from .context import LintContext


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports; the registry adds code, rule name and severity."""

    path: str
    span: Span
    message: str
    suggestion: str | None = None
    fix: Fix | None = None
    key: str | None = None


Check = Callable[[LintContext], Iterable[Finding]]


RULES_DOCS_URL = "https://github.com/wikiforge/wikiforge/blob/main/docs/rules.md"
"""Where the generated rule documentation (`docs/rules.md`) is published."""


@dataclass(frozen=True)
class Rule:
    """A registered rule. `page_level` rules judge a page as a whole (no line of their own).

    `fixable` is "safe" when `--fix` can repair its findings, "unsafe" when only
    `--unsafe-fixes` may (some of them), and None when there is no fix. `options` declares
    the keys its `[rules.<name>]` config table may hold besides `severity`: they are
    checked (by the selection), documented and read from these declarations alone. A rule that
    `reviews_suppressions` runs after all others, when the used suppressions are known.

    `scope` says what a rule's findings on a page depend on, so an incremental check
    knows which to run again (DESIGN §5): "page" rules judge each page by its own record
    and links (and the digests of what they reach), and run on the pages an edit can
    reach; "tiers" rules judge client pages by the tier report, and run when a client
    page changed; "wiki" rules compare pages (titles, incoming links, site files) by
    what their digests show of them (`digest.wiki_view`) and the file listing, and run
    when either changed; "bases" rules judge the project's bases, which read every page,
    and run again whenever anything changed.
    """

    code: str
    name: str
    severity: Severity
    check: Check
    page_level: bool = False
    fixable: str | None = None
    options: tuple[Setting, ...] = ()
    reviews_suppressions: bool = False
    scope: str = "page"

    @property
    def anchor(self) -> str:
        """The heading id of this rule in docs/rules.md."""
        return f"{self.code.lower()}-{self.name}"

    @property
    def help_uri(self) -> str:
        return f"{RULES_DOCS_URL}#{self.anchor}"

    @property
    def doc(self) -> str:
        from inspect import getdoc  # here: only `rules` and the site's rule pages read the docs

        return getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0]


SCOPES = ("page", "tiers", "wiki", "bases")
"""Rule scopes, in the order their findings are gathered."""
_RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    page_level: bool = False,
    fixable: str | None = None,
    options: tuple[Setting, ...] = (),
    reviews_suppressions: bool = False,
    scope: str = "page",
) -> Callable[[Check], Check]:
    """Register the decorated function as rule `code` / `name`."""

    def register(check: Check) -> Check:
        if code in _RULES or any(r.name == name for r in _RULES.values()):
            raise ValueError(f"rule {code} {name} is registered twice")
        if not (check.__doc__ or "").strip():
            raise ValueError(f"rule {code} {name} has no docstring to document it")
        if scope not in SCOPES:
            raise ValueError(f"rule {code} {name} has no scope {scope!r}")
        _RULES[code] = Rule(code, name, severity, check, page_level, fixable, options, reviews_suppressions, scope)
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, by code."""
    return [_RULES[code] for code in sorted(_RULES)]


def find_rule(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return _RULES.get(key.upper()) or next((r for r in _RULES.values() if r.name == key.lower()), None)


def closest_rule(written: str, names_only: bool = False) -> str | None:
    """The rule name (or code) nearest a misspelt one, for "did you mean"."""
    rules = all_rules()
    choices = [r.name for r in rules] + ([] if names_only else [r.code for r in rules])
    close = closest(written.strip(), choices, cutoff=50)
    if close is None and not names_only:
        close = closest(written.strip().upper(), [r.code for r in rules], cutoff=50)
    return close


def rule_hint(written: str, names_only: bool = False) -> str:
    """` (did you mean 'broken-link'?)` for a misspelt rule, or "" when nothing is close."""
    close = closest_rule(written, names_only)
    return f" (did you mean {close!r}?)" if close else ""
