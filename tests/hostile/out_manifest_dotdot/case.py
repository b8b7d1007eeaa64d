"""A site manifest naming files beside the project (`../../keep.txt`) and a folder
outside it: the build ignores those names (a warning) and deletes nothing there."""

import json
from pathlib import Path


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text("# Home\n\nHello.\n", encoding="utf-8")
    (root.parent / "keep.txt").write_text("mine\n", encoding="utf-8")
    (root.parent / "outside" / "deep").mkdir(parents=True)
    (root.parent / "outside" / "deep" / "file.txt").write_text("mine\n", encoding="utf-8")
    (root / "site").mkdir()
    files = ["../../keep.txt", "../../outside/deep/file.txt", "a/../../../keep.txt", "./../../keep.txt"]
    (root / "site" / ".wikiforge-site.json").write_text(json.dumps({"files": files}), encoding="utf-8")


def verify(root: Path) -> None:
    assert (root.parent / "keep.txt").read_text(encoding="utf-8") == "mine\n"
    assert (root.parent / "outside" / "deep" / "file.txt").exists()
    assert (root / "site" / "index.html").exists()
