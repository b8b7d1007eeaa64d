"""Arithmetic and comparison operators, with JavaScript's number semantics and Bases'
date arithmetic.

`/` always divides as floats; `1 / 0` is Infinity and `0 / 0` is NaN, as in
JavaScript. `+` joins text when either side is a string (`"a" + 1` is "a1"), except
that a date plus a duration string (`date + "1M"`) moves the date. A date minus a date
is the milliseconds between them. A duration scales by a number only from the left
(`duration("5h") * 2`), as the help says. Arithmetic with a null operand is null (a
note without `price` shows an empty `price * 2`), where JavaScript would compute with 0.

Every function here raises `TypeError` with a person's message for operands it cannot
combine; the evaluator turns it into a `BasesValueError` at the operator.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .compare import compare, equals, to_number
from .dates import add, parse_date, parse_duration
from .display import to_string
from .values import Date, Duration, Value, type_name


def _duration(value: Value) -> Duration | None:
    if isinstance(value, Duration):
        return value
    return parse_duration(value) if isinstance(value, str) else None


def plus(left: Value, right: Value) -> Value:
    """`left + right`."""
    if isinstance(left, Date) and (duration := _duration(right)) is not None:
        return add(left, duration)
    if isinstance(left, Duration) and isinstance(right, Date):
        return add(right, left)
    if isinstance(left, str) or isinstance(right, str):
        return to_string(left) + to_string(right)
    if isinstance(left, Duration) and isinstance(right, Duration):
        return Duration(left.months + right.months, left.milliseconds + right.milliseconds)
    return _numeric("+", left, right, lambda a, b: a + b)


def minus(left: Value, right: Value) -> Value:
    """`left - right`."""
    if isinstance(left, Date):
        duration = _duration(right)
        if duration is not None:
            return add(left, duration, -1)
        other = parse_date(right) if isinstance(right, str) else right
        if isinstance(other, Date):
            return _whole(left.epoch_ms - other.epoch_ms)
    if isinstance(left, Duration) and isinstance(right, Duration):
        return Duration(left.months - right.months, left.milliseconds - right.milliseconds)
    return _numeric("-", left, right, lambda a, b: a - b)


def times(left: Value, right: Value) -> Value:
    """`left * right`."""
    if isinstance(left, Duration) and (factor := to_number(right)) is not None:
        months = left.months * factor
        if months != int(months):
            raise TypeError("a duration in months can only be multiplied by a whole number")
        return Duration(int(months), _whole(left.milliseconds * factor))
    if isinstance(right, Duration):
        raise TypeError("put the duration first when multiplying: duration('5h') * 2")
    return _numeric("*", left, right, lambda a, b: a * b)


def divide(left: Value, right: Value) -> Value:
    """`left / right`, always as floats."""
    return _numeric("/", left, right, _float_divide)


def remainder(left: Value, right: Value) -> Value:
    """`left % right` with the sign of `left`, as JavaScript's `%`."""
    return _numeric("%", left, right, _remainder)


def _float_divide(a: float, b: float) -> float:
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1, b)
    return _whole(a / b) if isinstance(a, int) and isinstance(b, int) and a % b == 0 else a / b


def _remainder(a: float, b: float) -> float:
    if b == 0 or math.isinf(a) or math.isnan(a) or math.isnan(b):
        return math.nan
    if math.isinf(b):
        return a
    result = math.fmod(a, b)
    return int(result) if isinstance(a, int) and isinstance(b, int) else result


def _whole(number: float) -> float:
    return int(number) if isinstance(number, float) and number.is_integer() and abs(number) < 2**53 else number


def _numeric(operator: str, left: Value, right: Value, apply: Callable[[float, float], float]) -> Value:
    if left is None or right is None:
        return None
    a, b = _operand(left), _operand(right)
    if a is None or b is None:
        raise TypeError(f"cannot apply '{operator}' to {_kind(left)} and {_kind(right)}")
    try:
        return apply(a, b)
    except OverflowError:
        return math.inf


_NUMBERS = frozenset({int, float})


def _operand(value: Value) -> float | None:
    """A number for arithmetic: numbers, booleans and numeric text (as JavaScript)."""
    if type(value) in _NUMBERS:  # most operands: no conversion to look for
        number: float = value
        return number
    return to_number(value) if isinstance(value, int | float | str) else None


def _kind(value: Value) -> str:
    name = type_name(value)
    return f"a {name}" if name[0] not in "aeiou" else f"an {name}"


def negate(value: Value) -> Value:
    """Unary `-`."""
    if value is None:
        return None
    if isinstance(value, Duration):
        return Duration(-value.months, -value.milliseconds)
    number = _operand(value)
    if number is None:
        raise TypeError(f"cannot negate {_kind(value)}")
    return -number


def positive(value: Value) -> Value:
    """Unary `+`: the value as a number."""
    if value is None:
        return None
    number = _operand(value)
    if number is None:
        raise TypeError(f"cannot turn {_kind(value)} into a number")
    return number


def ordering(operator: str, left: Value, right: Value) -> bool:
    """`<`, `>`, `<=`, `>=`: false whenever the two have no order."""
    order = compare(left, right)
    if order is None:
        return False
    return {"<": order < 0, ">": order > 0, "<=": order <= 0, ">=": order >= 0}[operator]


BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "+": plus,
    "-": minus,
    "*": times,
    "/": divide,
    "%": remainder,
    "==": equals,
    "!=": lambda left, right: not equals(left, right),
    "<": lambda left, right: ordering("<", left, right),
    ">": lambda left, right: ordering(">", left, right),
    "<=": lambda left, right: ordering("<=", left, right),
    ">=": lambda left, right: ordering(">=", left, right),
}
"""Every binary operator but `&&` and `||`, which the evaluator short-circuits."""
