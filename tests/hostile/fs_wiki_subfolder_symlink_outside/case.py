"""A folder inside `wiki/` is a symbolic link to a folder outside the project, and so is one
page and one attachment: none of them is read or published."""

from pathlib import Path

SECRET = "outside-secret-91c2"


def make(root: Path) -> None:
    outside = root.parent / "elsewhere"
    outside.mkdir()
    (outside / "notes.md").write_text(f"# Notes\n\n{SECRET}\n", encoding="utf-8")
    (outside / "photo.png").write_bytes(SECRET.encode())
    (root / "wiki").mkdir()
    (root / "wiki" / "shared").symlink_to(outside, target_is_directory=True)
    (root / "wiki" / "page-link.md").symlink_to(outside / "notes.md")
    (root / "wiki" / "image-link.png").symlink_to(outside / "photo.png")
    page = "# Index\n\n[[shared/notes]] [[page-link]] ![[image-link.png]]\n"
    (root / "wiki" / "index.md").write_text(page, encoding="utf-8")


def verify(root: Path) -> None:
    for file in (root / "site").rglob("*"):
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes(), file
