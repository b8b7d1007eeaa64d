"""Frontmatter integers of 5,000 digits and more, in plain keys, a title, a tier and a
schema-typed key: no `int` to `str` limit error wherever a value is shown."""

from pathlib import Path

COMMANDS = [["check"], ["build"], ["tiers"], ["check", "--format", "json"], ["check", "--format", "sarif"]]


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    big = "9" * 5000
    (root / "wikiforge.toml").write_text(
        '[frontmatter]\nfields = { count = "string", retainer = "number" }\n', encoding="utf-8"
    )
    (wiki / "numbers.md").write_text(
        f"---\ncount: {big}\nsize: -{big}\ntitle: {big}\nlist: [{big}, 1]\n---\n\nBody [[index]].\n",
        encoding="utf-8",
    )
    (wiki / "client.md").write_text(
        f"---\ntype: client\ntier: {big}\nretainer: {big}\nworkstreams: {big}\n---\n# Client\n\n[[index]]\n",
        encoding="utf-8",
    )
    (wiki / "index.md").write_text("# Index\n\n[[numbers]] [[client]]\n", encoding="utf-8")
