"""Per-page resource bounds: page size, YAML aliases and the size of numbers."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from wikiforge.cli import main
from wikiforge.config.settings import ConfigError, load_config
from wikiforge.core.files import ProjectFiles
from wikiforge.core.numbers import MAX_DIGITS, OutOfRangeNumber, exact_number
from wikiforge.core.plain_files import read_bounded
from wikiforge.load.read import read_file
from wikiforge.parse.frontmatter import MAX_ALIAS_NODES, FrontmatterError, load_yaml, split_frontmatter


def check_json(root: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-cache", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return list(json.loads(result.stdout)["diagnostics"])


def load(yaml_text: str) -> object:
    block = split_frontmatter(f"---\n{yaml_text}\n---\nbody\n")
    assert block is not None
    return load_yaml(block)[0]


def test_a_page_over_the_limit_is_wf001_with_its_size_and_the_rest_is_checked(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "wikiforge.toml": "max_page_bytes = 100\n",
            "wiki/index.md": "# Home\n\n[[big]] [[missing]]\n",
            "wiki/big.md": "# Big\n\n" + "TODO: [[nowhere]]\n" * 10,
        }
    )
    diags = check_json(root)
    found = {(d["path"], d["code"]) for d in diags}
    assert found == {("wiki/big.md", "WF001"), ("wiki/index.md", "WF101")}
    big = next(d for d in diags if d["path"] == "wiki/big.md")
    assert big["message"] == "file is 187 bytes, more than `max_page_bytes` (100); it is not read"


@pytest.mark.parametrize("value", [0, -1, "10MB", True, 1.5])
def test_max_page_bytes_must_be_a_positive_whole_number(tmp_path: Path, value: object) -> None:
    (tmp_path / "wikiforge.toml").write_text(f"max_page_bytes = {json.dumps(value)}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_page_bytes"):
        load_config(tmp_path)


def test_max_page_bytes_defaults_to_ten_mebibytes(tmp_path: Path) -> None:
    assert load_config(tmp_path).max_page_bytes == 10 * 1024 * 1024


def test_an_alias_bomb_is_refused_at_the_alias_that_crosses_the_limit() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    block = split_frontmatter("---\n" + "\n".join(lines) + "\n---\n")
    assert block is not None
    with pytest.raises(FrontmatterError, match="alias bomb") as caught:
        load_yaml(block)
    # lines 3 to 5 add 8,289 values; the first *a3 on line 6 adds 7,381 more
    assert (caught.value.span.line, caught.value.span.column) == (6, 10)


def test_merge_keys_count_like_any_alias() -> None:
    lines = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4}"]
    for n in range(1, 10):
        keys = ", ".join(f"k{k}: *m{n - 1}" for k in range(8))
        lines.append(f"m{n}: &m{n} {{<<: *m{n - 1}, {keys}}}")
    with pytest.raises(FrontmatterError, match="alias bomb"):
        load("\n".join(lines))


def test_an_alias_inside_its_own_value_is_refused() -> None:
    with pytest.raises(FrontmatterError, match="its own anchor") as caught:
        load("a: &a [1, *a]")
    assert caught.value.span.line == 2


def test_ordinary_aliases_keep_working() -> None:
    defaults = "defaults: &d {owner: Ana, tags: [a, b, c]}\n"
    items = "".join(f"  - {{<<: *d, name: n{n}}}\n" for n in range(100))
    data = load(defaults + "items:\n" + items + "reviewer: *d")
    assert isinstance(data, dict)
    assert data["items"][99] == {"owner": "Ana", "tags": ["a", "b", "c"], "name": "n99"}


def test_aliases_up_to_the_limit_are_kept() -> None:
    wide = "[" + ", ".join(["x"] * 99) + "]"
    uses = ", ".join(["*w"] * (MAX_ALIAS_NODES // 100))
    data = load(f"w: &w {wide}\nall: [{uses}]")
    assert isinstance(data, dict) and len(data["all"]) == MAX_ALIAS_NODES // 100


def test_an_integer_beyond_the_digit_limit_stays_text() -> None:
    data = load(f"n: {'9' * 5000}\nm: -{'1' * (MAX_DIGITS + 1)}\nk: {'1' * MAX_DIGITS}\nh: 0x{'f' * 40}")
    assert isinstance(data, dict)
    assert isinstance(data["n"], OutOfRangeNumber) and data["n"] == "9" * 5000
    assert isinstance(data["m"], OutOfRangeNumber)
    assert data["k"] == int("1" * MAX_DIGITS)
    assert isinstance(data["h"], OutOfRangeNumber)


def test_huge_numbers_are_wf302_at_their_key_and_shown_everywhere(make_wiki) -> None:  # type: ignore[no-untyped-def]
    big = "9" * 5000
    root = make_wiki(
        {
            "wikiforge.toml": '[frontmatter]\nfields = { count = "integer" }\n',
            "wiki/index.md": f"---\ncount: {big}\nnested: {{a: [1, {big}]}}\nsmall: 12\n---\n# Home\n",
        }
    )
    diags = check_json(root)
    assert [(d["code"], d["line"], d["message"]) for d in diags] == [
        ("WF302", 2, "`count` holds a number of more than 30 digits, too large to use"),
        ("WF302", 3, "`nested` holds a number of more than 30 digits, too large to use"),
    ]
    result = CliRunner().invoke(main, ["build", "--no-cache", str(root)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [("55", Fraction(55)), ("-0.5", Fraction(-1, 2)), ("1e3", Fraction(1000)), (" 0 ", Fraction(0))],
)
def test_exact_number_reads_ordinary_numbers(text: str, expected: Fraction) -> None:
    assert exact_number(text) == expected


@pytest.mark.parametrize("text", ["1e100000000", "1e-100000000", "9" * 5000, "1e31", "nan", "inf", "", "abc"])
def test_exact_number_refuses_what_it_cannot_read_quickly(text: str) -> None:
    assert exact_number(text) is None


@given(st.text(max_size=40))
def test_exact_number_never_raises(text: str) -> None:
    value = exact_number(text)
    assert value is None or abs(value) < 10 ** (MAX_DIGITS + 1)


def test_a_progress_with_a_huge_exponent_is_the_tier_rules_finding(make_wiki) -> None:  # type: ignore[no-untyped-def]
    root = make_wiki(
        {
            "wiki/index.md": "# Home\n\n[[acme]]\n",
            "wiki/acme.md": (
                "---\ntype: client\ntier: 1\nokrs:\n  - objective: Grow 10%\n    key_results:\n"
                "      - {text: Sign 3, progress: '1e100000000%'}\n"
                "      - {text: Ship 4, progress: '50%'}\n---\n# Acme\n\n[[index]]\n"
            ),
        }
    )
    diags = check_json(root)
    assert ("WF506", 7, "`progress` must be from 0 to 1 (or 0% to 100%), not '1e100000000%'") in [
        (d["code"], d["line"], d["message"]) for d in diags
    ]


@pytest.mark.parametrize(
    ("content", "size", "limit", "read"),
    [
        (b"abc", 3, 10, b"abc"),  # as `fstat` said
        (b"ab", 3, 10, b"ab"),  # shrank
        (b"abcdef", 3, 10, b"abcdef"),  # grew, still under the limit: all of it
        (b"a" * 20, 3, 10, b"a" * 11),  # grew past the limit: one byte more, so it is refused
        (b"a" * 10, 10, 10, b"a" * 10),  # at the limit
        (b"", 0, 10, b""),
    ],
)
def test_a_bounded_read_reads_what_the_file_holds_up_to_one_past_the_limit(
    content: bytes, size: int, limit: int, read: bytes
) -> None:
    assert read_bounded(io.BytesIO(content), size, limit) == read


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="counts Linux memory mappings")
def test_reading_many_pages_leaves_no_mapping_per_page(tmp_path: Path) -> None:
    """Each 10 MB read buffer stayed a memory mapping of its own: past 65,530 pages
    (`vm.max_map_count`) the parse pool could not start and every page was parsed in
    one process."""
    for n in range(3000):
        (tmp_path / f"p{n}.md").write_bytes(b"# Page\n")
    files = ProjectFiles(disk_paths={f"wiki/p{n}.md": str(tmp_path / f"p{n}.md") for n in range(3000)})
    before = len(Path("/proc/self/maps").read_text().splitlines())
    kept = [read_file(files, f"wiki/p{n}.md", "page", 10 * 1024 * 1024) for n in range(3000)]
    after = len(Path("/proc/self/maps").read_text().splitlines())
    assert all(data == b"# Page\n" for data in kept)
    assert after - before < 300
