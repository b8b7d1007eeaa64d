"""`.wikiforge_cache` a symbolic link to the project root: the cache is not used, so
the project's own .gitignore is not overwritten and nothing is written into the root."""

from pathlib import Path


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text("# Home\n\nHello.\n", encoding="utf-8")
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    (root / ".wikiforge_cache").symlink_to(".")


def verify(root: Path) -> None:
    assert (root / ".gitignore").read_text(encoding="utf-8") == "site/\n"
    assert not (root / "CACHEDIR.TAG").exists()
    assert not list(root.glob("records-*"))
    assert sorted(p.name for p in root.iterdir()) == [".gitignore", ".wikiforge_cache", "site", "wiki"]
