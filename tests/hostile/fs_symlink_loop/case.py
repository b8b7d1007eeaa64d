"""Symbolic link loops inside `wiki/`: two pages pointing at each other, a link to itself,
and a folder link back to its parent (a cycle `os.walk` must not follow)."""

from pathlib import Path


def make(root: Path) -> None:
    wiki = root / "wiki"
    (wiki / "sub").mkdir(parents=True)
    (wiki / "a.md").symlink_to("b.md")
    (wiki / "b.md").symlink_to("a.md")
    (wiki / "sub" / "self.md").symlink_to("self.md")
    (wiki / "sub" / "up").symlink_to("..", target_is_directory=True)
    (wiki / "index.md").write_text("# Index\n\n[[a]] [[self]] [[ok]]\n", encoding="utf-8")
    (wiki / "ok.md").write_text("# OK\n\n[[index]]\n", encoding="utf-8")
