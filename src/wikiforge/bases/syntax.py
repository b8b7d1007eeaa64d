"""The tree of a parsed Bases expression, and the error a malformed one raises.

Every node keeps the character offsets of the source it came from (0-based, end
exclusive), so a syntax error, a runtime error in one cell and a lint finding can all
point at the exact sub-expression in the `.base` file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class BasesSyntaxError(ValueError):
    """An expression that does not parse: `message` for a person, `start`/`end` the
    0-based character offsets in the expression's source that it is about."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = max(end, start)


@dataclass(frozen=True)
class Node:
    """Any node: where it sits in the source."""

    start: int
    end: int


@dataclass(frozen=True)
class Literal(Node):
    """A number, string, boolean or null written in the expression."""

    value: Any


@dataclass(frozen=True)
class RegexLiteral(Node):
    """`/pattern/flags`, compiled once when parsed (the value is a `Regex`)."""

    value: Any


@dataclass(frozen=True)
class ListLiteral(Node):
    """`[a, b]`."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class ObjectLiteral(Node):
    """`{"key": value}`: keys are always strings."""

    entries: tuple[tuple[str, Node], ...]


@dataclass(frozen=True)
class Name(Node):
    """A bare identifier: a note property, a local (`value`, `acc`…) or one of the
    roots `file`, `note`, `formula`, `this`."""

    name: str


@dataclass(frozen=True)
class Member(Node):
    """`target.name`; `name_start` is where the name begins, for precise findings."""

    target: Node
    name: str
    name_start: int


@dataclass(frozen=True)
class Index(Node):
    """`target[key]`."""

    target: Node
    key: Node


@dataclass(frozen=True)
class Call(Node):
    """`name(args)`: a global function; `name_end` closes the name."""

    name: str
    args: tuple[Node, ...]
    name_end: int


@dataclass(frozen=True)
class MethodCall(Node):
    """`target.name(args)`; `name_start`/`name_end` locate the method's name."""

    target: Node
    name: str
    args: tuple[Node, ...]
    name_start: int
    name_end: int


@dataclass(frozen=True)
class Unary(Node):
    """`-x` or `!x`."""

    op: str
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    """`left op right` for arithmetic, comparison, `&&` and `||`."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Expr:
    """A parsed expression: its source text and the root of its tree."""

    source: str
    root: Node
    run: Callable[[Any], Any] = field(compare=False, repr=False)
    """The expression compiled to a closure over a row's scope (`evaluate.compile_expr`):
    a scope in, a value out."""


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of `node`, in source order (for walks)."""
    if isinstance(node, ListLiteral):
        return node.items
    if isinstance(node, ObjectLiteral):
        return tuple(value for _, value in node.entries)
    if isinstance(node, Member):
        return (node.target,)
    if isinstance(node, Index):
        return (node.target, node.key)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, MethodCall):
        return (node.target, *node.args)
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    return ()
