"""A client's key result with `progress: '1e100000000%'`: an exact fraction of that
exponent would never finish; it is a finding at the key instead."""

from pathlib import Path

COMMANDS = [["check"], ["build"], ["tiers"], ["tiers", "--format", "json"]]


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    (wiki / "acme.md").write_text(
        "---\n"
        "type: client\n"
        "tier: 1\n"
        "okrs:\n"
        "  - objective: Grow revenue by 10%\n"
        "    key_results:\n"
        "      - text: Sign 3 new accounts\n"
        "        progress: '1e100000000%'\n"
        "      - text: Keep churn under 2%\n"
        "        progress: 1e400\n"
        "      - text: Ship 4 features\n"
        "        progress: 0.5\n"
        "---\n"
        "# Acme\n\n[[index]]\n",
        encoding="utf-8",
    )
    (wiki / "index.md").write_text("# Index\n\n[[acme]]\n", encoding="utf-8")
