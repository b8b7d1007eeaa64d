"""Scale: a generated 1,000-page wiki holds exactly what its generator planted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import generate_wiki
from wikiforge.config.settings import load_config
from wikiforge.pipeline import analyse, run_check


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_wiki(tmp_path_factory.mktemp("gen1k"), 1000)


def test_generated_wiki_findings_equal_the_manifest(generated: Path) -> None:
    manifest = json.loads((generated / "manifest.json").read_text())
    result = run_check(load_config(generated))
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    found = Counter(d.code for d in errors)
    assert found == Counter(
        {
            "WF101": len(manifest["broken_links"]),
            "WF102": len(manifest["broken_anchors"]),
            "WF201": len(manifest["placeholders"]),
            "WF303": len(manifest["missing_sources"]),
        }
    )
    by_code: dict[str, set[tuple[str, str]]] = {code: set() for code in found}
    for d in errors:
        by_code[d.code].add((d.path, d.message))
    assert {
        (p, f"link [[{b['target']}]] matches no page or file") for b in manifest["broken_links"] for p in [b["page"]]
    } == by_code["WF101"]
    assert {
        (a["page"], f"heading '{a['anchor']}' not found on {a['target']}.md") for a in manifest["broken_anchors"]
    } == by_code["WF102"]
    assert Counter(p["page"] for p in manifest["placeholders"]) == Counter(d.path for d in errors if d.code == "WF201")
    assert {(m["page"], m["source"]) for m in manifest["missing_sources"]} == {
        (d.path, d.message.split("'")[1]) for d in errors if d.code == "WF303"
    }


def test_generated_wiki_graph_has_every_page_and_link(generated: Path) -> None:
    graph = analyse(load_config(generated)).graph
    pages = [n for n, kind in graph.nodes(data="kind") if kind == "page"]
    assert len(pages) == 1000
    missing = [n for n, kind in graph.nodes(data="kind") if kind == "missing"]
    manifest = json.loads((generated / "manifest.json").read_text())
    assert len(missing) == len(
        {b["target"] for b in manifest["broken_links"]} | {m["source"] for m in manifest["missing_sources"]}
    )
