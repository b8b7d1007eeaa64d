"""Stable identities for findings, shared by baselines and SARIF `partialFingerprints`.

A finding is identified by its file, rule and key (what it is about: the link or text,
by default its message) plus its rank among identical findings in that file; line
numbers, and other pages a message mentions, are left out so that an edit above a
finding, or a new page elsewhere, does not make it look new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .diagnostic import Diagnostic


def fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """One hex fingerprint per diagnostic, in the order given (sort them first)."""
    seen: dict[tuple[str, str, str], int] = {}
    result = []
    for d in diagnostics:
        key = (d.path, d.code, d.key or d.message)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = hashlib.sha256("\0".join((*key, str(occurrence))).encode("utf-8", "surrogateescape"))
        result.append(digest.hexdigest()[:32])
    return result
