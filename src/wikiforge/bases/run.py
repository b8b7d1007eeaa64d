"""Every base of the project, evaluated: the bases stage, between resolution and lint.

Each base is compiled once; it is evaluated once for the file it is written in (`this`
is the `.base` file itself, or the page holding the block) and once more for each page
embedding it whose `this` it reads. Errors found while evaluating are counted per base
and expression, so a type error in 3,000 rows is one finding that says 3,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..core.diagnostic import Span
from ..core.files import ProjectFiles, Stat
from ..core.records import BaseBlock, PageRecord
from ..resolve.links import ResolvedLink
from ..resolve.resolver import Resolver
from .checks import static_issues, this_properties
from .compiled import Compiled, Issue, Statement, compile_base
from .references import references
from .rows import RowInput, Rows, project_rows, row_inputs
from .scope import BasesValueError, Scope
from .sources import BaseSource, base_sources
from .syntax import Call, Expr, Member, MethodCall, Node, children
from .views import Errors, ViewResult, evaluate_view, row_test


@dataclass(frozen=True)
class BaseResult:
    """A base shown in one place: `this` is the file it is shown for (project path),
    `views` each view's result, and `clock` what it read of the clock: "time" (`now()`,
    `relative()`), "date" (`today()` only) or "" (nothing), so the page says when it was
    evaluated (`now`) only when that matters, and as precisely as it matters."""

    source: BaseSource
    compiled: Compiled
    this: str | None
    views: tuple[ViewResult, ...]
    clock: str
    now: dt.datetime

    @property
    def evaluated(self) -> str:
        """When it was evaluated, as precisely as what it read ("" when it read no clock)."""
        if self.clock == "time":
            return f"{self.now:%Y-%m-%d %H:%M}"
        return f"{self.now:%Y-%m-%d}" if self.clock == "date" else ""

    def view(self, name: str | None) -> ViewResult | None:
        """The view called `name` (case folded), else the first; None when it has none."""
        if name:
            for result in self.views:
                if result.view.name.casefold() == name.casefold():
                    return result
        return self.views[0] if self.views else None


@dataclass(frozen=True)
class BasesReport:
    """Every base's results, and the issues the lint rules report."""

    results: dict[str, BaseResult] = field(default_factory=dict)
    """By `BaseSource.key`: each `.base` file for itself, each block for its page."""
    embeds: dict[tuple[str, str], BaseResult] = field(default_factory=dict)
    """By (embedding page, `.base` file), for the bases that read `this`."""
    issues: tuple[Issue, ...] = ()
    now: dt.datetime = dt.datetime(1970, 1, 1)
    rows: Rows | None = None
    """The files the bases listed, and how a link written in a value resolves."""
    inputs: Mapping[str, RowInput] = field(default_factory=dict)
    """What each page gave the bases, for the next run after an edit to start from."""

    def embedded(self, page: str, base: str) -> BaseResult | None:
        """What `![[base]]` shows on `page`."""
        return self.embeds.get((page, base)) or self.results.get(base)

    def block(self, page: str, number: int) -> BaseResult | None:
        return self.results.get(f"{page}#{number}")


def evaluate_bases(
    files: ProjectFiles,
    inputs: Mapping[str, RowInput],
    stats: Mapping[str, Stat],
    resolver: Resolver,
    now: dt.datetime,
    max_bytes: int,
    vault_prefix: str = "",
) -> BasesReport:
    """Compile and evaluate every base of the project as of `now`, from what each page
    gave the bases (`rows.row_inputs`); the Obsidian vault is the project's folder
    `vault_prefix` ("" for the project itself)."""
    sources = base_sources(files, {path: given.blocks for path, given in inputs.items() if given.blocks}, max_bytes)
    if not sources:
        return BasesReport(now=now, inputs=inputs)
    compiled_bases = [compile_base(source) for source in sources]
    with_links = any(reads_links(compiled) for compiled in compiled_bases)
    if with_links and any(given.links is None for given in inputs.values()):
        raise ValueError("a base reads links, and the inputs were made without them (`page_inputs`)")
    rows = project_rows(files, inputs, stats, resolver, vault_prefix, with_links)
    tally = _Tally()
    results: dict[str, BaseResult] = {}
    embeds: dict[tuple[str, str], BaseResult] = {}
    for source, compiled in zip(sources, compiled_bases, strict=True):
        tally.issues.extend(compiled.issues)
        tally.issues.extend(static_issues(compiled, rows.note_properties))
        embedders = _embedders(inputs, source.path) if source.block is None and _reads_this(compiled) else []
        results[source.key] = evaluate_base(compiled, rows, source.path, now, tally, judge_this=not embedders)
        for page in embedders:
            embeds[(page, source.path)] = evaluate_base(compiled, rows, page, now, tally)
    return BasesReport(results, embeds, tuple(tally.found()), now, rows, inputs)


def evaluate_base(
    compiled: Compiled, rows: Rows, this: str | None, now: dt.datetime, tally: _Tally, judge_this: bool = True
) -> BaseResult:
    """Every view of `compiled`, shown for the file `this`. With `judge_this`, a
    property of `this` that `this` lacks is an issue: not for a `.base` file's own page
    when pages embed it (it is written for them, and they are judged)."""
    this_file = rows.files.get(this) if this is not None else None
    scopes = [
        (path, Scope(now=now, note=info.properties, file=info, this=this_file, formulas=compiled.formulas,
                     resolve=rows.resolve, lookup=rows.lookup))
        for path, info in rows.files.items()
    ]  # fmt: skip
    errors = tally.recorder(compiled)
    test = row_test(compiled, compiled.spec.filters, errors)
    kept = [test(scope) for _, scope in scopes]
    views = tuple(evaluate_view(compiled, view, scopes, kept, errors) for view in compiled.spec.views)
    if judge_this:
        tally.this_issues(compiled, this, this_file.properties if this_file is not None else {})
    return BaseResult(compiled.source, compiled, this, views, _clock(compiled), now)


_LINK_NAMES = frozenset({"links", "embeds", "backlinks", "hasLink", "linksTo", "asFile", "file"})
"""Fields, methods and functions through which an expression may reach a file's links."""


def reads_links(compiled: Compiled) -> bool:
    """Whether a base may read a file's links, embeds or backlinks (directly, through
    `this.file.links`, or through a file it reaches), so that the rows must carry them."""
    if any(_names(expr.root) & _LINK_NAMES for _, expr in _parsed(compiled)):
        return True
    return any(name.partition(".")[2] in _LINK_NAMES for name in compiled.properties)


def _names(node: Node) -> set[str]:
    """Every member, method and function name in `node`'s tree."""
    found = {node.name} if isinstance(node, Member | MethodCall | Call) else set()
    for child in children(node):
        found |= _names(child)
    return found


def _reads_this(compiled: Compiled) -> bool:
    return any(references(expr).uses_this for _, expr in _parsed(compiled))


def _clock(compiled: Compiled) -> str:
    """What `compiled` reads of the clock: "time", "date" or ""."""
    found = [references(expr) for _, expr in _parsed(compiled)]
    if any(call.name == "now" for refs in found for call in refs.functions) or any(
        method.name == "relative" for refs in found for method in refs.methods
    ):
        return "time"
    return "date" if any(call.name == "today" for refs in found for call in refs.functions) else ""


def _parsed(compiled: Compiled) -> Iterable[tuple[Statement, Expr]]:
    """Every statement of `compiled` that parsed, with its expression."""
    return ((statement, statement.expr) for statement in compiled.statements.values() if statement.expr is not None)


def _embedders(inputs: Mapping[str, RowInput], base: str) -> list[str]:
    """The pages embedding the `.base` file `base`, in path order."""
    return sorted(path for path, given in inputs.items() if base in given.base_embeds)


def page_inputs(
    files: ProjectFiles,
    records: Mapping[str, PageRecord],
    links: Iterable[ResolvedLink],
    max_bytes: int,
    other_blocks: Mapping[str, tuple[BaseBlock, ...]] | None = None,
) -> tuple[dict[str, RowInput], bool]:
    """What `records` give the bases (`rows.row_inputs`), with their links only when a
    base of the project may read a file's links; and whether one may. The project's
    bases are its `.base` files, the records' blocks and `other_blocks` (those of pages
    not in `records`, after an edit)."""
    blocks = {**(other_blocks or {}), **{path: tuple(r.bases) for path, r in records.items() if r.bases}}
    with_links = any(reads_links(compile_base(source)) for source in base_sources(files, blocks, max_bytes))
    return row_inputs(records, links, with_links), with_links


class _Tally:
    """Issues as they are found; evaluation errors counted per base and expression."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self._errors: dict[tuple[str, Span], tuple[str, int, Span]] = {}
        self._this: set[tuple[str, Span]] = set()

    def recorder(self, compiled: Compiled) -> Errors:
        spans: dict[tuple[int | str, int, int], tuple[Span, Span]] = {}

        def record(where: Statement | str, error: BasesValueError) -> None:
            at = (where if isinstance(where, str) else id(where), error.start, error.end)
            found = spans.get(at)
            if found is None:
                found = spans[at] = _error_span(compiled, where, error)
            span, whole = found
            key = (compiled.source.path, span)
            message, count, _ = self._errors.get(key, (error.message, 0, whole))
            self._errors[key] = (message, count + 1, whole)

        return record

    def this_issues(self, compiled: Compiled, this: str | None, properties: Mapping[str, object]) -> None:
        """`this.x` where the file the base is shown for has no property `x`."""
        for statement, expr in _parsed(compiled):
            for name, start, end in this_properties(expr):
                if name in properties:
                    continue
                span = statement.source.span_of(start, end)
                if (compiled.source.path, span) in self._this:
                    continue
                self._this.add((compiled.source.path, span))
                shown_in = f"`{this}`" if this is not None else "the file it is shown in"
                message = f"`this.{name}`: {shown_in} has no property `{name}`"
                self.issues.append(Issue("undefined-reference", compiled.source.path, span, message))

    def found(self) -> list[Issue]:
        """The issues and the value errors, but those a static issue in the same
        expression explains (an unknown method fails in every row; so does a call on a
        `this.x` that is not there)."""
        counted = [
            Issue("value-error", path, span, message + (f" (in {count:,} rows)" if count > 1 else ""))
            for (path, span), (message, count, whole) in self._errors.items()
            if not any(issue.path == path and _inside(issue.span, whole) for issue in self.issues)
        ]
        return sorted([*self.issues, *counted], key=lambda issue: (issue.path, _span_key(issue.span), issue.kind))


def _error_span(compiled: Compiled, where: Statement | str, error: BasesValueError) -> tuple[Span, Span]:
    """Where an evaluation error is reported (in the expression that raised it: a
    filter, a formula, a summary; a note or file property a view shows, at the base's
    start), and the whole of that expression."""
    if isinstance(where, Statement):
        return where.source.span_of(error.start, error.end), where.source.span
    kind, _, name = where.partition(":")
    written = (compiled.spec.formulas if kind == "formula" else compiled.spec.summaries).get(name)
    if written is not None:
        return (written.span_of(error.start, error.end) if kind == "formula" else written.span), written.span
    point = Span.point(compiled.source.line)
    return point, point


def _inside(span: Span, whole: Span) -> bool:
    return (whole.line, whole.column) <= (span.line, span.column) <= (whole.end_line, whole.end_column)


def _span_key(span: Span) -> tuple[int, int]:
    return span.line, span.column
