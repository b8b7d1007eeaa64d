"""The generated wikis the benchmark runs on, and the one-page edit it times.

Generating a large wiki takes a while and is not what is measured, so a wiki is generated
once per size and seed and reused while its generator is unchanged: a marker file records the
size, the seed and a hash of `gen_wiki.py`, and is written only after generation finished,
so an interrupted generation is never reused.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GENERATOR = Path(__file__).with_name("gen_wiki.py")
MARKER = ".bench-wiki.json"
CACHE_DIR = ".wikiforge_cache"
_WIKILINK = re.compile(r"\[\[([^\]|#]+)")
EDIT_STRIDE = 7919  # a prime, so successive edits land on pages spread across folders


def ensure_wiki(work: Path, pages: int, seed: int) -> Path:
    """The wiki of `pages` pages for `seed` under `work`, generated unless already there."""
    root = work / f"wiki-{pages}-seed{seed}"
    marker = {"pages": pages, "seed": seed, "generator": hashlib.sha256(GENERATOR.read_bytes()).hexdigest()}
    if (root / MARKER).is_file() and json.loads((root / MARKER).read_text()) == marker:
        return root
    shutil.rmtree(root, ignore_errors=True)
    generate = [sys.executable, str(GENERATOR), "--pages", str(pages), "--out", str(root), "--seed", str(seed)]
    subprocess.run(generate, check=True, stdout=subprocess.DEVNULL)
    (root / MARKER).write_text(json.dumps(marker))
    return root


def page_files(wiki: Path) -> list[Path]:
    """The wiki's pages in a stable order."""
    return sorted((wiki / "wiki").rglob("*.md"))


def wiki_bytes(wiki: Path) -> int:
    """Size of all pages, to put the timings in proportion."""
    return sum(p.stat().st_size for p in page_files(wiki))


@contextmanager
def edited_page(wiki: Path, index: int) -> Iterator[Path]:
    """Append a sentence to one page (chosen by `index`), and restore its bytes afterwards.

    Each `index` picks a different page, so an edit is never the bytes a cache saw
    before; restoring keeps every other scenario on the same wiki.
    """
    pages = page_files(wiki)
    page = pages[(index * EDIT_STRIDE) % len(pages)]
    original = page.read_bytes()
    page.write_bytes(original + f"\n\nEdited by the benchmark, run {index}.\n".encode())
    try:
        yield page
    finally:
        page.write_bytes(original)


@contextmanager
def renamed_page(wiki: Path, index: int) -> Iterator[Path]:
    """Rename the page the most other pages link to, and rename it back afterwards:
    every link to it breaks at once, the case a rename must handle. `index` gives each
    run its own new name, so no cache has seen it."""
    page = most_linked(wiki)[0]
    moved = page.with_name(f"{page.stem}-renamed-{index}.md")
    page.rename(moved)
    try:
        yield moved
    finally:
        moved.rename(page)


MOVE_LINKERS = 50
"""How many pages link to the page `wikiforge mv` moves in the benchmark (issue 16)."""


@contextmanager
def linked_page(wiki: Path, old: Path, new: Path) -> Iterator[Path]:
    """Make `MOVE_LINKERS` pages link to `old` (adding `[[name]]` to pages that do not
    yet), and bring the kept check up to date, untimed; afterwards put `old` and every
    page the move rewrote back as they were, so the next run moves the same page."""
    pages = page_files(wiki)
    linking = [p for p in pages if p != old and _links_to(p, old.stem)]
    planted = [p for p in pages if p != old and p not in linking][: max(0, MOVE_LINKERS - len(linking))]
    saved = {p: p.read_bytes() for p in [old, *linking, *planted]}
    for page in planted:
        page.write_bytes(saved[page] + f"\n\nSee also [[{old.stem}]].\n".encode())
    subprocess.run([sys.executable, "-m", "wikiforge", "check", str(wiki)], stdout=subprocess.DEVNULL, check=False)
    try:
        yield old
    finally:
        new.unlink(missing_ok=True)
        for page, data in saved.items():
            page.write_bytes(data)
        if new.parent.is_dir() and not any(new.parent.iterdir()):
            new.parent.rmdir()


def _links_to(page: Path, name: str) -> bool:
    targets = _WIKILINK.findall(page.read_text(encoding="utf-8", errors="replace"))
    return any(target.rsplit("/", 1)[-1].strip() == name for target in targets)


def most_linked(wiki: Path) -> tuple[Path, int]:
    """The page most other pages link to (by its name, alone or ending a path, in
    `[[…]]`), and how many pages link to it."""
    pages = page_files(wiki)
    by_name = {page.stem: page for page in pages}
    linkers: Counter[str] = Counter()
    for page in pages:
        targets = _WIKILINK.findall(page.read_text(encoding="utf-8", errors="replace"))
        linkers.update(
            {name for target in targets if (name := target.rsplit("/", 1)[-1].strip()) in by_name} - {page.stem}
        )
    name, count = max(linkers.items(), key=lambda item: (item[1], item[0]))
    return by_name[name], count


def remove_cache(wiki: Path) -> None:
    """Delete wikiforge's on-disk cache, if this version of wikiforge writes one."""
    shutil.rmtree(wiki / CACHE_DIR, ignore_errors=True)
