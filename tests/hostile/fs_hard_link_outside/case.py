"""A hard link in `wiki/` to a file outside the project: one more name for the same file,
indistinguishable from a file written there, so it is read and published like one (the
documented result: README, "Nothing from outside the project"). Only someone who can
write into the project can make one, and they could as well copy the file in."""

import os
from pathlib import Path

TEXT = "hard-linked-text-5e1d"


def make(root: Path) -> None:
    outside = root.parent / "outside.md"
    outside.write_text(f"# Outside\n\n{TEXT}\n", encoding="utf-8")
    (root / "wiki").mkdir()
    os.link(outside, root / "wiki" / "linked.md")
    (root / "wiki" / "index.md").write_text("# Index\n\n[[linked]]\n", encoding="utf-8")


def verify(root: Path) -> None:
    assert TEXT in (root / "site" / "linked" / "index.html").read_text(encoding="utf-8")
    assert (root.parent / "outside.md").read_text(encoding="utf-8").endswith(f"{TEXT}\n")
