"""`wikiforge graph`: the link graph exported (an edge per link) in five formats that
parse, its statistics against independent counts, one page's neighbourhood, errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from conftest import REPO_ROOT, generate_wiki, write_wiki
from wikiforge.analysis import Analysis
from wikiforge.cli import main
from wikiforge.lint.selection import load_settings
from wikiforge.pipeline import analyse
from wikiforge.report.graph_formats import GRAPH_FORMATS, format_graph
from wikiforge.report.link_graph import GraphOptions, export_graph

FORMATS = ("json", "graphml", "gexf", "dot", "mermaid")


def graph(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, ["graph", *map(str, args)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def analysis_of(root: Path) -> Analysis:
    config, selection = load_settings(root)
    return analyse(config, selection=selection)


# ----------------------------------------------------------------------------- the 1,000-page wiki


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Analysis]:
    root = generate_wiki(tmp_path_factory.mktemp("graph") / "wiki", 1000)
    return root, analysis_of(root)


def _links_in_files(root: Path) -> tuple[int, int]:
    """The wikilinks (outside fenced code) and `source_docs` entries written in the
    generated pages, read from the files with regular expressions, not by wikiforge."""
    wikilinks = sources = 0
    for page in (root / "wiki").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        frontmatter, body = text.split("---\n", 2)[1:]
        listed = re.search(r"^source_docs:\n((?:- .*\n)+)", frontmatter, re.M)
        sources += len(listed.group(1).splitlines()) if listed else 0
        prose = re.sub(r"^```.*?^```", "", body, flags=re.M | re.S)
        wikilinks += len(re.findall(r"(?<!!)\[\[[^\]]+\]\]", prose))
    return wikilinks, sources


def test_graphml_of_the_generated_wiki_has_a_node_per_file_and_an_edge_per_resolved_link(
    big: tuple[Path, Analysis], tmp_path: Path
) -> None:
    root, _ = big
    result = graph(root, "--format", "graphml", "-o", tmp_path / "wiki.graphml")
    assert result.exit_code == 0, result.stderr
    loaded = nx.read_graphml(tmp_path / "wiki.graphml", force_multigraph=True)
    pages = {p.relative_to(root).as_posix() for p in (root / "wiki").rglob("*.md")}
    sources = {p.relative_to(root).as_posix() for p in (root / "raw").rglob("*") if p.is_file()}
    assert set(loaded.nodes) == pages | sources
    manifest = json.loads((root / "manifest.json").read_text())
    wikilinks, cited = _links_in_files(root)
    kinds = [kind for _, _, kind in loaded.edges(data="kind")]
    assert kinds.count("wikilink") == wikilinks - len(manifest["broken_links"])
    assert kinds.count("source") == cited - len(manifest["missing_sources"])
    assert loaded.number_of_edges() == len(kinds) == kinds.count("wikilink") + kinds.count("source")


def test_broken_adds_each_planted_broken_link_and_missing_source(big: tuple[Path, Analysis]) -> None:
    root, analysis = big
    exported = export_graph(analysis, GraphOptions(broken=True))
    manifest = json.loads((root / "manifest.json").read_text())
    missing = [(u, v) for u, v in exported.edges() if exported.nodes[v]["kind"] == "missing"]
    planted = {(b["page"], "missing:" + b["target"]) for b in manifest["broken_links"]}
    planted |= {(m["page"], "missing:" + m["source"]) for m in manifest["missing_sources"]}
    assert set(missing) == planted
    assert len(missing) == len(manifest["broken_links"]) + len(manifest["missing_sources"])


def test_every_format_of_the_generated_wiki_parses(big: tuple[Path, Analysis], tmp_path: Path) -> None:
    _, analysis = big
    exported = export_graph(analysis)
    nodes, edges = exported.number_of_nodes(), exported.number_of_edges()
    data = json.loads(format_graph(exported, "json"))
    again = nx.node_link_graph(data, edges="edges")
    assert (again.number_of_nodes(), again.number_of_edges(), again.is_multigraph()) == (nodes, edges, True)
    (tmp_path / "wiki.gexf").write_text(format_graph(exported, "gexf"), encoding="utf-8")
    gexf = nx.read_gexf(tmp_path / "wiki.gexf")
    assert (gexf.number_of_nodes(), gexf.number_of_edges()) == (nodes, edges)
    assert _mermaid_counts(format_graph(exported, "mermaid")) == (nodes, edges)
    (tmp_path / "wiki.dot").write_text(format_graph(exported, "dot"), encoding="utf-8")
    _need_graphviz()
    counted = subprocess.run(["gc", "-n", "-e", tmp_path / "wiki.dot"], capture_output=True, text=True, check=True)
    assert counted.stdout.split()[:2] == [str(nodes), str(edges)]


# ----------------------------------------------------------------------------- quoting, on awkward names

AWKWARD = {
    "wiki/index.md": '# Home\n\n[[a]] [[Café "q"]] ![[pic.png]] [[ghost]] [[]] [text](c.md)\n',
    "wiki/a.md": (
        "---\ntitle: 'Quote \" back\\slash [x] | #1 <b> & `tick` é 日本 ; end'\ntype: article\n"
        "tags: [one, two]\nsource_docs: [raw/doc.md, raw/gone.md]\n---\n# A\n\n[[b]] [[b#Sec]] [[#A]]\n"
    ),
    "wiki/b.md": '---\ntitle: "Line\\nbreak\\ttab"\n---\n## Sec\n\n[[a]] ![[a#A]]\n',
    "wiki/c.md": "# C\n",
    'wiki/Café "q".md': "# Café\n\n[[c]]\n",
    "wiki/bad.md": "---\ntitle: [unclosed\n---\nbody [[a]]\n",
    "wiki/latin1.md": b"\xe9t\xe9 [[a]] and a trailing backslash \\\n",
    "wiki/pic.png": b"\x89PNG\r\n\x1a\n",
    "wiki/slash.md": "---\ntitle: 'ends with \\'\n---\n[[c]]\n",
    "raw/doc.md": "# Doc\n",
    "raw/data.csv": "x\n",
}


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    return write_wiki(tmp_path / "awkward", AWKWARD)


def test_awkward_names_survive_every_format(awkward: Path, tmp_path: Path) -> None:
    analysis = analysis_of(awkward)
    exported = export_graph(analysis, GraphOptions(broken=True, attachments=True))
    titles = dict(exported.nodes(data="title"))
    assert titles["wiki/a.md"] == 'Quote " back\\slash [x] | #1 <b> & `tick` é 日本 ; end'
    assert titles["missing:ghost"] == "ghost" and exported.nodes["wiki/pic.png"]["kind"] == "attachment"
    assert exported.nodes["raw/data.csv"]["kind"] == "source"
    (tmp_path / "g.graphml").write_text(format_graph(exported, "graphml"), encoding="utf-8")
    (tmp_path / "g.gexf").write_text(format_graph(exported, "gexf"), encoding="utf-8")
    for loaded in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")):
        assert dict(loaded.nodes(data="title")) == titles
        assert loaded.nodes["wiki/a.md"]["tags"] == "one,two"
        assert "type" not in loaded.nodes["wiki/c.md"] and "tier" not in loaded.nodes["wiki/a.md"]
    assert "None" not in format_graph(exported, "graphml") + format_graph(exported, "gexf")
    mermaid = format_graph(exported, "mermaid")
    assert _mermaid_counts(mermaid) == (exported.number_of_nodes(), exported.number_of_edges())
    assert sorted(_mermaid_labels(mermaid)) == sorted(titles.values())
    _need_graphviz()
    (tmp_path / "g.dot").write_text(format_graph(exported, "dot"), encoding="utf-8")
    laid = subprocess.run(["dot", "-Tjson", tmp_path / "g.dot"], capture_output=True, text=True, check=True)
    drawn = json.loads(laid.stdout)
    doubled = {node.replace("\\", "\\\\"): title.replace("\\", "\\\\") for node, title in titles.items()}
    assert {o["name"]: o["title"] for o in drawn["objects"]} == doubled  # DOT keeps `\\` as two characters
    assert len(drawn["edges"]) == exported.number_of_edges()


def test_a_self_link_is_an_edge_and_an_empty_link_is_none(awkward: Path) -> None:
    exported = export_graph(analysis_of(awkward))
    assert ("wiki/a.md", "wiki/a.md") in exported.edges()
    assert exported.number_of_edges("wiki/a.md", "wiki/a.md") == 1
    assert all(v != "wiki/index.md" for _, v in exported.edges())
    anchors = {(u, v, a) for u, v, a in exported.edges(data="anchor")}
    assert ("wiki/a.md", "wiki/b.md", "Sec") in anchors and ("wiki/b.md", "wiki/a.md", "A") in anchors


def test_two_runs_give_the_same_bytes_whatever_the_hash_seed(awkward: Path) -> None:
    script = (
        "import sys; from pathlib import Path\n"
        "from wikiforge.lint.selection import load_settings\n"
        "from wikiforge.pipeline import analyse\n"
        "from wikiforge.report.link_graph import GraphOptions, export_graph, neighbourhood\n"
        "from wikiforge.report.graph_formats import format_graph\n"
        "from wikiforge.report.graph_stats import graph_stats, stats_json, stats_text\n"
        "c, s = load_settings(Path(sys.argv[1])); g = export_graph(analyse(c, selection=s), GraphOptions(True, True))\n"
        "near = neighbourhood(g, 'wiki/a.md', 1)\n"
        f"print(''.join(format_graph(x, f) for x in (g, near) for f in {FORMATS!r}))\n"
        "print(stats_json(graph_stats(g, [], 3)), stats_text(graph_stats(g, [], 3)))\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, awkward],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2")
    ]
    first, second = (run.communicate()[0] for run in runs)
    assert first and first == second


# ----------------------------------------------------------------------------- statistics

STATS_WIKI = {
    "wiki/index.md": "# Home\n\n[[a]] [[b]] [[b]]\n",
    "wiki/a.md": "---\nsource_docs: [raw/s.md]\n---\n# A\n\n[[b]] [[a]]\n",
    "wiki/b.md": "# B\n\n[[a]] ![[c]]\n",
    "wiki/c.md": "# C\n",
    "wiki/d.md": "# D\n\n[[e]]\n",
    "wiki/e.md": "# E\n",
    "wiki/f.md": "# F\n\n[[#F]]\n",
    "wiki/g.md": "# G\n\n[[missing]]\n",
    "raw/s.md": "# S\n",
}


def _pagerank(edges: list[tuple[str, str]], nodes: list[str], alpha: float = 0.85) -> dict[str, float]:
    """PageRank by plain power iteration, links between different nodes, for comparison."""
    out = {n: sum(1 for u, v in edges if u == n and v != n) for n in nodes}
    rank = dict.fromkeys(nodes, 1 / len(nodes))
    for _ in range(200):
        dangling = sum(rank[n] for n in nodes if out[n] == 0)
        new = {n: (1 - alpha) / len(nodes) + alpha * dangling / len(nodes) for n in nodes}
        for u, v in edges:
            if u != v:
                new[v] += alpha * rank[u] / out[u]
        rank = new
    return rank


def test_stats_agree_with_counts_made_by_hand_and_with_check(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "stats", STATS_WIKI)
    result = graph(root, "--stats", "--format", "json", "--top", "3")
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["nodes"] == {"page": 8, "source": 1}
    assert stats["links"] == {"wikilink": 8, "embed": 1, "source": 1}
    linked = [(p["path"], p["links"], p["pages"]) for p in stats["most_linked"]]
    assert linked == [("wiki/b.md", 3, 2), ("wiki/a.md", 2, 2), ("wiki/c.md", 1, 1)]
    assert stats["components"] == {"count": 4, "sizes": [5, 2, 1]}
    assert stats["isolated"] == ["wiki/f.md", "wiki/g.md"]
    checked = CliRunner().invoke(main, ["check", str(root), "--format", "json", "--select", "WF401"])
    assert stats["orphans"] == sorted(d["path"] for d in json.loads(checked.stdout)["diagnostics"])
    assert stats["orphans"] == ["wiki/d.md", "wiki/f.md", "wiki/g.md"]
    edges = [("wiki/index.md", "wiki/a.md"), ("wiki/index.md", "wiki/b.md"), ("wiki/index.md", "wiki/b.md")]
    edges += [("wiki/a.md", "raw/s.md"), ("wiki/a.md", "wiki/b.md"), ("wiki/a.md", "wiki/a.md")]
    edges += [("wiki/b.md", "wiki/a.md"), ("wiki/b.md", "wiki/c.md"), ("wiki/d.md", "wiki/e.md")]
    edges += [("wiki/f.md", "wiki/f.md")]
    expected = _pagerank(edges, ["raw/s.md", *(f"wiki/{n}.md" for n in "abcdefg"), "wiki/index.md"])
    pages = sorted((p for p in expected if p.startswith("wiki/")), key=lambda p: (-round(expected[p], 6), p))
    assert [h["path"] for h in stats["hubs"]] == pages[:3]
    assert all(abs(h["rank"] - expected[h["path"]]) < 1e-4 for h in stats["hubs"])


def test_stats_text_names_the_figures(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "stats", STATS_WIKI)
    result = graph(root, "--stats", "--top", "2")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("8 pages, 1 source document; 10 links (8 wikilink, 1 embed, 1 source)\n")
    assert "      3  from 2 pages: wiki/b.md (B)\n" in text
    assert "Components (weakly connected): 4; sizes 5, 2, …\n" in text
    assert "Orphans (WF401 orphan-page, as `wikiforge check` reports them): 3\n  wiki/d.md\n  wiki/f.md\n  …" in text


def test_orphans_are_not_reported_when_the_config_turns_the_rule_off(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "stats", {**STATS_WIKI, "wikiforge.toml": 'ignore = ["WF401"]\n'})
    stats = json.loads(graph(root, "--stats", "--format", "json").stdout)
    assert stats["orphans"] is None


# ----------------------------------------------------------------------------- --from and --depth

CHAIN = {f"wiki/{a}.md": f"# {a.upper()}\n\n[[{b}]]\n" for a, b in zip("abcd", "bcde", strict=True)}
CHAIN |= {"wiki/e.md": "# E\n", "wiki/f.md": "# F\n\n[[c]]\n"}


@pytest.mark.parametrize(
    ("start", "depth", "nodes"),
    [
        ("c", "0", "c"),
        ("wiki/c.md", "1", "bcdf"),
        ("[[C]]", None, "bcdf"),
        ("c", "2", "abcdef"),
        ("a", "2", "abc"),
    ],
)
def test_from_exports_the_pages_within_depth_links_either_way(
    tmp_path: Path, start: str, depth: str | None, nodes: str
) -> None:
    root = write_wiki(tmp_path / "chain", CHAIN)
    args = ["--from", start, *(["--depth", depth] if depth else [])]
    result = graph(root, *args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [n["id"] for n in data["nodes"]] == [f"wiki/{n}.md" for n in nodes]
    kept = set(nodes)
    links = {(a, b) for a, b in zip("abcdf", "bcdec", strict=True) if a in kept and b in kept}
    assert {(e["source"][5], e["target"][5]) for e in data["edges"]} == links


def test_from_takes_a_file_path_from_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_wiki(tmp_path / "chain", CHAIN)
    (root / "wiki" / "sub").mkdir()
    monkeypatch.chdir(root / "wiki" / "sub")
    result = graph("--from", "../e.md", "--stats", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["nodes"] == {"page": 2}


def test_an_unknown_page_is_exit_2_with_the_closest_name(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "chain", {**CHAIN, "wiki/quarterly-review.md": "# Q\n"})
    result = graph(root, "--from", "quartely-review")
    assert result.exit_code == 2
    assert "no page or source document 'quartely-review'" in result.stderr
    assert "did you mean 'quarterly-review'?" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--stats", "--format", "dot"],
        ["--depth", "2"],
        ["--format", "svg"],
        ["--top", "0", "--stats"],
        ["--depth", "-1", "--from", "a"],
    ],
)
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str]) -> None:
    root = write_wiki(tmp_path / "chain", CHAIN)
    result = graph(root, *args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_no_project_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert graph().exit_code == 2


def test_output_file_holds_what_stdout_would(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "chain", CHAIN)
    printed = graph(root, "--format", "dot").stdout
    assert graph(root, "--format", "dot", "-o", tmp_path / "out" / "g.dot").exit_code == 0
    assert (tmp_path / "out" / "g.dot").read_text(encoding="utf-8") == printed


# ----------------------------------------------------------------------------- the sample, the CLI, README


def test_sample_wiki_exports_every_page_and_source_document() -> None:
    result = graph(REPO_ROOT, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    kinds = [n["kind"] for n in data["nodes"]]
    assert kinds.count("page") == len(list((REPO_ROOT / "wiki").rglob("*.md")))
    assert kinds.count("source") == len(list((REPO_ROOT / "raw").iterdir()))
    clients = [n for n in data["nodes"] if n["type"] == "client"]
    assert len(clients) == 20 and all(n["tier"] in (1, 2, 3) for n in clients)


def test_stats_of_the_sample_match_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ wikiforge graph --stats --top 3\n(.*?)\$ ", readme, re.DOTALL)
    assert shown is not None, "README shows `wikiforge graph --stats --top 3`"
    assert graph(REPO_ROOT, "--stats", "--top", "3").stdout == shown.group(1)


def test_the_cli_offers_every_export_format_and_readme_documents_every_option() -> None:
    from wikiforge.cli import browsing

    assert browsing.GRAPH_FORMATS == GRAPH_FORMATS == FORMATS
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The link graph: `wikiforge graph") :]
    for param in browsing.graph.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--") and flag != "--help":
                assert f"`{flag}" in section, f"README does not document graph {flag}"
    for fmt in FORMATS:
        assert f"`{fmt}`" in section


# ----------------------------------------------------------------------------- helpers

_LABEL = r'"(?:[^"#&<>`\[\]{}()|;\\\n]|#\d+;)*"'
_NODE = re.compile(rf"  (n\d+)(?:\[{_LABEL}\]|\[\({_LABEL}\)\])")
_EDGE = re.compile(r"  (n\d+) (?:-->|==>|-\.->)\|(?:wikilink|embed|markdown|source)\| (n\d+)")
_CLASS = re.compile(r"  class n\d+(?:,n\d+)* (?:page|source|missing|attachment)")


def _mermaid_counts(text: str) -> tuple[int, int]:
    """Nodes and edges of a Mermaid flowchart, checking every line against the grammar
    the export uses (and that every edge joins declared nodes)."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR" and text.endswith("\n")
    nodes: set[str] = set()
    edges = 0
    for line in lines[1:]:
        if node := _NODE.fullmatch(line):
            assert node.group(1) not in nodes
            nodes.add(node.group(1))
        elif edge := _EDGE.fullmatch(line):
            assert {edge.group(1), edge.group(2)} <= nodes
            edges += 1
        else:
            assert _CLASS.fullmatch(line) or line == "  classDef missing stroke-dasharray: 5 5", line
    return len(nodes), edges


def _mermaid_labels(text: str) -> list[str]:
    """Every node's label, its entity codes decoded as Mermaid decodes them."""
    found = re.findall(r'^  n\d+\[\(?"(.*)"\)?\]$', text, re.M)
    return [re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label) for label in found]


def _need_graphviz() -> None:
    """Graphviz checks DOT; without it, skip (or fail under CI: .ci/run installs it)."""
    if shutil.which("dot") and shutil.which("gc"):
        return
    reason = "Graphviz (dot, gc) is not installed: DOT output not parsed"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so .ci/run must install Debian's graphviz")
    pytest.skip(reason)
