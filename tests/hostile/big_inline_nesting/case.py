"""Pathological inline Markdown: deep emphasis and bracket nesting, runs of backticks,
`<`, `$` and `![[`, each 20,000 long, in one page of 0.9 MB."""

from pathlib import Path

SECONDS = 25.0
"""Linear work on a page of 0.9 MB of nested inline syntax: 5 s to build alone on a quiet
2-core machine, 7.6-7.8 s with the tests on two workers (pytest-xdist); the quadratic
passes such runs can hit take minutes, so the bound still catches them."""


def make(root: Path, n: int = 20_000) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    runs = [
        "*" * n + "a" + "*" * n,
        "[" * n + "a" + "]" * n,
        "**a" * n,
        "_a" * n,
        "`" * n + " a " + "`" * (n - 1),
        "` a" * n,
        "<" * n + "a",
        "<a" * n,
        "$" * n,
        "$a" * n,
        "![[" * n + "index",
        "[[" * n + "index" + "]]" * n,
        "[a](" * n,
        "<!--" * n,
        "%%" * n,
        "\\" * n,
        "&" * n + ";",
        "[^" * n,
        "{{" * n,
    ]
    body = "\n\n".join(runs)
    (wiki / "inline.md").write_text(f"# Inline\n\n{body}\n", encoding="utf-8")
    (wiki / "index.md").write_text("# Index\n\n[[inline]]\n", encoding="utf-8")
