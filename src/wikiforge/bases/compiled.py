"""A base ready to evaluate: its spec read, every expression parsed once, and what a
person should hear about it before a single row is looked at.

A file property a view names (`order`, `sort`, `groupBy`, a summary, a card image) is
compiled to the expression that reads it (`file.tags`), so it is read as a filter would
read it; a note's property and a formula are read directly (`views.reader`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..core.diagnostic import Span
from .located import Origin, Source
from .parser import parse
from .sources import BaseSource
from .spec import BaseSpec, Filter, View, read_spec
from .syntax import BasesSyntaxError, Expr

_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")


@dataclass(frozen=True)
class Issue:
    """Something wrong in a base, for the lint rules: `kind` names the rule that
    reports it ("syntax", "schema", "unknown-function", "unknown-property",
    "formula-cycle", "undefined-reference", "value-error")."""

    kind: str
    path: str
    span: Span
    message: str
    suggestion: str | None = None


@dataclass(frozen=True)
class Statement:
    """One parsed expression and where its source is (None: it did not parse)."""

    source: Source
    expr: Expr | None


@dataclass(frozen=True)
class Compiled:
    """A base's spec with every expression parsed: filters, formulas, summaries, and
    the expression each property id a view names is read by."""

    source: BaseSource
    spec: BaseSpec
    statements: dict[int, Statement] = field(default_factory=dict)
    """By `id()` of the spec's `Source`, each expression parsed (or not)."""
    formulas: dict[str, Expr] = field(default_factory=dict)
    summaries: dict[str, Expr] = field(default_factory=dict)
    properties: dict[str, Expr] = field(default_factory=dict)
    """The expression reading each `file.*` property a view names."""
    issues: list[Issue] = field(default_factory=list)

    def statement(self, source: Source) -> Statement:
        return self.statements[id(source)]

    def filter_exprs(self, group: Filter | None) -> list[Statement]:
        return [self.statement(source) for source in group.statements()] if group is not None else []


def compile_base(source: BaseSource) -> Compiled:
    """Read and parse the base `source`; syntax and schema problems become issues."""
    origin = Origin(source.line, source.indent)
    spec = read_spec(source.text, origin) if source.error is None else BaseSpec()
    compiled = Compiled(source, spec)
    if source.error is not None:
        compiled.issues.append(Issue("syntax", source.path, Span.point(1), source.error))
    for problem in spec.problems:
        kind = "syntax" if problem.message.startswith("invalid YAML") else "schema"
        compiled.issues.append(Issue(kind, source.path, problem.span, problem.message))
    for written in spec.expressions():
        compiled.statements[id(written)] = _parse(written, compiled)
    for name, written in spec.formulas.items():
        if (expr := compiled.statement(written).expr) is not None:
            compiled.formulas[name] = expr
    for name, written in spec.summaries.items():
        if (expr := compiled.statement(written).expr) is not None:
            compiled.summaries[name] = expr
    for view in spec.views:
        for name in _named(view):
            if name.startswith("file."):  # a note's property and a formula are read directly
                compiled.properties.setdefault(name, parse(property_source(name)))
    return compiled


def _parse(written: Source, compiled: Compiled) -> Statement:
    try:
        return Statement(written, parse(written.text))
    except BasesSyntaxError as error:
        span = written.span_of(error.start, error.end)
        compiled.issues.append(Issue("syntax", compiled.source.path, span, error.message))
        return Statement(written, None)


def _named(view: View) -> list[str]:
    """Every property id a view names, in the order it names them."""
    names = list(view.order or ("file.name",))
    names += [order.property for order in view.sort]
    names += [view.group_by.property] if view.group_by is not None else []
    names += [summary.property for summary in view.summaries]
    names += [view.image] if view.image else []
    return names


def property_source(name: str) -> str:
    """The expression that reads the file property `name` (`file.tags`)."""
    field = name.partition(".")[2]
    return name if _IDENTIFIER.fullmatch(field) else f"file[{json.dumps(field)}]"
