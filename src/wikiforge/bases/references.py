"""What an expression reads and calls, known without evaluating it: the facts a linter
checks a `.base` file with (an unknown property or formula, a misspelt function, a
formula that needs `this`).

Names bound by `filter`, `map` and `reduce` (`value`, `index`, `acc`) are locals inside
their arguments, as are any names the caller says the context binds (`values` in a
summary formula), so they are not reported as note properties there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from wikiforge.core.suggest import closest

from .registry import ALL_METHOD_NAMES, KNOWN_GLOBALS, KNOWN_METHODS
from .syntax import Call, Expr, Index, Literal, Member, MethodCall, Name, Node, children

LOCALS_OF = {"filter": ("value", "index"), "map": ("value", "index"), "reduce": ("value", "index", "acc")}
"""The locals each lazy list method binds inside its arguments."""

_ROOTS = frozenset(("file", "note", "formula", "this"))


@dataclass(frozen=True)
class Reference:
    """One name in the source and where it is (0-based offsets, end exclusive)."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class References:
    """Everything an expression reads or calls, each in source order."""

    properties: tuple[Reference, ...] = ()
    """Note properties: bare names, `note.x`, `note["x"]` (not locals)."""
    file_fields: tuple[Reference, ...] = ()
    """Fields read from the row's file: `file.name`, `file.mtime`…"""
    formulas: tuple[Reference, ...] = ()
    """Other formulas: `formula.x`, `formula["x"]`."""
    functions: tuple[Reference, ...] = ()
    """Global functions called: `if(…)`, `now()`…"""
    methods: tuple[Reference, ...] = ()
    """Methods called, whatever their receiver: `.contains(…)`…"""
    uses_this: bool = False
    """Whether it reads `this`, the file the base is shown in."""


@dataclass(frozen=True)
class Unknown:
    """A function or method name no built-in has, with the closest known one."""

    kind: str
    name: str
    start: int
    end: int
    suggestion: str | None = None


@dataclass
class _Found:
    properties: list[Reference] = field(default_factory=list)
    file_fields: list[Reference] = field(default_factory=list)
    formulas: list[Reference] = field(default_factory=list)
    functions: list[Reference] = field(default_factory=list)
    methods: list[Reference] = field(default_factory=list)
    uses_this: bool = False


def references(expr: Expr, locals: Iterable[str] = ()) -> References:
    """The static facts of `expr`; `locals` are names the context binds (e.g. `values`)."""
    found = _Found()
    _walk(expr.root, frozenset(locals), found)
    return References(
        _in_order(found.properties),
        _in_order(found.file_fields),
        _in_order(found.formulas),
        _in_order(found.functions),
        _in_order(found.methods),
        found.uses_this,
    )


def _in_order(found: list[Reference]) -> tuple[Reference, ...]:
    """`found` in source order (a method call is met before the receiver it follows)."""
    return tuple(sorted(found, key=lambda reference: reference.start))


def unknown_functions(expr: Expr) -> list[Unknown]:
    """Calls of global functions that do not exist, and of methods no type has, each
    with a "did you mean" when one name is close."""
    facts = references(expr)
    unknown = [
        Unknown("function", ref.name, ref.start, ref.end, closest(ref.name, sorted(KNOWN_GLOBALS)))
        for ref in facts.functions
        if ref.name not in KNOWN_GLOBALS
    ]
    unknown += [
        Unknown("method", ref.name, ref.start, ref.end, closest(ref.name, ALL_METHOD_NAMES))
        for ref in facts.methods
        if not any(ref.name in names for names in KNOWN_METHODS.values())
    ]
    return sorted(unknown, key=lambda item: item.start)


def _walk(node: Node, bound: frozenset[str], found: _Found) -> None:
    if isinstance(node, Name):
        _name(node, bound, found)
        return
    root = node.target.name if isinstance(node, Member | Index) and isinstance(node.target, Name) else None
    if root in bound:
        root = None
    if isinstance(node, Member) and root in ("note", "formula", "file"):
        reference = Reference(node.name, node.name_start, node.end)
        {"note": found.properties, "formula": found.formulas, "file": found.file_fields}[root].append(reference)
        return
    key = node.key if isinstance(node, Index) else None
    if root in ("note", "formula") and isinstance(key, Literal) and isinstance(key.value, str):
        (found.properties if root == "note" else found.formulas).append(Reference(key.value, key.start, key.end))
        return
    if isinstance(node, Call):
        found.functions.append(Reference(node.name, node.start, node.name_end))
    if isinstance(node, MethodCall):
        found.methods.append(Reference(node.name, node.name_start, node.name_end))
        _walk(node.target, bound, found)
        inner = bound | frozenset(LOCALS_OF.get(node.name, ()))
        for position, argument in enumerate(node.args):
            _walk(argument, inner if position == 0 else bound, found)
        return
    for child in children(node):
        _walk(child, bound, found)


def _name(node: Name, bound: frozenset[str], found: _Found) -> None:
    if node.name in bound:
        return
    if node.name == "this":
        found.uses_this = True
    elif node.name not in _ROOTS:
        found.properties.append(Reference(node.name, node.start, node.end))
