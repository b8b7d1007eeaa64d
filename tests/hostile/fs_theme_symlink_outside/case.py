"""A project's `templates/static/` file is a symbolic link to a file outside the project:
the build leaves it out (with a warning) instead of publishing the outside file."""

from pathlib import Path

SECRET = "outside-secret-91c2"


def make(root: Path) -> None:
    outside = root.parent / "elsewhere.txt"
    outside.write_text(SECRET, encoding="utf-8")
    (root / "templates" / "static").mkdir(parents=True)
    (root / "templates" / "static" / "leak.txt").symlink_to(outside)
    (root / "templates" / "static" / "own.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text("# Index\n\nHello.\n", encoding="utf-8")


def verify(root: Path) -> None:
    site = root / "site"
    assert (site / "index.html").is_file()
    assert any(site.rglob("own.css"))
    assert not any(site.rglob("leak.txt"))
    for file in site.rglob("*"):
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes(), file
