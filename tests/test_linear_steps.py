"""The steps that once grew quadratically with one page's headings or links give the
same answers as the simple scans they replaced, and stay fast at scale."""

from __future__ import annotations

import re
import time
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from wikiforge.core.diagnostic import Span
from wikiforge.core.records import Heading, PageRecord
from wikiforge.parse.markdown.sentences import _CONTEXT_LIMIT, _SENTENCE_END, _Sentences
from wikiforge.resolve.anchors import AnchorTable, _forms

NAMES = ["Intro", "Setup", "Step 1: Setup", "setup", "Notes"]


def page_with(headings: list[tuple[int, str]]) -> PageRecord:
    record = PageRecord.unreadable("wiki/a.md", "page", "x")
    return replace(record, headings=tuple(Heading(level, text, Span.point(1), text) for level, text in headings))


def scan(headings: list[tuple[int, str]], parts: list[str], start: int, stop: int, min_level: int) -> int | None:
    """The linear scan `AnchorTable` used to run for every anchor."""
    wanted = _forms(parts[0])
    for i in range(start, stop):
        level, text = headings[i]
        if level <= min_level or not wanted & _forms(text):
            continue
        if len(parts) == 1:
            return i
        end = next((j for j in range(i + 1, stop) if headings[j][0] <= level), stop)
        found = scan(headings, parts[1:], i + 1, end, level)
        if found is not None:
            return found
    return None


@given(
    st.lists(st.tuples(st.integers(1, 6), st.sampled_from(NAMES)), max_size=25),
    st.lists(st.sampled_from([*NAMES, "Missing"]), min_size=1, max_size=4),
)
def test_indexed_anchors_find_what_the_scan_found(headings: list[tuple[int, str]], parts: list[str]) -> None:
    table = AnchorTable(page_with(headings).anchors)
    assert table.find("#".join(parts)) == scan(headings, parts, 0, len(headings), 0)


def test_anchors_into_thirty_thousand_headings_stay_fast() -> None:
    headings = [(2 + n % 3, f"Section {n}") for n in range(30_000)]
    table = AnchorTable(page_with(headings).anchors)
    started = time.perf_counter()
    for n in range(0, 30_000, 3):
        assert table.find(f"Section {n}") == n
        assert table.find(f"Section {n}#Section {n + 1}") == n + 1
        assert table.find(f"Nowhere {n}") is None
    assert time.perf_counter() - started < 5


def old_sentence(text: str, start: int, end: int) -> str:
    """The sentence lookup `_Sentences` replaced: a rescan from the paragraph's start."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    after = _SENTENCE_END.search(text, end)
    stop = after.start() + 1 if after else len(text)
    sentence = " ".join(text[begin:stop].split())
    if len(sentence) > _CONTEXT_LIMIT:
        sentence = re.sub("\ue000\\d*$", "", sentence[: _CONTEXT_LIMIT - 1]).rstrip() + "…"
    return sentence


@given(st.text(alphabet="ab .!?\n\ue000\ue0011", max_size=300), st.data())
def test_sentences_are_those_of_the_rescan(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _Sentences(text).around(start, end) == old_sentence(text, start, end)


def test_sentences_of_a_paragraph_of_fifty_thousand_links_stay_fast() -> None:
    text = " ".join(f"\ue000{n}\ue001" for n in range(50_000))
    sentences = _Sentences(text)
    started = time.perf_counter()
    positions = [(m, m + 3) for m in range(0, len(text), len(text) // 50_000)]
    assert len({sentences.around(a, b) for a, b in positions}) == 1
    assert time.perf_counter() - started < 2


def test_did_you_mean_stops_when_the_page_has_used_its_budget(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("wikiforge.resolve.anchors.SUGGESTION_BUDGET", 25)
    table = AnchorTable(page_with([(2, f"Topic {n}") for n in range(10)]).anchors)
    assert table.suggest("Topc 1") == "Topic 1"
    assert table.suggest("Topc 1") == "Topic 1"  # remembered: no second search
    assert table.suggest("Topc 2") == "Topic 2"
    assert table.suggest("Topc 3") is None
