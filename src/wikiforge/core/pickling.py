"""Fast pickling for the small frozen records there are hundreds of thousands of.

`dataclass(slots=True)` pickles through a generic `__setstate__` that looks up the
fields of every object it restores; loading 10,000 cached pages spent 2.9 s there. A
record pickled as "call the class with these field values" loads several times faster.
"""

from __future__ import annotations

from typing import Any


class ByFields:
    """Mixin for frozen slotted dataclasses: pickle as the constructor call."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        names: tuple[str, ...] = type(self).__match_args__  # type: ignore[attr-defined]
        return type(self), tuple(getattr(self, name) for name in names)
