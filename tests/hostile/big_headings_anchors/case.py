"""A page of 5,000 headings (2,500 sections and their parts), many sharing a text,
linked by anchor from the page itself to headings near its end and to headings it
lacks: each anchor was a scan of every heading, and each missing one a difflib pass
over them all."""

from pathlib import Path


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    parts = ["# Many headings\n"]
    for number in range(2500):
        section = f"Section {number % 250}"
        links = f"[[#Part {2499 - number}]] [[#{section}#Part {number}]]"
        parts.append(f"## {section}\n\n### Part {number}\n{links}\n")
    parts.append("[[#Nowhere]] [[#Section 1#Nowhere]]\n")
    (wiki / "headings.md").write_text("\n".join(parts), encoding="utf-8")
    (wiki / "index.md").write_text("# Index\n\n[[headings#Part 2499]]\n", encoding="utf-8")
