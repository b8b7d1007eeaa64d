"""The bases after an edit, evaluated again from what every page gave them.

A base may read any page's frontmatter, tags, links and size, so after an edit each base
is evaluated again; but not from every page's record. Each page gives the bases a slim
`RowInput` (`bases/rows.py`); the state keeps them all (`state.BaseInputs`) and `serve`
keeps them in its last analysis. A step makes them anew for the pages it reached and
takes the others' as kept, so the result is the whole analysis's at the cost of
evaluating the bases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..bases.rows import RowInput
from ..bases.run import BasesReport, evaluate_bases, page_inputs
from ..bases.sources import has_bases
from ..config.settings import Config
from ..core.dates import run_moment
from ..core.files import ProjectFiles, Stat
from ..core.records import PageRecord
from ..resolve.digest import Head
from ..resolve.links import ResolvedLink
from ..resolve.resolver import Resolver
from .state import BaseInputs, new_generation


@dataclass(frozen=True)
class Evaluated:
    """The bases after a step: their report, the inputs to keep when they changed
    (under a new generation; None: those kept still hold), and the generation the next
    state names ("" when the project has no base)."""

    report: BasesReport
    kept: BaseInputs | None
    generation: str


def evaluate_again(
    config: Config,
    files: ProjectFiles,
    wanted: list[tuple[str, str]],
    parsed: dict[str, PageRecord],
    links: list[ResolvedLink],
    heads: Mapping[str, Head],
    stats: Mapping[str, Stat],
    resolver: Resolver,
    before: Callable[[], Mapping[str, RowInput] | None],
    generation: str,
) -> Evaluated | None:
    """Every base evaluated over the `wanted` files now (`parsed`: the reached pages'
    records, `links` theirs, resolved; `before`: what every page gave the bases last, or
    None if it was not kept; `generation`: its generation). None: a base needs what was
    not kept (one just appeared, a base now reads links the kept inputs lack, or the file
    was lost), and the whole project is analysed."""
    moment = run_moment(config.today)
    if not has_bases(files, heads.values()):
        return Evaluated(BasesReport(now=moment), None, "")
    kept = before()
    if kept is None:
        return None
    others = {
        path: given.blocks for path, given in kept.items() if given.blocks and path not in parsed and path in heads
    }
    made, with_links = page_inputs(files, parsed, links, config.max_page_bytes, others)
    inputs = {}
    for path, _ in wanted:
        given = made.get(path) or kept.get(path)
        if given is None or (with_links and given.links is None):
            return None  # not kept, or kept without the links a base now reads
        inputs[path] = given
    report = evaluate_bases(files, inputs, stats, resolver, moment, config.max_page_bytes, config.vault_prefix)
    if len(kept) == len(inputs) and all(kept.get(path) == given for path, given in made.items()):
        return Evaluated(report, None, generation)
    changed = BaseInputs(new_generation(), inputs)
    return Evaluated(report, changed, changed.generation)
