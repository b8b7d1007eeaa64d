"""The full-text search index (issue 17): a page's words and terms, the chunked index a
build writes, and the index an edit updates in place, which must be the very index a
whole build makes.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_wiki
from wikiforge.lint.selection import load_settings
from wikiforge.parse.options import ParseOptions
from wikiforge.parse.page import parse_page
from wikiforge.parse.search_terms import FIELD_WEIGHTS, Searchable, term_weights
from wikiforge.pipeline import analyse
from wikiforge.site import fulltext, search_files
from wikiforge.site.build import BuildOptions, build_site
from wikiforge.site.fulltext_update import Change, updated

SEARCH = "_static/search"


def words_of(markdown: str) -> tuple[str, list[tuple[int, str]]]:
    record = parse_page("wiki/p.md", markdown.encode(), "page", ParseOptions((), render=True))
    assert record.search is not None
    headings = [(at, record.headings[number].text) for at, number in record.search.headings]
    return record.search.words, headings


@pytest.mark.parametrize(
    ("markdown", "words"),
    [
        ("# Title\n\nBody text here.\n", "Body text here."),
        ("See [[wiki/clients/acme|Acme Corp]] and [[guide#Setup]].\n", "See Acme Corp and guide Setup."),
        ("A [[page.md]] and a [[page#^block]].\n", "A page and a page."),
        ("Before\n\n![[other page]]\n\nAfter\n", "Before After"),
        ("one<br>two **three**four\n", "one two threefour"),
        ("- first\n- second\n\n| a | b |\n|---|---|\n| c | d |\n", "first second a b c d"),
        ("Fish &amp; chips &lt;b&gt;\n", "Fish & chips <b>"),
        ("```python\nprint('hi')\n```\n", "print('hi')"),
        ("Shown %%hidden comment%% text\n", "Shown text"),
        ("![alt words](pic.png) caption\n", "alt words caption"),
    ],
    ids=[
        "lead-title",
        "wikilink-label",
        "md-and-block",
        "embed",
        "inline",
        "blocks",
        "entities",
        "code",
        "comment",
        "image",
    ],
)
def test_a_page_reads_as_the_words_a_reader_sees(markdown: str, words: str) -> None:
    assert words_of(markdown)[0] == words


def test_headings_say_which_word_their_section_starts_at() -> None:
    words, headings = words_of("# Title\n\nIntro words.\n\n## First Part\n\nOne two.\n\n### Deeper\n\nThree.\n")
    split = words.split(" ")
    assert [(split[at], text) for at, text in headings] == [("First", "First Part"), ("Deeper", "Deeper")]


def test_a_title_outranks_any_amount_of_body_text() -> None:
    body = " ".join(["escalation"] * 500)
    in_body = dict(term_weights(Searchable("Other", (), (), (), "", (), body)))["escalation"]
    in_title = dict(term_weights(Searchable("Escalation", (), (), (), "", (), "short")))["escalation"]
    assert in_title > in_body and in_title == FIELD_WEIGHTS["title"]


def postings_of(files: dict[str, bytes], name: str) -> dict[str, list[int]]:
    return {term: fulltext.decoded(found) for term, found in fulltext.unpacked(files[name]).items()}


def as_terms(index: fulltext.Index, files: dict[str, bytes]) -> dict[str, list[int]]:
    """Every term's postings an index's files hold."""
    found: dict[str, list[int]] = {}
    for _, name in (*index.chunks, *index.big):
        found |= postings_of(files, name)
    return found


vocabulary = st.sampled_from([f"w{i:02d}" for i in range(40)] + ["a", "b", "zz", "m"])
page_terms = st.dictionaries(vocabulary, st.integers(1, 255), max_size=25).map(lambda d: tuple(sorted(d.items())))


@settings(max_examples=150, deadline=None)
@given(
    before=st.lists(page_terms, min_size=1, max_size=12),
    edits=st.lists(st.tuples(st.integers(0, 11), page_terms), max_size=5),
)
def test_an_updated_index_is_the_index_a_whole_build_makes(
    before: list[tuple[tuple[str, int], ...]], edits: list[tuple[int, tuple[tuple[str, int], ...]]]
) -> None:
    """With few terms per chunk and a low bar for a term's own file, random edits move
    terms between chunks and files, empty chunks and start new ones."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fulltext, "BIG", 3)
        patch.setattr(fulltext, "CHUNK_TERMS", 4)
        old = fulltext.whole_index(fulltext.invert(enumerate(before)))
        after = list(before)
        changes = []
        for number, terms in edits:
            if number < len(after):
                changes.append(Change(number, [t for t, _ in after[number]], terms))
                after[number] = terms
        files = dict(old.files)
        new = updated(old.chunks, dict(old.big), files.__getitem__, changes)
        whole = fulltext.whole_index(fulltext.invert(enumerate(after)))
    assert (new.chunks, new.big) == (whole.chunks, whole.big)
    assert as_terms(new, files | new.files) == as_terms(whole, whole.files)


WIKI = {
    "wiki/index.md": "# Home\n\nSee [[guide]] and [[notes]].\n",
    "wiki/guide.md": "---\ntags: [howto]\ntype: article\n---\n# Guide\n\n## Setup\n\nInstall the zygomorphic widget.\n",
    "wiki/notes.md": "# Notes\n\nNothing rare here, only notes about the guide.\n",
    "raw/call.md": "# Call\n\nWe discussed the guide.\n",
}


def build(root: Path, out: Path) -> None:
    config, selection = load_settings(root)
    build_site(analyse(config, render=True, selection=selection), BuildOptions(out=out))


def find(out: Path, word: str) -> list[tuple[str, int]]:
    """The pages holding `word`, by the index's files alone (as the browser reads them)."""
    folder = out / SEARCH
    meta = json.loads((folder / "meta.json").read_bytes())
    names = [name for term, name in meta["big"] if term == word]
    names += [meta["chunks"][fulltext.chunk_of([tuple(c) for c in meta["chunks"]], word)][1]]
    for name in names:
        chunk = json.loads(gzip.decompress((folder / f"c/{name}.wfs").read_bytes()))
        if word in chunk:
            found = fulltext.decoded(chunk[word])
            urls = [json.loads((folder / f"f/{n}.json").read_bytes())["u"] for n in found[::2]]
            return list(zip(urls, found[1::2], strict=True))
    return []


def test_a_word_in_one_page_body_finds_that_page(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    build(root, tmp_path / "out")
    assert [url for url, _ in find(tmp_path / "out", "zygomorphic")] == ["guide/"]
    assert {url for url, _ in find(tmp_path / "out", "guide")} == {"", "guide/", "notes/", "raw/call/"}
    weights = dict(find(tmp_path / "out", "guide"))
    assert weights["guide/"] == max(weights.values())  # its title
    meta = json.loads((tmp_path / "out" / SEARCH / "meta.json").read_bytes())
    assert meta["pages"] == 4 and ["article", 1] in meta["types"] and ["source document", 1] in meta["types"]
    assert ["howto", 1] in meta["tags"]


def test_an_edit_updates_the_index_without_making_it_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    out = tmp_path / "out"
    build(root, out)
    made: list[int] = []
    whole = fulltext.whole_index
    monkeypatch.setattr(search_files, "whole_index", lambda postings: made.append(1) or whole(postings))
    (root / "wiki/notes.md").write_text("# Notes\n\nNow the notes mention a quixotic plan.\n", encoding="utf-8")
    build(root, out)
    assert made == []
    assert [url for url, _ in find(out, "quixotic")] == ["notes/"]
    assert [url for url, _ in find(out, "rare")] == []
    fresh = tmp_path / "fresh"
    build(root, fresh)
    assert made == [1]
    assert sorted(p.relative_to(out).as_posix() for p in (out / SEARCH).rglob("*")) == sorted(
        p.relative_to(fresh).as_posix() for p in (fresh / SEARCH).rglob("*")
    )
    for path in (fresh / SEARCH).rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (out / path.relative_to(fresh)).read_bytes(), path


def test_an_edit_that_changes_no_searched_text_rewrites_only_the_meta(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    out = tmp_path / "out"
    build(root, out)
    before = {p: p.stat().st_mtime_ns for p in (out / SEARCH).rglob("*") if p.is_file()}
    guide = root / "wiki/guide.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("tags:", "updated: 2026-01-01\ntags:"), encoding="utf-8")
    build(root, out)
    after = {p: p.stat().st_mtime_ns for p in (out / SEARCH).rglob("*") if p.is_file()}
    assert after.keys() == before.keys()
    assert [p.name for p in after if after[p] != before[p]] == ["meta.json"]  # its version, for the browser cache


def test_chinese_and_japanese_are_found_by_their_characters() -> None:
    """No spaces between their words: each ideograph or kana is a term (the browser
    splits a query the same way), other scripts by runs of letters and digits."""
    from wikiforge.parse.search_terms import terms_of

    assert terms_of("客户管理 Client-tiers ステータス café 2026") == [
        "客", "户", "管", "理", "client", "tiers", "ス", "テ", "ー", "タ", "ス", "café", "2026",
    ]  # fmt: skip
