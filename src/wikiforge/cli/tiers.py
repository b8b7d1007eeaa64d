"""`wikiforge tiers [PATH]` and `wikiforge tiers review [PATH]`.

`tiers` printed the tier table before it had a subcommand, and `tiers PATH` must keep
working: the group runs its listing when the first argument names no subcommand
(`TiersGroup`), so `tiers wiki --clients` is the listing of project `wiki` and `tiers
review` the review pack. A project folder called `review` is `tiers ./review`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..commands.tier_review import REVIEW_FORMATS
from ..commands.tiers import FORMATS as TIERS_FORMATS
from ..config.tiers import BASES
from .browsing import today_option
from .running import run

LISTING = "list"
"""The hidden subcommand `tiers` runs when its first argument names no other."""

_EPILOG = """\b
Exit codes: 0 printed; 2 configuration error or no project.
Tier problems in the pages themselves are `wikiforge check --select WF5`."""

_REVIEW_EPILOG = """\b
Sections: tier changes (with the score by dimension), overrides to
re-confirm, slips, touchpoints overdue, owners over capacity, OKR
objectives outside [tiers] okr_objectives for the quarter, tier reviews
due, OKRs with no progress. Suppressions do not hide a client here.

\b
Exit codes: 0 printed or written; 2 configuration error, no project,
not a git repository or an unknown revision (with --since), or a file
that cannot be written."""

_PATH = click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))


class TiersGroup(click.Group):
    """A group whose own use (`tiers [PATH] [OPTIONS]`) is a hidden default subcommand."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """A subcommand is the first argument (as in git); anything else, but a lone
        `--help`, is the listing's."""
        if not (args and args[0] in self.commands) and args not in (["--help"], ["-h"]):
            args = [LISTING, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[PATH] [OPTIONS] | review [PATH] [OPTIONS]")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The listing's options, then the subcommands: `tiers --help` shows both."""
        listing = self.commands[LISTING]
        listing.format_options(click.Context(listing, info_name=LISTING, parent=ctx), formatter)
        self.format_commands(ctx, formatter)


@click.group(cls=TiersGroup, epilog=_EPILOG)
def tiers() -> None:
    """Print the client tiers: clients, share against target and retainer per tier.
    With --clients, every client's tier, score and movement since onboarding. PATH: the
    project folder (default: the nearest one upward). Client pages are those of
    `type: client`; tiers and the basis come from [tiers] in the config.

    `tiers review` prints the quarterly review's pack.
    """


@tiers.command(name=LISTING, hidden=True, epilog=_EPILOG)
@_PATH
@click.option("--clients", is_flag=True, help="List every client: tier, score, basis tier, override, movement.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(TIERS_FORMATS),
    default="table",
    show_default=True,
    help="table: aligned text; csv: for a spreadsheet; json: for scripts.",
)
@click.option(
    "--basis",
    type=click.Choice(BASES),
    help="Place clients by this basis instead of the config's [tiers] basis (to compare).",
)
@today_option
def listing(path: Path | None, clients: bool, output_format: str, basis: str | None, today: dt.datetime | None) -> None:
    """Print the client tiers (`wikiforge tiers`)."""
    from ..commands.tiers import TiersRequest
    from ..commands.tiers import execute as tiers_execute

    day = today.date() if today is not None else None
    request = TiersRequest(path=path, clients=clients, output_format=output_format, basis=basis, today=day)
    run(lambda out, err: tiers_execute(request, out, err))


@tiers.command(epilog=_REVIEW_EPILOG)
@_PATH
@click.option(
    "--since",
    metavar="REV|DATE",
    help="Compare the tiers with those the pages gave at git revision REV, or at the last commit "
    "before DATE (YYYY-MM-DD), instead of each client's last recorded review (tier_history).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(REVIEW_FORMATS),
    default="text",
    show_default=True,
    help="text: to read; markdown: a document to keep with the review; json: for scripts.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE, not stdout.")
@today_option
def review(
    path: Path | None, since: str | None, output_format: str, output: Path | None, today: dt.datetime | None
) -> None:
    """Print the quarterly tier review's pack: what the review has to decide, as of the
    day the tiers judge by (--today, else [tiers] as_of, else today). PATH: the project
    folder (default: the nearest one upward).
    """
    from ..commands.tier_review import ReviewRequest
    from ..commands.tier_review import execute as review_execute

    day = today.date() if today is not None else None
    request = ReviewRequest(path=path, since=since, output_format=output_format, output=output, today=day)
    run(lambda out, err: review_execute(request, out, err))
