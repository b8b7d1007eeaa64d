"""Bases with bad input, over 10,000 rows: YAML that does not parse, an unknown method,
a type error in one row of three, and a base listing 10,000 files (grouped, sorted,
summed). Each is a finding at its line and column, the site still builds, and each
base's page says what went wrong (`verify`); the big base's page lists every row."""

from pathlib import Path

SECONDS = 20.0
"""10,000 rows evaluated by four bases, and their files discovered and copied: linear
work of 3-5 s on a quiet 2-core machine, given room for a loaded one."""

ROWS = 10_000


def make(root: Path) -> None:
    wiki = root / "wiki"
    (wiki / "files").mkdir(parents=True)
    for number in range(ROWS):
        (wiki / "files" / f"r{number:05}.txt").write_text("x" * (number % 50), encoding="utf-8")
    for number, price in enumerate(("10", '"n/a"', "30")):
        (wiki / f"p{number}.md").write_text(f"---\nprice: {price}\n---\n# P{number}\n\n[[index]]\n", encoding="utf-8")
    links = " ".join(
        f"[[{name}]]" for name in ("p0", "p1", "p2", "all.base", "broken.base", "unknown.base", "prices.base")
    )
    (wiki / "index.md").write_text(f"# Home\n\n{links}\n", encoding="utf-8")
    (wiki / "all.base").write_text(
        'filters: file.inFolder("wiki/files")\n'
        "formulas:\n  half: file.size / 2\n"
        "views:\n  - type: table\n    name: Every file\n    order: [file.name, file.size, formula.half]\n"
        "    sort:\n      - property: file.size\n        direction: DESC\n"
        "    groupBy:\n      property: file.ext\n"
        "    summaries:\n      file.size: Sum\n",
        encoding="utf-8",
    )
    (wiki / "prices.base").write_text(
        "filters: price\nformulas:\n  label: price.toFixed(2)\n"
        "views:\n  - type: table\n    name: Prices\n    order: [file.name, price, formula.label]\n",
        encoding="utf-8",
    )
    (wiki / "broken.base").write_text("views:\n  - type: table\n   name: bad indent\n", encoding="utf-8")
    (wiki / "unknown.base").write_text('filters: file.hasTags("x")\nviews:\n  - type: table\n', encoding="utf-8")


def verify(root: Path) -> None:
    site = root / "site"
    every = (site / "all.base" / "index.html").read_text(encoding="utf-8")
    assert every.count('<a class="internal" href="../files/r') == ROWS
    assert f"{ROWS:,} results" in every
    assert f'<span class="base-summary-name">Sum</span>{sum(n % 50 for n in range(ROWS))}' in every
    prices = (site / "prices.base" / "index.html").read_text(encoding="utf-8")
    assert prices.count("Error: &#x27;toFixed&#x27; is not a method of a string") == 1
    assert "<td>30.00</td>" in prices and "<td>10.00</td>" in prices
    assert "invalid YAML" in (site / "broken.base" / "index.html").read_text(encoding="utf-8")
    assert "there is no method <code>hasTags</code>" in (site / "unknown.base" / "index.html").read_text(
        encoding="utf-8"
    )
