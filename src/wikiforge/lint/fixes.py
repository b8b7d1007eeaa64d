"""Apply `--fix` edits to wiki files, byte-exactly and atomically.

A fix names a wikilink by its span and the target it expects to find there. Between the
check and the fix the file may have changed, or the span may point into a frontmatter
value whose YAML escaping does not match the link as parsed, so every fix is verified
against the bytes actually on disk and skipped (never guessed) when they disagree.

Only the target characters inside the brackets change, plus `|label` before the closing
`]]` when a fix carries a label (never on a line where a `|` might be a table's cell
separator, where it would split the cell). Line endings (CRLF, LF, lone CR,
mixed), a BOM, a missing final newline, tabs and trailing whitespace all survive, so a
fix never shows up in `git diff` as more than the link it meant to touch. Files are
replaced with a same-folder temp file and `os.replace`, so a crash or a full disk leaves
either the old file or the new one, never half of each.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..core.atomic import remove_stale_temps, write_atomically
from ..core.diagnostic import LINE_BREAK, Diagnostic, Fix
from ..core.plain_files import is_plain_relative
from ..parse.markdown.wikilinks import split_wikilink

_BOM = b"\xef\xbb\xbf"
_WIKILINK = re.compile(r"\[\[.*?\]\]")
# The checker's line model: `\r\n`, a lone `\r` and `\n` each end one line. Not
# `str.splitlines`, which also breaks at `\x0b`, `\x85`, `\u2028` and friends.
_NO_NEWLINE = "\\ No newline at end of file\n"


@dataclass(frozen=True, slots=True)
class FileFix:
    """What fixing one file did (or would do, without `write`).

    `before`/`after` are the whole file's bytes, BOM included, so a caller can diff or
    write them without re-reading. `applied` and `skipped` partition the fixes asked for.
    `error` is set when the file could not be read, is not UTF-8, or could not be
    written; the file on disk is then untouched.
    """

    path: Path
    before: bytes
    after: bytes
    applied: tuple[Fix, ...]
    skipped: tuple[Fix, ...]
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class LinkEdit:
    """A verified fix: the link's offsets (for overlap checks) and the target's, in
    the decoded text it was located in (`locate_fix`)."""

    fix: Fix
    link_start: int
    link_end: int
    target_start: int
    target_end: int

    def apply(self, text: str) -> str:
        """`text` with this edit made; the label goes in first, as it sits after the target."""
        if self.fix.label is not None:
            close = self.link_end - 2
            text = text[:close] + "|" + self.fix.label + text[close:]
        return text[: self.target_start] + self.fix.new + text[self.target_end :]


def apply_to_text(text: str, fixes: Sequence[Fix]) -> tuple[str, list[Fix]]:
    """Apply `fixes` to decoded `text` (original line endings, BOM removed).

    Returns the new text and the fixes skipped: those whose span is not a wikilink with
    target `fix.old`, whose `new` (and label) would not parse back as written, labels
    for links that have one or sit on a line with another `|`, and all but the first of
    fixes touching the same link. Edits run from the end of the text so the
    offsets of earlier ones stay valid.
    """
    line_starts, line_ends = line_bounds(text)
    accepted: list[LinkEdit] = []
    skipped: list[Fix] = []
    for fix in fixes:
        edit = locate_fix(text, line_starts, line_ends, fix)
        if edit is None or any(_overlaps(edit, other) for other in accepted):
            skipped.append(fix)
        else:
            accepted.append(edit)
    for edit in sorted(accepted, key=lambda e: e.target_start, reverse=True):
        text = edit.apply(text)
    return text, skipped


def line_bounds(text: str) -> tuple[list[int], list[int]]:
    """Offsets where each line starts and where its content ends (before its break)."""
    starts = [0]
    ends: list[int] = []
    for match in LINE_BREAK.finditer(text):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    return starts, ends


def locate_fix(text: str, line_starts: list[int], line_ends: list[int], fix: Fix) -> LinkEdit | None:
    """Verify that `fix.span` holds a link to `fix.old` and find the target's offsets
    (`line_bounds(text)` gives the line offsets); None when it does not, or when the
    edited link would not read back as `fix.new`."""
    span = fix.span
    if span.line != span.end_line or not 1 <= span.line <= len(line_starts):
        return None
    line_start, line_end = line_starts[span.line - 1], line_ends[span.line - 1]
    start, end = line_start + span.column - 1, line_start + span.end_column - 1
    if span.column < 1 or end > line_end or start >= end:
        return None
    link = text[start:end]
    opener = 3 if link.startswith("![[") else 2 if link.startswith("[[") else 0
    if not opener or not link.endswith("]]") or len(link) < opener + 2:
        return None
    inner = link[opener:-2]
    if "[[" in inner or "]]" in inner or split_wikilink(inner)[0] != fix.old:
        return None
    raw_target = inner.partition("|")[0].removesuffix("\\").partition("#")[0]
    lead = len(raw_target) - len(raw_target.lstrip())
    target_start = start + opener + lead
    target_end = target_start + len(fix.old)
    if not _new_target_is_sound(inner, lead, fix):
        return None
    if fix.label is not None and _may_be_table_row(text[line_start:start] + " " + text[end:line_end]):
        return None
    return LinkEdit(fix, start, end, target_start, target_end)


def _new_target_is_sound(inner: str, lead: int, fix: Fix) -> bool:
    """Whether the edited link still parses, with `fix.new` as its target (and
    `fix.label` as its label, for a link that had none).

    A `new` holding `|`, `#`, brackets, a line break or edge whitespace (or an empty
    one, which makes a same-page link) would silently turn into a different link; such
    a fix is skipped rather than written.
    """
    if not fix.new or any(c in fix.new for c in "\r\n") or "[[" in fix.new or "]]" in fix.new:
        return False
    new_inner = inner[:lead] + fix.new + inner[lead + len(fix.old) :]
    if fix.label is not None:
        if split_wikilink(inner)[2] is not None or not _plain_label(fix.label) or inner.endswith("\\"):
            return False
        new_inner += "|" + fix.label
    target, _, label = split_wikilink(new_inner)
    if "[[" in new_inner or "]]" in new_inner or target != fix.new:
        return False
    return fix.label is None or label == fix.label


def _may_be_table_row(rest_of_line: str) -> bool:
    """Whether the line around a link holds a `|` outside any wikilink: then it may be a
    table row, where a label's `|` would split the cell (Obsidian writes `\\|` there, which
    reads differently elsewhere), so no label is added."""
    return "|" in _WIKILINK.sub("", rest_of_line)


def _plain_label(label: str) -> bool:
    """A label that reads back as itself: not empty, no line break, no brackets, no edge backslash."""
    return bool(label) and not any(c in label for c in "\r\n[]") and not label.endswith("\\")


def _overlaps(a: LinkEdit, b: LinkEdit) -> bool:
    return a.link_start < b.link_end and b.link_start < a.link_end


def fix_file(path: Path, fixes: Sequence[Fix]) -> FileFix:
    """Fix one file in memory and report what was applied and skipped; nothing is written
    (see `write_atomically`). A file that is not UTF-8 is left alone. Read errors propagate."""
    before = path.read_bytes()
    has_bom = before.startswith(_BOM)
    try:
        text = before[len(_BOM) if has_bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        return FileFix(path, before, before, (), tuple(fixes), f"not UTF-8 text (offset {exc.start}); left alone")
    new_text, skipped = apply_to_text(text, fixes)
    after = (_BOM if has_bom else b"") + new_text.encode("utf-8")
    applied = _without(fixes, skipped)
    return FileFix(path, before, after, applied, tuple(skipped))


def _without(fixes: Sequence[Fix], skipped: Sequence[Fix]) -> tuple[Fix, ...]:
    """`fixes` minus one occurrence of each skipped fix (duplicates may be both)."""
    remaining = list(skipped)
    kept: list[Fix] = []
    for fix in fixes:
        if fix in remaining:
            remaining.remove(fix)
        else:
            kept.append(fix)
    return tuple(kept)


def unified_diff(file_fix: FileFix, display_path: str) -> str:
    """A `git diff`-style patch of one fix, empty when nothing changed.

    Lines split at `\\n` only, as git and `patch` do, so CRLF endings stay in the lines
    and the output applies with `git apply`; a last line without a newline gets git's
    `\\ No newline at end of file` marker instead of running into the next line.
    """
    before = file_fix.before.decode("utf-8-sig", errors="replace")
    after = file_fix.after.decode("utf-8-sig", errors="replace")
    lines = difflib.unified_diff(
        _split_keepends(before),
        _split_keepends(after),
        fromfile=f"a/{display_path}",
        tofile=f"b/{display_path}",
    )
    return "".join(line if line.endswith("\n") else f"{line}\n{_NO_NEWLINE}" for line in lines)


def _split_keepends(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def plan_fixes(diagnostics: Sequence[Diagnostic], *, unsafe: bool) -> dict[str, list[Fix]]:
    """The fixes allowed to run, by path, in diagnostic order.

    Unsafe fixes need `unsafe`. The same fix reported by two diagnostics runs once
    instead of being reported as skipped against itself.
    """
    plan: dict[str, list[Fix]] = {}
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or not (fix.safe or unsafe):
            continue
        planned = plan.setdefault(diagnostic.path, [])
        if fix not in planned:
            planned.append(fix)
    return plan


def apply_fixes(root: Path, diagnostics: Sequence[Diagnostic], *, unsafe: bool, write: bool) -> list[FileFix]:
    """Fix every file the diagnostics point at; write them when `write`.

    One file's failure never stops the others: it comes back as a `FileFix` with
    `error` set (and that file untouched). Returned, sorted by path: files that changed,
    had fixes skipped, or failed. `path` is `root / diagnostic.path`. Before writing,
    the temp files a killed `--fix` left beside these files are deleted.
    """
    plan = plan_fixes(diagnostics, unsafe=unsafe)
    if write:
        for folder in sorted({(root / rel).parent for rel in plan if is_plain_relative(rel)}):
            remove_stale_temps(folder)
    results: list[FileFix] = []
    for rel, fixes in sorted(plan.items()):
        results.extend(_apply_one(root, rel, fixes, write=write))
    return results


def _apply_one(root: Path, rel: str, fixes: Sequence[Fix], *, write: bool) -> Iterable[FileFix]:
    path = root / rel
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts:
        yield FileFix(path, b"", b"", (), tuple(fixes), "path is outside the project; left alone")
        return
    try:
        result = fix_file(path, fixes)
    except OSError as exc:
        yield FileFix(path, b"", b"", (), tuple(fixes), f"cannot read: {exc}")
        return
    if write and result.changed and result.error is None:
        try:
            write_atomically(path, result.after)
        except OSError as exc:
            result = replace(result, error=f"cannot write: {exc}")
    if result.changed or result.skipped or result.error:
        yield result
