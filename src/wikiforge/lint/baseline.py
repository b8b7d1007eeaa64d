"""Baselines: adopt wikiforge on a big wiki without fixing every old finding first.

A baseline file records today's findings by fingerprint (file, rule, message and rank
among identical findings in that file, never the line), so later runs report only new
findings, and edits above an old finding do not bring it back. The file is committed
next to the wiki, so it is written byte-for-byte the same for the same findings and
ordered without line numbers: it diffs cleanly in review.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.atomic import write_atomically
from ..core.diagnostic import Diagnostic
from ..core.fingerprint import fingerprints

FORMAT_VERSION = 1
_EXPECTED_SHAPE = f'an object {{"wikiforge_baseline": {FORMAT_VERSION}, "findings": [...]}}'
_TEXT_FIELDS = ("fingerprint", "path", "code", "rule", "message")


class BaselineError(Exception):
    """A baseline that cannot be read or written; the message says what to do about it."""


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One recorded finding. Only `fingerprint` is matched; the rest helps a reader."""

    fingerprint: str
    path: str
    code: str
    rule: str
    message: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "path": self.path,
            "code": self.code,
            "rule": self.rule,
            "message": self.message,
            "line": self.line,
        }


@dataclass(frozen=True)
class Baseline:
    """The findings a project has accepted for now."""

    entries: tuple[BaselineEntry, ...]

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(e.fingerprint for e in self.entries)

    def filter(self, diagnostics: Sequence[Diagnostic]) -> tuple[list[Diagnostic], int]:
        """The findings not in the baseline (in the order given) and how many were suppressed."""
        known = self.fingerprints
        new = [d for d, fp in zip(diagnostics, _fingerprint_each(diagnostics), strict=True) if fp not in known]
        return new, len(diagnostics) - len(new)

    def stale(self, diagnostics: Sequence[Diagnostic], checked: Callable[[str, str], bool] | None = None) -> int:
        """How many baselined findings no longer occur: fixed since, so the baseline can shrink.

        `checked(path, code)` says whether this run could have found an entry at all; a
        run limited to some pages or rules must not call the others gone.
        """
        current = set(_fingerprint_each(diagnostics))
        entries = [e for e in self.entries if checked is None or checked(e.path, e.code)]
        return len({e.fingerprint for e in entries} - current)


def write_baseline(path: Path, diagnostics: Sequence[Diagnostic]) -> int:
    """Record `diagnostics` as the baseline at `path`, atomically; return how many were recorded.

    Entries are ordered by file, code, message and rank, not by line, so inserting text
    above a finding changes only its `line` hint, not the order of the file.
    """
    entries = _entries(diagnostics)
    document = {"wikiforge_baseline": FORMAT_VERSION, "findings": [e.to_dict() for e in entries]}
    try:
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8: keep it as JSON escapes
        data = (json.dumps(document, indent=2) + "\n").encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from exc
    return len(entries)


def load_baseline(path: Path) -> Baseline:
    """Read a baseline written by `write_baseline`, or raise `BaselineError` saying what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: baseline file not found") from exc
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{path}: baseline is not UTF-8 text") from exc
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: baseline is not valid JSON: {exc.msg}") from exc
    return Baseline(_parse(path, data))


def _fingerprint_each(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """Fingerprints in the order given, computed over the sorted order ranks depend on."""
    order = sorted(range(len(diagnostics)), key=lambda i: diagnostics[i].sort_key)
    result = [""] * len(diagnostics)
    for i, fp in zip(order, fingerprints([diagnostics[i] for i in order]), strict=True):
        result[i] = fp
    return result


def _entries(diagnostics: Sequence[Diagnostic]) -> list[BaselineEntry]:
    ranked = sorted(diagnostics, key=lambda d: d.sort_key)
    entries = [
        BaselineEntry(fp, d.path, d.code, d.rule, d.message, d.span.line)
        for d, fp in zip(ranked, fingerprints(ranked), strict=True)
    ]
    # A stable sort keeps identical findings in rank order.
    return sorted(entries, key=lambda e: (e.path, e.code, e.message))


def _parse(path: Path, data: Any) -> tuple[BaselineEntry, ...]:
    if not isinstance(data, dict) or "wikiforge_baseline" not in data:
        raise BaselineError(f"{path}: not a wikiforge baseline: expected {_EXPECTED_SHAPE}")
    version = data["wikiforge_baseline"]
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise BaselineError(
            f"{path}: unsupported baseline version {version!r}: expected {FORMAT_VERSION}; "
            "rewrite the baseline with this version of wikiforge"
        )
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(f'{path}: "findings" must be a list of findings, as in {_EXPECTED_SHAPE}')
    return tuple(_entry(path, i, item) for i, item in enumerate(findings))


def _entry(path: Path, index: int, item: Any) -> BaselineEntry:
    where = f"{path}: finding {index + 1}"
    if not isinstance(item, dict):
        raise BaselineError(f"{where}: expected an object with {', '.join(_TEXT_FIELDS)} and line")
    for key in _TEXT_FIELDS:
        if not isinstance(item.get(key), str) or not item[key]:
            raise BaselineError(f'{where}: "{key}" must be a non-empty string')
    line = item.get("line")
    if not isinstance(line, int) or isinstance(line, bool):
        raise BaselineError(f'{where}: "line" must be an integer')
    return BaselineEntry(item["fingerprint"], item["path"], item["code"], item["rule"], item["message"], line)
