"""Evaluating a parsed expression against one row.

A bare name reads the note's property, unless a `filter`/`map`/`reduce` or summary
binds it as a local (`value`, `index`, `acc`, `values`), or it is one of the roots
`file` (the row's file), `note` (all its properties), `this` (the file the base is
shown in) and `formula` (`formula.name`, another formula of the base, computed once per
row). A missing property, field of null, method of null or index out of range is null,
never an error: most notes lack most properties. What cannot be computed (a type error,
a wrong call, an unknown method, a formula cycle) raises `BasesValueError` at the
sub-expression at fault, for the view to show in that cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from wikiforge.core.suggest import closest

from .fields import field_of, index_of
from .globals import CLOCK, GLOBALS
from .operators import BINARY, negate, positive
from .registry import ALL_METHOD_NAMES, KNOWN_GLOBALS, KNOWN_METHODS, find_method
from .scope import BasesValueError, Builtin, Scope, Site
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


def evaluate(expr: Expr, scope: Scope) -> Value:
    """The value of `expr` for the row `scope` describes."""
    try:
        return _Evaluation(expr.source).value(expr.root, scope)
    except RecursionError:
        raise BasesValueError("the expression nests too deeply to evaluate", 0, len(expr.source)) from None


def evaluate_formula(name: str, scope: Scope) -> Value:
    """The formula `name` of the base for this row (memoised in the row's cache); its
    errors carry offsets into that formula's own source."""
    return formula_value(name, scope, None)


def formula_value(name: str, scope: Scope, at: Node | None) -> Value:
    """Formula `name`, computed once per row. Referenced from another expression (`at`
    is the reference), an error inside it is reported at the reference."""
    cache = scope.cache
    if name not in cache.formulas:
        if name in cache.active:
            cycle = " → ".join([*cache.active[cache.active.index(name) :], name])
            error = BasesValueError(f"formula cycle: {cycle}", 0, 0)
            if at is None:
                raise error
            raise BasesValueError(error.message, at.start, at.end)
        cache.formulas[name] = _compute(name, scope)
    found = cache.formulas[name]
    if not isinstance(found, BasesValueError):
        return found
    if at is None:
        raise found
    message = found.message if found.message.startswith("formula") else f"formula.{name}: {found.message}"
    raise BasesValueError(message, at.start, at.end)


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


class _Evaluation:
    """One expression's evaluation: its source (for `random()`'s seed) and the walk."""

    def __init__(self, source: str) -> None:
        self.source = source

    def value(self, node: Node, scope: Scope) -> Value:
        """The value of `node`, by its kind (a table by type: a chain of isinstance
        tests cost a tenth of the time of a base over 10,000 pages)."""
        return _KINDS[type(node)](self, node, scope)

    def literal(self, node: Literal | RegexLiteral, scope: Scope) -> Value:
        return node.value

    def list_literal(self, node: ListLiteral, scope: Scope) -> Value:
        return [self.value(item, scope) for item in node.items]

    def object_literal(self, node: ObjectLiteral, scope: Scope) -> Value:
        return {key: self.value(item, scope) for key, item in node.entries}

    def name(self, node: Name, scope: Scope) -> Value:
        name = node.name
        if name in scope.locals:
            return scope.locals[name]
        if name == "file":
            return scope.file
        if name == "this":
            return scope.this
        if name == "note":
            return {key: scope.property(key) for key in scope.note}
        if name == "formula":
            raise BasesValueError(
                "'formula' needs a name: formula.price or formula[\"my price\"]", node.start, node.end
            )
        return scope.property(name)

    def root(self, node: Node, scope: Scope) -> str | None:
        """ "note" or "formula" when `node` is that root (not shadowed by a local)."""
        if isinstance(node, Name) and node.name in ("note", "formula") and node.name not in scope.locals:
            return node.name
        return None

    def member(self, node: Member, scope: Scope) -> Value:
        root = self.root(node.target, scope)
        if root == "formula":
            return formula_value(node.name, scope, node)
        if root == "note":
            return scope.property(node.name)
        try:
            return field_of(self.value(node.target, scope), node.name, scope)
        except LookupError as error:
            raise BasesValueError(str(error.args[0]), node.name_start, node.end) from None

    def index(self, node: Index, scope: Scope) -> Value:
        root = self.root(node.target, scope)
        key = self.value(node.key, scope)
        if root is not None:
            if not isinstance(key, str):
                raise BasesValueError(f"{root}[…] needs a name in quotes", node.key.start, node.key.end)
            return formula_value(key, scope, node) if root == "formula" else scope.property(key)
        try:
            return index_of(self.value(node.target, scope), key, scope)
        except LookupError as error:
            raise BasesValueError(str(error.args[0]), node.start, node.end) from None

    def method(self, node: MethodCall, scope: Scope) -> Value:
        target = self.value(node.target, scope)
        found = find_method(target, node.name)
        if found is None:
            if target is None and any(node.name in names for names in KNOWN_METHODS.values()):
                return None
            raise BasesValueError(_no_method(node.name, target), node.name_start, node.name_end)
        builtin, receiver = found
        site = self.site(node, scope)
        args = node.args if builtin.lazy else [self.value(arg, scope) for arg in node.args]
        builtin.check_count(site, node.name, args)
        return self.run(site, builtin, (site, receiver, args))

    def call(self, node: Call, scope: Scope) -> Value:
        clock = CLOCK.get(node.name)
        if clock is not None and not node.args:
            return clock(scope.now)  # the same for every row: no call site to make
        builtin = GLOBALS.get(node.name)
        if builtin is None:
            suggestion = _closest_global(node.name)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            raise BasesValueError(f"unknown function '{node.name}'{hint}", node.start, node.name_end)
        site = self.site(node, scope)
        args = node.args if builtin.lazy else [self.value(arg, scope) for arg in node.args]
        builtin.check_count(site, node.name, args)
        return self.run(site, builtin, (site, args))

    def site(self, node: Node, scope: Scope) -> Site:
        return Site(scope, node, self.source, self.value)

    def run(self, site: Site, builtin: Builtin, args: tuple[object, ...]) -> Value:
        try:
            return builtin.function(*args)
        except BasesValueError:
            raise
        except (ValueError, OverflowError) as error:
            raise site.error(str(error)) from None

    def binary(self, node: Binary, scope: Scope) -> Value:
        left = self.value(node.left, scope)
        if node.op == "&&":
            return self.value(node.right, scope) if truthy(left) else left
        if node.op == "||":
            return left if truthy(left) else self.value(node.right, scope)
        right = self.value(node.right, scope)
        try:
            return BINARY[node.op](left, right)
        except (TypeError, ValueError, OverflowError) as error:
            raise BasesValueError(str(error), node.start, node.end) from None

    def unary(self, node: Unary, scope: Scope) -> Value:
        operand = self.value(node.operand, scope)
        if node.op == "!":
            return not truthy(operand)
        try:
            return negate(operand) if node.op == "-" else positive(operand)
        except TypeError as error:
            raise BasesValueError(str(error), node.start, node.end) from None


_KINDS: dict[type, Callable[[_Evaluation, Any, Scope], Value]] = {
    Literal: _Evaluation.literal,
    RegexLiteral: _Evaluation.literal,
    Name: _Evaluation.name,
    Member: _Evaluation.member,
    Index: _Evaluation.index,
    MethodCall: _Evaluation.method,
    Call: _Evaluation.call,
    Binary: _Evaluation.binary,
    Unary: _Evaluation.unary,
    ListLiteral: _Evaluation.list_literal,
    ObjectLiteral: _Evaluation.object_literal,
}
"""How each kind of node is evaluated."""


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
