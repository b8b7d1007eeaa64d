#!/usr/bin/env python3
"""Time evaluating one Obsidian base over every page of WIKI (issue 18: within 0.05 F).

The base is the kind a team writes for its clients, made heavy on purpose: every
Markdown file of the vault (so every page is a row), two formulas (one with date
arithmetic), a sort, a grouping, seven columns and two summaries. It is compiled and
evaluated in this process against the analysis a check makes (read from the record
cache, which the scenarios before it have filled), so the figure is the bases stage's
own share of a run: what each page gives the bases and the rows made from it, then
the base evaluated. The wiki
is not changed: the base is given as text, not written into it.

Usage: base_eval.py WIKI
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import replace
from pathlib import Path
from statistics import median

BASE = """\
filters: file.ext == "md"
formulas:
  annual: retainer * 12
  age: ((today() - date(updated)) / 86400000).round()
views:
  - type: table
    name: Every page
    order: [file.name, type, tier, retainer, formula.annual, formula.age, tags]
    sort:
      - property: updated
        direction: DESC
    groupBy:
      property: type
    summaries:
      retainer: Sum
      formula.annual: Average
"""
ROUNDS = 3


def evaluation_seconds(wiki: Path) -> tuple[float, int]:
    """The median time to make the rows and evaluate the base, and its row count."""
    from wikiforge.bases.compiled import compile_base
    from wikiforge.bases.rows import project_rows, row_inputs
    from wikiforge.bases.run import _Tally, evaluate_base, reads_links
    from wikiforge.bases.sources import BaseSource
    from wikiforge.cli.running import _collect_less
    from wikiforge.config.settings import load_config
    from wikiforge.pipeline import analyse

    _collect_less()  # as every command runs
    config = replace(load_config(wiki), today=dt.date(2026, 12, 1))
    analysis = analyse(config)
    compiled = compile_base(BaseSource("wiki/bench.base", None, BASE))
    times, rows = [], 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        a = analysis
        inputs = row_inputs(a.records, [*a.links, *a.document_links], reads_links(compiled))
        found = project_rows(a.files, inputs, a.stats, a.resolver, with_links=reads_links(compiled))
        result = evaluate_base(compiled, found, None, dt.datetime(2026, 12, 1), _Tally())
        times.append(time.perf_counter() - started)
        rows = len(result.views[0].rows)
        del inputs, found, result  # freed here, not inside the next round's timing
    return median(times), rows


if __name__ == "__main__":
    seconds, rows = evaluation_seconds(Path(sys.argv[1]))
    print(f"base evaluate {seconds:.3f} s ({rows:,} rows)")
