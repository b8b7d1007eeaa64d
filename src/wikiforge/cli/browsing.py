"""The commands for people reading the wiki's shape and data: `graph`, `base`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import click

from .running import run

TODAY_HELP = (
    "Take DATE (YYYY-MM-DD) as today: bases' today() and now(), and the day the tier rules WF508-WF510 "
    "judge by (default: [tiers] as_of for those, else SOURCE_DATE_EPOCH, else the clock)."
)


def today_option(command: Callable[..., None]) -> Callable[..., None]:
    """`--today DATE` (`check`, `build`, `base`), for reproducible runs of what reads the date."""
    return click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE", help=TODAY_HELP)(command)


GRAPH_FORMATS = ("json", "graphml", "gexf", "dot", "mermaid")
"""`report.graph_formats.GRAPH_FORMATS`, named here so `--help` need not load networkx."""

_GRAPH_EPILOG = """\b
Nodes: pages and source documents (kind, path, title, type, tags, tier);
edges: one per link (kind wikilink, embed, markdown or source, anchor, line).
A page's links to itself ([[#Heading]]) are edges too, as they are links;
--stats counts them only in the link totals (not as links in, for PageRank
or against isolation).
GraphML and GEXF write tags comma-separated and leave unknown values out.

\b
Exit codes: 0 printed; 2 usage or configuration error, no project, or
an unknown --from page (with the closest name)."""


@click.command(name="graph", epilog=_GRAPH_EPILOG)
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(GRAPH_FORMATS),
    help="json (default): networkx node-link data; graphml, gexf: for Gephi, yEd, Cytoscape or networkx; "
    "dot: Graphviz; mermaid: a flowchart for Markdown. With --stats, only json (else text).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE, not stdout.")
@click.option(
    "--stats",
    is_flag=True,
    help="Print the most linked pages, hubs (PageRank), connected components and orphans instead of the graph.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    metavar="N",
    help="With --stats: list N of each.",
)
@click.option(
    "--from",
    "start",
    metavar="PAGE",
    help="Only PAGE's neighbourhood: a path (wiki/okr.md) or a name as a link writes it (okr).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    metavar="N",
    help="With --from: nodes within N links of PAGE, either way (default 1).",
)
@click.option("--broken", is_flag=True, help="Add broken links, and their missing targets as nodes of kind missing.")
@click.option("--attachments", is_flag=True, help="Add links to attachments, and the attachments as nodes.")
def graph(
    path: Path | None,
    output_format: str | None,
    output: Path | None,
    stats: bool,
    top: int,
    start: str | None,
    depth: int | None,
    broken: bool,
    attachments: bool,
) -> None:
    """Export the wiki's link graph, or with --stats print figures about it. PATH: the
    project folder (default: the nearest one upward).
    """
    from ..commands.graph import GraphRequest
    from ..commands.graph import execute as graph_execute

    if stats and output_format not in (None, "json"):
        raise click.UsageError(f"--stats prints text, or JSON with --format json, not {output_format}")
    if depth is not None and start is None:
        raise click.UsageError("--depth needs --from PAGE")
    around = 1 if depth is None else depth
    request = GraphRequest(path, output_format, output, stats, top, start, around, broken, attachments)
    run(lambda out, err: graph_execute(request, out, err))


_BASE_EPILOG = """\b
Formats: table (aligned text, group headings, summaries), csv (the view's
columns, for spreadsheets), json (typed values; errors as {"error": ...}).

\b
Exit codes: 0 printed; 2 no project, a file holding no base, or an unknown
--view (the message lists the base's views)."""


@click.command(name="base", epilog=_BASE_EPILOG)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--view", metavar="NAME", help="The view to print (default: the first, as Obsidian opens it).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("table", "csv", "json")),
    default="table",
    show_default=True,
    help="How to print the rows.",
)
@click.option(
    "--block",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="For a Markdown page: its N-th ```base block.",
)
@today_option
def base(file: Path, view: str | None, output_format: str, block: int, today: dt.datetime | None) -> None:
    """Print the rows of a base: FILE is a .base file of the project, or a page holding
    a ```base block. The base is evaluated over the whole wiki, as the site shows it.
    """
    from ..commands.base import BaseRequest
    from ..commands.base import execute as base_execute

    request = BaseRequest(file, view, output_format, block - 1, today.date() if today is not None else None)
    run(lambda out, err: base_execute(request, out, err))
