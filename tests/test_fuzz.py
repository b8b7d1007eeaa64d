"""Generated hostile pages: whatever a wiki holds, check and build finish and say so.

Hypothesis writes small wikis whose pages mix every construct the parser and the rules
handle (frontmatter of any shape and client tier data, headings, wikilinks with anchors,
labels and embeds, block ids, math, `%%` and HTML comments, callouts, lists, quotes,
tables, code, footnotes, placeholders, raw HTML, odd Unicode) and runs them through
`check` in every report format and through `build`. Asserted: no exception, every format
well-formed (JSON parses, JUnit is XML, SARIF is JSON with its version), each finding
names a page of the wiki with a real line, and a build writes every page. The deadline
is a hang guard (quadratic or exponential work on a small input), not a speed target.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import run_build, write_wiki
from wikiforge.config.settings import load_config
from wikiforge.load.options import LoadOptions
from wikiforge.pipeline import run_check
from wikiforge.report import format_report

NAMES = ["index", "okr-framework", "Client A", "notes/deep page", "café", "a#b", "x[y]", "tiers"]
WORDS = ["TODO", "TBD", "[1]", "$5", "==mark==", "#tag", "#", "^", "|", "\\", "`", "*", "_", "~~", "<", "&amp;"]
PAYLOADS = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "javascript:alert(1)", "<!--wf:w0-->"]

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
names = st.sampled_from(NAMES) | st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8)
words = st.sampled_from(WORDS + PAYLOADS) | texts


@st.composite
def wikilinks(draw: st.DrawFn) -> str:
    target = draw(names)
    if draw(st.booleans()):
        target += "#" + draw(st.sampled_from(["Heading", "Heading#Sub", "^block", "", "#"]) | texts)
    label = "|" + draw(words) if draw(st.booleans()) else ""
    return ("!" if draw(st.booleans()) else "") + f"[[{target}{label}]]"


inline = st.lists(words | wikilinks() | st.sampled_from(["$x^2$", "$$", "%%", "<!--", "-->", "[x](y)", "![i](a.png)"]))
line = inline.map(" ".join)
blocks = st.one_of(
    line,
    line.map(lambda t: "#" * 3 + " " + t),
    st.tuples(st.integers(1, 7), line).map(lambda p: "#" * p[0] + " " + p[1]),
    line.map(lambda t: f"> [!note]- {t}\n> {t}"),
    line.map(lambda t: f"- item {t}\n  - nested {t}"),
    line.map(lambda t: f"| a | {t} |\n|---|---|\n| {t} | b |"),
    line.map(lambda t: f"```python\n{t}\n```"),
    line.map(lambda t: f"$$\n{t}\n$$"),
    line.map(lambda t: f"%%\n{t}\n%%"),
    line.map(lambda t: f"<div>{t}</div>"),
    line.map(lambda t: f"{t} ^block-1"),
    line.map(lambda t: f"[^1]: {t}"),
    st.just("---"),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts, st.dates().map(str))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3))
client = st.fixed_dictionaries(
    {"type": st.just("client"), "title": texts},
    optional={
        "tier": st.integers(-2, 5) | texts,
        "tier_override": st.integers(0, 4) | texts,
        "override_reason": texts,
        "retainer": st.integers(-10, 10**7) | st.floats() | texts,
        "growth_potential": st.sampled_from(["low", "medium", "high"]) | texts,
        "score": st.integers() | texts,
        "tier_history": st.lists(st.fixed_dictionaries({"date": st.dates().map(str), "tier": st.integers(0, 4)})),
        "okrs": st.lists(
            st.fixed_dictionaries(
                {"objective": texts, "key_results": st.lists(texts | st.fixed_dictionaries({"progress": values}))}
            ),
            max_size=3,
        ),
    },
)
YAML_LINES = [
    "a: &x [1, 2, {k: v}]",
    "b: *x",
    "c: [*x, *x, *x]",
    "title: !!python/object/apply:os.system [ls]",
    "title: one",
    "title: two",
    "tags:\n\t- tab",
    "tags: [a, , b]",
    "aliases: [Yes, No, ~]",
    "updated: 2026-02-30",
    "retainer: 1_000",
    "progress: '1e100000000%'",
    "score: " + "9" * 5000,
    "okrs: [{objective: o, key_results: [{progress: 1e308}, {progress: -0.0}, {progress: '150%'}]}]",
    "type: client",
    "tier: [1]",
    "? [complex, key]\n: value",
    "[unclosed",
    "'unterminated",
]
raw_yaml = st.lists(st.sampled_from(YAML_LINES), max_size=6).map(lambda lines: "\n".join(lines))
frontmatter = st.one_of(
    st.just(""),
    raw_yaml,
    st.dictionaries(st.sampled_from(["title", "aliases", "tags", "type", "source_docs", "updated"]) | texts, values),
    client,
)


def dump(front: object) -> str:
    if isinstance(front, str):
        return f"---\n{front}\n---\n" if front else ""
    return "---\n" + json.dumps(front, ensure_ascii=False, default=str) + "\n---\n"


pages = st.builds(lambda front, body: dump(front) + "\n\n".join(body), frontmatter, st.lists(blocks, max_size=8))
wikis = st.dictionaries(names.map(lambda n: f"wiki/{n.strip('/') or 'x'}.md"), pages, min_size=1, max_size=5)

FUZZ = settings(
    max_examples=60,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def project(files: dict[str, str]) -> Path:
    root = Path(tempfile.mkdtemp(prefix="wikiforge-fuzz-"))
    write_wiki(root, {**files, "raw/source.md": "# Source\n"})
    return root


@FUZZ
@given(wikis)
@example({"wiki/\uf9fe.md": ""})  # a name NFC respells (a CJK compatibility ideograph)
def test_check_answers_in_every_format(files: dict[str, str]) -> None:
    root = project(files)
    try:
        result = run_check(load_config(root), load=LoadOptions(jobs=1, cache=False))
        # Paths are reported in NFC, whatever spelling the file system holds (one name for
        # the NFC and NFD spellings, test_robustness); each must name a file of the wiki.
        names = {unicodedata.normalize("NFC", p.relative_to(root).as_posix()) for p in root.rglob("*")}
        for diagnostic in result.diagnostics:
            assert diagnostic.path in names, diagnostic
            assert diagnostic.span.line >= 1
        json.loads(format_report(result, "json"))
        assert json.loads(format_report(result, "sarif"))["version"] == "2.1.0"
        ET.fromstring(format_report(result, "junit"))
        for fmt in ("text", "concise", "github"):
            format_report(result, fmt)
    finally:
        shutil.rmtree(root)


@settings(FUZZ, max_examples=25)
@given(wikis)
def test_build_writes_every_page(files: dict[str, str]) -> None:
    root = project(files)
    try:
        result = run_build(root, "--no-cache", "-j", "1")
        assert result.exit_code == 0, result.output
        assert (root / "site" / "index.html").is_file()
    finally:
        shutil.rmtree(root)
