"""`raw/` is a symbolic link to a folder outside the project: its files must not be published."""

from pathlib import Path

SECRET = "outside-secret-7f3a"


def make(root: Path) -> None:
    outside = root.parent / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "raw").symlink_to(outside, target_is_directory=True)
    (root / "wiki").mkdir()
    page = "---\nsource_docs: [raw/secret.md]\n---\n# Index\n\n[[secret]] [[raw/secret.txt]]\n"
    (root / "wiki" / "index.md").write_text(page, encoding="utf-8")


def verify(root: Path) -> None:
    site = root / "site"
    assert (site / "index.html").is_file()
    for file in site.rglob("*"):
        assert "secret" not in file.name, file
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes(), file
    assert (root.parent / "elsewhere" / "secret.md").is_file()
