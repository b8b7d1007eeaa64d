"""An alias inside its own anchor's value (`a: &a [1, *a]`), which PyYAML builds into a
list that holds itself: every walk over the value (JSON, the site, the schema) would
never end. It is WF301 at the alias; the page is still built."""

from pathlib import Path

COMMANDS = [["check"], ["build"], ["check", "--format", "json"], ["tiers"]]


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    (wiki / "loop.md").write_text(
        "---\ntype: client\ntags: &t [a, *t]\nokrs: &o\n  - objective: *o\n---\n# Loop\n\n[[index]]\n",
        encoding="utf-8",
    )
    (wiki / "index.md").write_text("# Index\n\n[[loop]]\n", encoding="utf-8")
