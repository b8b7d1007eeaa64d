"""A site manifest naming a file by its absolute path: never deleted."""

import json
from pathlib import Path


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text("# Home\n\nHello.\n", encoding="utf-8")
    keep = root.parent / "absolute" / "keep.txt"
    keep.parent.mkdir()
    keep.write_text("mine\n", encoding="utf-8")
    (root / "site").mkdir()
    manifest = {"files": [str(keep), str(keep.parent)], "build": {"format": 1}}
    (root / "site" / ".wikiforge-site.json").write_text(json.dumps(manifest), encoding="utf-8")


def verify(root: Path) -> None:
    assert (root.parent / "absolute" / "keep.txt").read_text(encoding="utf-8") == "mine\n"
