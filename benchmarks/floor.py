#!/usr/bin/env python3
"""The floor: markdown-it-py alone parsing the same page bodies, on one core.

Reads every `*.md` under the given folder, drops the frontmatter, and times only
`MarkdownIt("commonmark").parse` over the bodies, so wikiforge's figures can be read as
a ratio to what parsing alone costs on this machine.

Usage: floor.py WIKI_DIR
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from markdown_it import MarkdownIt


def body(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end >= 0:
            return text[end + 4 :]
    return text


def main() -> None:
    bodies = [body(p.read_text(encoding="utf-8")) for p in sorted(Path(sys.argv[1]).rglob("*.md"))]
    md = MarkdownIt("commonmark")
    started = time.perf_counter()
    for text in bodies:
        md.parse(text)
    print(f"markdown-it-py parsed {len(bodies)} pages in {time.perf_counter() - started:.2f}s")


if __name__ == "__main__":
    main()
