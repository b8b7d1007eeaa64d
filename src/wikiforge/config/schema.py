"""Config keys declared once: each `Setting` holds a key's kind, default and meaning.

From these declarations come the validation of a table (every problem at once, each
naming its key), the "did you mean" for an unknown key, and the configuration reference
(`docs/config.md`, `wikiforge config`). Rules declare their own options the same way
(`lint/rules/registry.py`), so a rule's table is checked and documented like the rest.
What one key cannot say alone, such as a default that depends on the project's folders
or two keys that must agree, stays in the code that reads the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core.suggest import closest
from .keys import check_keys, snake_keys


class Kind:
    """What values a key takes: `problem` says what is wrong with one (naming the key
    as `name`, already in backticks), or None."""

    shown = "value"
    """How the reference names the kind."""

    def problem(self, value: Any, name: str) -> str | None:
        raise NotImplementedError

    def convert(self, value: Any) -> Any:
        """The value as the program uses it, once `problem` has accepted it."""
        return value


class Boolean(Kind):
    shown = "true or false"

    def problem(self, value: Any, name: str) -> str | None:
        return None if isinstance(value, bool) else f"{name} must be true or false"


@dataclass(frozen=True)
class Count(Kind):
    """A whole number above 0, of `unit`s."""

    unit: str

    @property
    def shown(self) -> str:  # type: ignore[override]
        return f"whole number of {self.unit}"

    def problem(self, value: Any, name: str) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f"{name} must be a whole number of {self.unit} above 0, not {value!r}"
        return None


@dataclass(frozen=True)
class Text(Kind):
    """A non-empty string, kept stripped of white space around it when `strip`."""

    strip: bool = True
    shown = "string"

    def problem(self, value: Any, name: str) -> str | None:
        return None if isinstance(value, str) and value.strip() else f"{name} must be a non-empty string"

    def convert(self, value: Any) -> Any:
        return value.strip() if self.strip else value


class WebAddress(Text):
    shown = "http(s) URL"

    def problem(self, value: Any, name: str) -> str | None:
        problem = super().problem(value, name)
        if problem is not None:
            return problem
        if not re.match(r"https?://", value.strip()):
            return f"{name} must start with http:// or https://, not {value.strip()!r}"
        return None


@dataclass(frozen=True)
class Choice(Kind):
    values: tuple[str, ...]

    @property
    def shown(self) -> str:  # type: ignore[override]
        return " or ".join(f'"{value}"' for value in self.values)

    def problem(self, value: Any, name: str) -> str | None:
        if value in self.values:
            return None
        close = closest(str(value), self.values)
        hint = f" (did you mean {close!r}?)" if close else ""
        return f"{name} must be one of {', '.join(self.values)}, not {value!r}{hint}"


class Strings(Kind):
    shown = "list of strings"

    def problem(self, value: Any, name: str) -> str | None:
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return None
        return f"{name} must be a list of strings"

    def convert(self, value: Any) -> Any:
        return tuple(value)


class Regexes(Strings):
    """A list of Python regular expressions."""

    shown = "list of regular expressions"

    def problem(self, value: Any, name: str) -> str | None:
        problem = super().problem(value, name)
        if problem is not None:
            return problem
        for number, pattern in enumerate(value):
            try:
                re.compile(pattern)
            except re.error as exc:
                return f"{name[:-1]}[{number}]` is not a valid regular expression: {exc}"
        return None


class Table(Kind):
    """A sub-table, read by its own settings (or its own code)."""

    shown = "table"

    def problem(self, value: Any, name: str) -> str | None:
        return None if isinstance(value, dict) else f"{name} must be a table"


@dataclass(frozen=True)
class Shaped(Kind):
    """A value whose checks need the rest of its table (a share that, with the other
    tiers', adds up to 100; points within a weight): the code reading the table checks
    it, and this declaration names and documents it."""

    shown: str

    def problem(self, value: Any, name: str) -> str | None:
        return None


@dataclass(frozen=True)
class Setting:
    """One key: its name (snake_case; `-` is accepted too), kind, default and meaning."""

    key: str
    kind: Kind
    default: Any
    doc: str
    shown_default: str | None = None
    """The default as the reference says it, when the value alone says too little."""

    def value_in(self, table: dict[str, Any]) -> Any:
        """The key's value in a table already checked (its problems were reported)."""
        return self.read(table, "", [])

    def read(self, table: dict[str, Any], prefix: str, problems: list[str]) -> Any:
        """The key's value in `table`, or its default when absent or wrong (with a problem)."""
        if self.key not in table:
            return self.default
        value = table[self.key]
        problem = self.kind.problem(value, f"`{prefix}{self.key}`")
        if problem is not None:
            problems.append(problem)
            return self.default
        return self.kind.convert(value)


def read_settings(
    table: dict[str, Any], settings: Sequence[Setting], prefix: str, problems: list[str]
) -> dict[str, Any]:
    """Every declared key's value from `table` (keys in either spelling), reporting
    unknown keys with the closest declared one."""
    table = snake_keys(table, problems, prefix)
    check_keys(table, tuple(setting.key for setting in settings), prefix, problems)
    return {setting.key: setting.read(table, prefix, problems) for setting in settings}


def reference_rows(settings: Sequence[Setting], prefix: str) -> list[str]:
    """Markdown table rows for the reference: key, kind, default, meaning."""
    rows = []
    for setting in settings:
        default = setting.shown_default if setting.shown_default is not None else _toml(setting.default)
        rows.append(f"| `{prefix}{setting.key}` | {setting.kind.shown} | {default} | {setting.doc} |")
    return rows


def _toml(value: Any) -> str:
    if value is None or value == {} or isinstance(value, Kind):
        return "—"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, tuple):
        return "`[" + ", ".join(f'"{item}"' if isinstance(item, str) else str(item) for item in value) + "]`"
    return f"`{value}`"
