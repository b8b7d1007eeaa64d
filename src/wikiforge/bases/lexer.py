"""Tokens of a Bases expression, each with its character offsets.

A `/` starts a regular expression where an operand is expected (at the start, after an
operator, `(`, `[`, `{` or `,`) and divides everywhere else, the rule JavaScript's own
tokenisers use. A number followed by a dot and a letter ends before the dot, so the
help's `123.toString()` and `5.isEmpty()` are method calls on a number.

Identifiers may hold a hyphen between two word characters with no space around it
(`image-property`, as in the help's `image(image-property)`): Obsidian property names
often do. `a - b` with spaces, or `a-1`, is still a subtraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .regex import compile_regex
from .syntax import BasesSyntaxError


@dataclass(frozen=True)
class Token:
    """`kind` is "number", "string", "regex", "name", "op" or "end"; `value` is the
    number, the unescaped string, the `Regex`, the name or the operator text."""

    kind: str
    value: object
    start: int
    end: int


OPERATORS = ("&&", "||", "==", "!=", ">=", "<=", "+", "-", "*", "/", "%", "!", ">", "<")
PUNCTUATION = "()[]{},.:"
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_OPERAND_ENDS = frozenset(("number", "string", "regex", "name"))


def tokenize(source: str) -> list[Token]:
    """Every token of `source`, ending with an "end" token."""
    tokens: list[Token] = []
    position = 0
    while True:
        while position < len(source) and source[position].isspace():
            position += 1
        if position >= len(source):
            tokens.append(Token("end", None, position, position))
            return tokens
        token = _token_at(source, position, tokens[-1] if tokens else None)
        tokens.append(token)
        position = token.end


def _token_at(source: str, position: int, previous: Token | None) -> Token:
    char = source[position]
    if char.isdigit() or (char == "." and source[position + 1 : position + 2].isdigit()):
        return _number(source, position)
    if char in "\"'":
        return _string(source, position)
    if _is_word(char):
        return _name(source, position)
    if char == "/" and not _ends_operand(previous):
        return _regex(source, position)
    for operator in OPERATORS:
        if source.startswith(operator, position):
            return Token("op", operator, position, position + len(operator))
    if char in PUNCTUATION:
        return Token("op", char, position, position + 1)
    if char == "=":
        raise BasesSyntaxError("'=' alone is not an operator: compare with '=='", position, position + 1)
    if char in "&|":
        raise BasesSyntaxError(f"'{char}' alone is not an operator: did you mean '{char * 2}'?", position, position + 1)
    raise BasesSyntaxError(f"unexpected character '{char}'", position, position + 1)


def _ends_operand(previous: Token | None) -> bool:
    """True when the token before a `/` ends an operand, making the `/` a division."""
    if previous is None:
        return False
    return previous.kind in _OPERAND_ENDS or (previous.kind == "op" and previous.value in (")", "]", "}"))


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "_$"


def _number(source: str, position: int) -> Token:
    match = _NUMBER.match(source, position)
    assert match is not None  # the caller saw a digit, or a dot and a digit
    text = match.group(0)
    end = match.end()
    if end < len(source) and _is_word(source[end]):
        raise BasesSyntaxError(f"a number cannot run into '{source[end]}'", position, end + 1)
    value: float = float(text)
    return Token("number", int(text) if text.isdigit() else value, position, end)


def _name(source: str, position: int) -> Token:
    end = position
    while end < len(source):
        if _is_word(source[end]) or source[end] == "-" and end + 1 < len(source) and _joins_name(source, end):
            end += 1
        else:
            break
    return Token("name", source[position:end], position, end)


def _joins_name(source: str, hyphen: int) -> bool:
    """A hyphen between word characters, followed by a letter, belongs to the name."""
    after = source[hyphen + 1]
    return (after.isalpha() or after == "_") and _is_word(source[hyphen - 1])


def _string(source: str, position: int) -> Token:
    quote = source[position]
    out: list[str] = []
    index = position + 1
    while index < len(source):
        char = source[index]
        if char == quote:
            return Token("string", "".join(out), position, index + 1)
        if char == "\\":
            text, index = _unescape(source, index)
            out.append(text)
            continue
        out.append(char)
        index += 1
    raise BasesSyntaxError(f"unterminated string: the {quote} here is never closed", position, len(source))


def _unescape(source: str, index: int) -> tuple[str, int]:
    """The character a backslash escape at `index` stands for, and where the string goes on."""
    if index + 1 >= len(source):
        raise BasesSyntaxError("unterminated string: it ends in a backslash", index, index + 1)
    code = source[index + 1]
    if code in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[code], index + 2
    hexadecimal = {"x": r"[0-9a-fA-F]{2}", "u": r"[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\}"}.get(code)
    if hexadecimal is None:
        return code, index + 2
    match = re.compile(hexadecimal).match(source, index + 2)
    if match is None:
        raise BasesSyntaxError(f"bad '\\{code}' escape in a string", index, index + 2)
    number = int(match.group(0).strip("{}"), 16)
    if number > 0x10FFFF:
        raise BasesSyntaxError("a '\\u{…}' escape beyond U+10FFFF", index, match.end())
    return chr(number), match.end()


def _regex(source: str, position: int) -> Token:
    index, in_class = position + 1, False
    while index < len(source) and source[index] != "\n":
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "/" and not in_class:
            break
        in_class = (in_class and char != "]") or (char == "[" and not in_class)
        index += 1
    else:
        raise BasesSyntaxError("unterminated regular expression: no closing '/'", position, min(index, len(source)))
    end = index + 1
    while end < len(source) and source[end].isalpha():
        end += 1
    pattern, flags = source[position + 1 : index], source[index + 1 : end]
    try:
        regex = compile_regex(pattern, flags)
    except (re.error, ValueError) as error:
        raise BasesSyntaxError(f"invalid regular expression: {error}", position, end) from error
    return Token("regex", regex, position, end)
