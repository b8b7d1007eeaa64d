"""Bases expressions parsed by a small hand-written Pratt parser.

Why not a grammar library: the language is a dozen operators at JavaScript's
precedence plus calls, members and literals, which a Pratt parser states in one table;
writing it by hand lets every error name what was being read ("expected ')' to close
the call to 'if'") and span from the opening bracket to the place it failed, which a
generic "unexpected token" from a parser generator does not. No dependency is added.

Precedence, lowest first, as in JavaScript: `||`, `&&`, `== !=`, `< > <= >=`, `+ -`,
`* / %`, unary `- !`, then member access, indexing and calls.
"""

from __future__ import annotations

from .evaluate import compile_expr
from .lexer import Token, tokenize
from .syntax import (
    BasesSyntaxError,
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

BINDING = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}
"""How tightly each binary operator binds (higher binds tighter); all are left-associative."""
_UNARY = 7
_CONSTANTS = {"true": True, "false": False, "null": None}
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


def parse(source: str) -> Expr:
    """`source` as an `Expr`; `BasesSyntaxError` with the offending offsets if it is not one."""
    parser = _Parser(source, tokenize(source))
    if parser.peek.kind == "end":
        raise BasesSyntaxError("the expression is empty", 0, len(source))
    try:
        root = parser.expression(0)
        token = parser.peek
        if token.kind != "end":
            raise BasesSyntaxError(f"unexpected {_describe(token)} after a complete expression", token.start, token.end)
        return Expr(source, root, compile_expr(source, root))
    except RecursionError:
        raise BasesSyntaxError("the expression nests too deeply", 0, len(source)) from None


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "end of the expression"
    if token.kind == "op":
        return f"'{token.value}'"
    return {"number": "number", "string": "string", "regex": "regular expression"}.get(token.kind, f"'{token.value}'")


class _Parser:
    """The cursor over one expression's tokens."""

    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.index = 0

    @property
    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, operator: str) -> bool:
        return self.peek.kind == "op" and self.peek.value == operator

    def expression(self, floor: int) -> Node:
        """Operators binding tighter than `floor`, from the current token on."""
        left = self.prefix()
        while self.peek.kind == "op" and BINDING.get(str(self.peek.value), 0) > floor:
            operator = str(self.advance().value)
            right = self.expression(BINDING[operator])
            left = Binary(left.start, right.end, operator, left, right)
        return left

    def prefix(self) -> Node:
        token = self.peek
        if token.kind == "op" and token.value in ("-", "!", "+"):
            self.advance()
            operand = self.expression(_UNARY)
            return Unary(token.start, operand.end, str(token.value), operand)
        start = self.peek.start
        return self.postfix(self.primary(), start)

    def primary(self) -> Node:
        token = self.advance()
        if token.kind in ("number", "string"):
            return Literal(token.start, token.end, token.value)
        if token.kind == "regex":
            return RegexLiteral(token.start, token.end, token.value)
        if token.kind == "name":
            return self.name(token)
        if token.kind == "op" and token.value == "(":
            inner = self.expression(0)
            self.close(token, "to close the parenthesis")
            return inner
        if token.kind == "op" and token.value == "[":
            items = self.items(token, "to close the list")
            return ListLiteral(token.start, self.tokens[self.index - 1].end, items)
        if token.kind == "op" and token.value == "{":
            return self.object(token)
        raise BasesSyntaxError(f"expected a value but found {_describe(token)}", token.start, token.end)

    def name(self, token: Token) -> Node:
        text = str(token.value)
        if text in _CONSTANTS:
            return Literal(token.start, token.end, _CONSTANTS[text])
        if self.at("("):
            opening = self.advance()
            args = self.items(opening, f"to close the call to '{text}'")
            return Call(token.start, self.tokens[self.index - 1].end, text, args, token.end)
        return Name(token.start, token.end, text)

    def postfix(self, node: Node, start: int) -> Node:
        """Member accesses, indexes and method calls after `node`; they span from
        `start`, which is the opening parenthesis when `node` was parenthesised."""
        while True:
            if self.at("."):
                node = self.member(node, start)
            elif self.at("["):
                opening = self.advance()
                key = self.expression(0)
                closing = self.close(opening, "to close the index")
                node = Index(start, closing.end, node, key)
            elif self.at("("):
                raise BasesSyntaxError(
                    "only a function or method can be called: write name(…) or value.method(…)",
                    self.peek.start,
                    self.peek.end,
                )
            else:
                return node

    def member(self, node: Node, start: int) -> Node:
        self.advance()
        token = self.advance()
        if token.kind != "name":
            raise BasesSyntaxError(f"expected a name after '.' but found {_describe(token)}", token.start, token.end)
        name = str(token.value)
        if not self.at("("):
            return Member(start, token.end, node, name, token.start)
        opening = self.advance()
        args = self.items(opening, f"to close the call to '{name}'")
        return MethodCall(start, self.tokens[self.index - 1].end, node, name, args, token.start, token.end)

    def items(self, opening: Token, purpose: str) -> tuple[Node, ...]:
        """Comma-separated expressions up to the bracket closing `opening` (a trailing comma is fine)."""
        closer = _CLOSERS[str(opening.value)]
        found: list[Node] = []
        while not self.at(closer):
            found.append(self.expression(0))
            if not self.at(","):
                break
            self.advance()
        self.close(opening, purpose)
        return tuple(found)

    def object(self, opening: Token) -> Node:
        entries: list[tuple[str, Node]] = []
        while not self.at("}"):
            key = self.advance()
            if key.kind not in ("string", "name"):
                raise BasesSyntaxError(f"expected a key but found {_describe(key)}", key.start, key.end)
            if not self.at(":"):
                found = self.peek
                raise BasesSyntaxError(f"expected ':' after the key '{key.value}'", found.start, found.end)
            self.advance()
            entries.append((str(key.value), self.expression(0)))
            if not self.at(","):
                break
            self.advance()
        closing = self.close(opening, "to close the object")
        return ObjectLiteral(opening.start, closing.end, tuple(entries))

    def close(self, opening: Token, purpose: str) -> Token:
        """Consume the bracket matching `opening`, or say which one was left open."""
        closer = _CLOSERS[str(opening.value)]
        token = self.peek
        if not self.at(closer):
            message = f"expected '{closer}' {purpose} but found {_describe(token)}"
            raise BasesSyntaxError(message, opening.start, token.end)
        return self.advance()
