"""Evaluating a parsed expression against one row.

Each expression is compiled once, on first use, to a tree of Python closures (one per
node, each taking the row's `Scope`): what a node is and what it calls is decided when
it is compiled, not again for every row, which is most of the cost of a base over
10,000 pages.

A bare name reads the note's property, unless a `filter`/`map`/`reduce` or summary
binds it as a local (`value`, `index`, `acc`, `values`), or it is one of the roots
`file` (the row's file), `note` (all its properties), `this` (the file the base is
shown in) and `formula` (`formula.name`, another formula of the base, computed once per
row). Only those four names are ever locals (`scope.LOCAL_NAMES`), so a root is never
shadowed, and any other name is read from the note without looking at the locals. A
missing property, field of null, method of null or index out of range is null, never
an error: most notes lack most properties. What cannot be computed (a type error, a
wrong call, an unknown method, a formula cycle) raises `BasesValueError` at the
sub-expression at fault, for the view to show in that cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from wikiforge.core.suggest import closest

from .fields import PLAIN_FILE_FIELDS, field_of, index_of
from .globals import CLOCK, GLOBALS
from .operators import BINARY, negate, positive
from .registry import ALL_METHOD_NAMES, KNOWN_GLOBALS, KNOWN_METHODS, find_method
from .scope import LOCAL_NAMES, BasesValueError, Builtin, Runner, Scope, Site
from .syntax import (
    Binary,
    Call,
    Expr,
    Index,
    ListLiteral,
    Literal,
    Member,
    MethodCall,
    Name,
    Node,
    ObjectLiteral,
    RegexLiteral,
    Unary,
)
from .values import Value, truthy, type_name

_ROOTS = ("note", "formula")
"""The names that, written before `.x` or `["x"]`, read a property or a formula."""


def evaluate(expr: Expr, scope: Scope) -> Value:
    """The value of `expr` for the row `scope` describes."""
    try:
        return expr.run(scope)
    except RecursionError:
        raise BasesValueError("the expression nests too deeply to evaluate", 0, len(expr.source)) from None


def compile_expr(source: str, root: Node) -> Runner:
    """The expression `source` parsed to `root`, as one closure over a row's scope
    (what `Expr.run` holds; the parser compiles each expression it makes)."""
    return _Compiler(source).node(root)


def evaluate_formula(name: str, scope: Scope) -> Value:
    """The formula `name` of the base for this row (memoised in the row's cache); its
    errors carry offsets into that formula's own source."""
    return formula_value(name, scope, None)


def formula_value(name: str, scope: Scope, at: Node | None) -> Value:
    """Formula `name`, computed once per row. Referenced from another expression (`at`
    is the reference), an error inside it is reported at the reference."""
    cache = scope.cache
    found = cache.formulas.get(name, _MISSING)
    if found is _MISSING:
        if name in cache.active:
            cycle = " → ".join([*cache.active[cache.active.index(name) :], name])
            error = BasesValueError(f"formula cycle: {cycle}", 0, 0)
            if at is None:
                raise error
            raise BasesValueError(error.message, at.start, at.end)
        found = cache.formulas[name] = _compute(name, scope)
    if not isinstance(found, BasesValueError):
        return found
    if at is None:
        raise found
    message = found.message if found.message.startswith("formula") else f"formula.{name}: {found.message}"
    raise BasesValueError(message, at.start, at.end)


_MISSING: Any = object()


def _compute(name: str, scope: Scope) -> Value | BasesValueError:
    expr = scope.formulas.get(name)
    if expr is None:
        suggestion = closest(name, sorted(scope.formulas))
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        return BasesValueError(f"formula: the base has no formula '{name}'{hint}", 0, 0)
    scope.cache.active.append(name)
    try:
        return evaluate(expr, replace(scope, locals={}) if scope.locals else scope)
    except BasesValueError as error:
        return error
    finally:
        scope.cache.active.pop()


class _Compiler:
    """Compiles one expression's nodes; knows its source (for `random()`'s seed)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def node(self, node: Node) -> Runner:
        """The closure computing `node`, by its kind."""
        return _KINDS[type(node)](self, node)

    def literal(self, node: Literal | RegexLiteral) -> Runner:
        value = node.value
        return lambda scope: value

    def list_literal(self, node: ListLiteral) -> Runner:
        items = [self.node(item) for item in node.items]
        return lambda scope: [item(scope) for item in items]

    def object_literal(self, node: ObjectLiteral) -> Runner:
        entries = [(key, self.node(item)) for key, item in node.entries]
        return lambda scope: {key: item(scope) for key, item in entries}

    def name(self, node: Name) -> Runner:
        name = node.name
        if name == "formula":
            message = "'formula' needs a name: formula.price or formula[\"my price\"]"
            return _raising(message, node.start, node.end)
        if name in _ROOT_READERS:
            return _ROOT_READERS[name]
        if name not in LOCAL_NAMES:
            return lambda scope: scope.property(name)

        def read(scope: Scope) -> Value:
            locals_ = scope.locals
            return locals_[name] if name in locals_ else scope.property(name)

        return read

    def member(self, node: Member) -> Runner:
        name = node.name
        root = _root(node.target)
        if root == "formula":
            return lambda scope: formula_value(name, scope, node)
        if root == "note":
            return lambda scope: scope.property(name)
        if isinstance(node.target, Name) and node.target.name == "file" and name in PLAIN_FILE_FIELDS:
            return lambda scope: None if scope.file is None else getattr(scope.file, name)  # `file.ext`
        target = self.node(node.target)

        def read(scope: Scope) -> Value:
            try:
                return field_of(target(scope), name, scope)
            except LookupError as error:
                raise BasesValueError(str(error.args[0]), node.name_start, node.end) from None

        return read

    def index(self, node: Index) -> Runner:
        root = _root(node.target)
        key_of = self.node(node.key)
        if root is not None:

            def named(scope: Scope) -> Value:
                key = key_of(scope)
                if not isinstance(key, str):
                    raise BasesValueError(f"{root}[…] needs a name in quotes", node.key.start, node.key.end)
                return formula_value(key, scope, node) if root == "formula" else scope.property(key)

            return named
        target = self.node(node.target)

        def read(scope: Scope) -> Value:
            value, key = target(scope), key_of(scope)
            try:
                return index_of(value, key, scope)
            except LookupError as error:
                raise BasesValueError(str(error.args[0]), node.start, node.end) from None

        return read

    def method(self, node: MethodCall) -> Runner:
        name, source = node.name, self.source
        target = self.node(node.target)
        args = [self.node(arg) for arg in node.args]
        known_somewhere = any(name in names for names in KNOWN_METHODS.values())
        by_type: dict[type, Builtin] = {}  # the method each type of receiver has, once its count is right

        def call(scope: Scope) -> Value:
            value = receiver = target(scope)
            builtin = by_type.get(type(value))
            site = Site(scope, node, source)
            if builtin is None:
                found = find_method(value, name)
                if found is None:
                    if value is None and known_somewhere:
                        return None
                    raise BasesValueError(_no_method(name, value), node.name_start, node.name_end)
                builtin, receiver = found
                problem = builtin.count_problem(name, len(args))
                if problem is not None:
                    raise site.error(problem)
                if receiver is value:  # found by its type alone (not a text read as a date)
                    by_type[type(value)] = builtin
            try:
                return builtin.function(site, receiver, args if builtin.lazy else [arg(scope) for arg in args])
            except BasesValueError:
                raise
            except (ValueError, OverflowError) as error:
                raise site.error(str(error)) from None

        return call

    def call(self, node: Call) -> Runner:
        name, source = node.name, self.source
        clock = CLOCK.get(name)
        if clock is not None and not node.args:
            return lambda scope: clock(scope.now)  # the same for every row: no call site to make
        builtin = GLOBALS.get(name)
        if builtin is None:
            suggestion = _closest_global(name)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            return _raising(f"unknown function '{name}'{hint}", node.start, node.name_end)
        problem = builtin.count_problem(name, len(node.args))
        if problem is not None:
            return _raising(problem, node.start, node.end)
        args = [self.node(arg) for arg in node.args]
        function, lazy = builtin.function, builtin.lazy

        def call(scope: Scope) -> Value:
            site = Site(scope, node, source)
            try:
                return function(site, args if lazy else [arg(scope) for arg in args])
            except BasesValueError:
                raise
            except (ValueError, OverflowError) as error:
                raise site.error(str(error)) from None

        return call

    def binary(self, node: Binary) -> Runner:
        left, right = self.node(node.left), self.node(node.right)
        if node.op == "&&":
            return lambda scope: right(scope) if truthy(first := left(scope)) else first
        if node.op == "||":
            return lambda scope: first if truthy(first := left(scope)) else right(scope)
        operator = BINARY[node.op]

        def combine(scope: Scope) -> Value:
            a, b = left(scope), right(scope)
            try:
                return operator(a, b)
            except (TypeError, ValueError, OverflowError) as error:
                raise BasesValueError(str(error), node.start, node.end) from None

        return combine

    def unary(self, node: Unary) -> Runner:
        operand = self.node(node.operand)
        if node.op == "!":
            return lambda scope: not truthy(operand(scope))
        sign = negate if node.op == "-" else positive

        def apply(scope: Scope) -> Value:
            value = operand(scope)
            try:
                return sign(value)
            except TypeError as error:
                raise BasesValueError(str(error), node.start, node.end) from None

        return apply


_KINDS: dict[type, Callable[[_Compiler, Any], Runner]] = {
    Literal: _Compiler.literal,
    RegexLiteral: _Compiler.literal,
    Name: _Compiler.name,
    Member: _Compiler.member,
    Index: _Compiler.index,
    MethodCall: _Compiler.method,
    Call: _Compiler.call,
    Binary: _Compiler.binary,
    Unary: _Compiler.unary,
    ListLiteral: _Compiler.list_literal,
    ObjectLiteral: _Compiler.object_literal,
}
"""How each kind of node is compiled."""

_ROOT_READERS: dict[str, Runner] = {
    "file": lambda scope: scope.file,
    "this": lambda scope: scope.this,
    "note": lambda scope: {key: scope.property(key) for key in scope.note},
}
"""The bare roots that are not a property of the note."""


def _root(node: Node) -> str | None:
    """ "note" or "formula" when `node` is that bare root."""
    return node.name if isinstance(node, Name) and node.name in _ROOTS else None


def _raising(message: str, start: int, end: int) -> Runner:
    """A node that is an error on every row."""

    def fail(scope: Scope) -> Value:
        raise BasesValueError(message, start, end)

    return fail


def _no_method(name: str, target: Value) -> str:
    kind = type_name(target)
    if not any(name in names for names in KNOWN_METHODS.values()):
        suggestion = _closest_method(name)
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        return f"unknown method '{name}'{hint}"
    article = "an" if kind[0] in "aeiou" else "a"
    return f"'{name}' is not a method of {article} {kind}"


@lru_cache(maxsize=256)
def _closest_global(name: str) -> str | None:
    """The known global closest to `name`, asked once per name however many rows fail."""
    return closest(name, sorted(KNOWN_GLOBALS))


@lru_cache(maxsize=256)
def _closest_method(name: str) -> str | None:
    return closest(name, ALL_METHOD_NAMES)
