"""4,000 broken nested anchors (`[[page#a#b]]`) into a page of 2,000 headings: each
"did you mean" is bounded, not a difflib pass over every heading."""

from pathlib import Path


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    headings = "\n".join(f"## Topic {n}\n\n### Detail {n}\n" for n in range(1000))
    (wiki / "target.md").write_text(f"# Target\n\n{headings}\n", encoding="utf-8")
    links = "\n".join(f"- [[target#Topic {n % 1000}#Detial {n}]] [[target#Topc {n}]]" for n in range(2000))
    (wiki / "index.md").write_text(f"# Index\n\n{links}\n", encoding="utf-8")
