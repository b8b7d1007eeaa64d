"""The issue's 1 MB page of tens of thousands of headings linked by anchors: 30,000
headings (15,000 sections and their parts), many sharing a text, linked by anchor from
the page itself to headings near its end, through nested anchors, and to headings it
lacks: each anchor was a scan of every heading, and each missing one a difflib pass
over them all (no answer in 60 s)."""

from pathlib import Path

SECONDS = 25.0
"""Linear work on the page's 30,000 headings (parsed, rendered, harvested and indexed once each) takes
8-10 s on a quiet 2-core machine; the quadratic passes this case guards against took
37 s to minutes, so the bound still catches them without failing a loaded CI machine."""

SECTIONS = 15_000


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    parts = ["# Many headings\n"]
    for number in range(SECTIONS):
        section = f"Section {number % 1500}"
        links = f"[[#Part {SECTIONS - 1 - number}]] [[#{section}#Part {number}]]"
        parts.append(f"## {section}\n\n### Part {number}\n{links}\n")
    parts.append("[[#Nowhere]] [[#Section 1#Nowhere]]\n")
    (wiki / "headings.md").write_text("\n".join(parts), encoding="utf-8")
    (wiki / "index.md").write_text(f"# Index\n\n[[headings#Part {SECTIONS - 1}]]\n", encoding="utf-8")
