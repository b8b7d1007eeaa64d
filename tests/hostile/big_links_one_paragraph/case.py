"""10,000 links in one paragraph with no sentence end, to 1,000 pages: each backlink
sentence once rescanned the paragraph from its start (a build took 37 s).
The 100,000-link page is `tests/test_scale_bounds.py`'s, with a longer bound."""

from pathlib import Path


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    for number in range(1000):
        (wiki / f"p{number}.md").write_text(f"# Page {number}\n\n[[hub]]\n", encoding="utf-8")
    paragraph = " ".join(f"[[p{n % 1000}]]" for n in range(10000))
    (wiki / "hub.md").write_text(f"# Hub\n\n{paragraph}\n", encoding="utf-8")
    (wiki / "index.md").write_text("# Index\n\n[[hub]]\n", encoding="utf-8")
