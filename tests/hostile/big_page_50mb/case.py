"""A 50 MB page beside a normal one: the big page is refused by its size, unread; the
other is still checked and built."""

from pathlib import Path


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    line = b"A line of text that goes on for a while, with [[index]] a link in it.\n"
    with (wiki / "huge.md").open("wb") as out:
        out.write(b"# Huge\n\n")
        out.write(line * (50 * 1024 * 1024 // len(line) + 1))
    (wiki / "index.md").write_text("# Index\n\n[[huge]] and [[missing]]\n", encoding="utf-8")


def verify(root: Path) -> None:
    site = root / "site"
    assert (site / "index.html").is_file()
    assert not any(path.stat().st_size > 10 * 1024 * 1024 for path in site.rglob("*") if path.is_file())
