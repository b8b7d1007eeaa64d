"""The `wikiforge` command line: parses options and calls one function per command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import click

from .. import __version__
from ..commands.check import CheckRequest, execute
from ..config.settings import URL_STYLES
from ..lint.overrides import SelectionOverrides
from ..load.options import LoadOptions
from ..report import FORMATS
from . import browsing, editing, tiers
from .running import run

_EPILOG = """\b
Exit codes: 0 no error-severity finding (or --exit-zero); 1 findings at
error severity (or at warning with --strict), or --diff has changes;
2 usage, configuration, baseline or git error, or no project found.

\b
Selectors (--select, --ignore, ...) are rule codes (WF101), code prefixes
(WF1), rule names (broken-link) or ALL, comma-separated or repeated."""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="wikiforge")
def main() -> None:
    """wikiforge: check and build a Markdown wiki of pages linked by [[wikilinks]],
    report the client tiers its client pages give, and export its link graph.

    A project is a folder holding wiki/ (the pages), raw/ (source documents cited in
    source_docs) and optionally wikiforge.toml. Run `wikiforge COMMAND --help` for more.
    """


def _selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _pairs(values: tuple[str, ...], sep: str, option: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values:
        key, found, rest = value.rpartition(sep)
        if not found or not key.strip() or not rest.strip():
            raise click.BadParameter(f"expected KEY{sep}VALUE, got {value!r}", param_hint=option)
        pairs.append((key.strip(), rest.strip()))
    return tuple(pairs)


def _load_flags(command: Callable[..., None]) -> Callable[..., None]:
    """`--jobs` and `--no-cache`, which `check` and `build` share: how pages are parsed
    (and, by `build`, rendered)."""
    command = click.option(
        "--no-cache", is_flag=True, help="Parse every page; neither read nor write .wikiforge_cache/."
    )(command)
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        metavar="N",
        help="Parse pages, and for build render them, on N processes (default: one per core; 1: in this process).",
    )(command)


@main.command(epilog=_EPILOG)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: findings with the source line and a caret; concise: one `path:line:col: CODE [rule] "
    "message` line each; json; github: workflow annotations; sarif: SARIF 2.1.0 for code scanning; "
    "junit: JUnit XML, one test case per page.",
)
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has instead of the findings.")
@click.option("--no-color", is_flag=True, help="No colour (also when NO_COLOR is set or output is not a terminal).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings as well as errors.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the check.")
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Check only these rules (the config's select and ignore no longer apply).",
)
@click.option("--extend-select", multiple=True, metavar="RULES", help="Check these rules as well.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Do not check these rules.")
@click.option("--per-file-ignores", multiple=True, metavar="GLOB:RULES", help="Ignore RULES on pages matching GLOB.")
@click.option("--severity", multiple=True, metavar="RULE=LEVEL", help="Report RULE as error, warning or info.")
@click.option("--fix", is_flag=True, help="Apply safe fixes (link case, ambiguous links) and report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply unsafe fixes (broken links).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff instead of writing them.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), help="Report only findings not in FILE.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), help="Record findings in FILE.")
@click.option("--changed-since", metavar="REV", help="Check only the pages git reports changed since REV.")
@click.option(
    "--obsidian-strict",
    is_flag=True,
    help="Resolve links exactly as Obsidian does, even if the config sets resolve_aliases = true: "
    "[[alias]] is a broken link (the default without that setting).",
)
@browsing.today_option
@_load_flags
def check(
    paths: tuple[Path, ...],
    output_format: str,
    output_file: Path | None,
    statistics: bool,
    no_color: bool,
    strict: bool,
    exit_zero: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    per_file_ignores: tuple[str, ...],
    severity: tuple[str, ...],
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    changed_since: str | None,
    obsidian_strict: bool,
    today: dt.datetime | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Lint the wiki. PATHS: the project folder (default: the nearest folder upward
    holding wikiforge.toml, a [tool.wikiforge] pyproject.toml or wiki/; none is exit 2),
    or page files to check, whose links are still resolved against the whole wiki (for
    pre-commit).

    Reports broken links and anchors, placeholders, frontmatter problems, missing source
    documents, duplicate titles, output collisions, orphan pages, unused suppressions,
    client-tier data and Obsidian bases. See `wikiforge rules` for every rule.
    """
    request = CheckRequest(
        paths=paths,
        output_format=output_format,
        output_file=output_file,
        statistics=statistics,
        color=not no_color,
        strict=strict,
        exit_zero=exit_zero,
        obsidian_strict=obsidian_strict,
        load=LoadOptions(jobs=jobs, cache=not no_cache),
        selection=_overrides(select, extend_select, ignore, per_file_ignores, severity),
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        baseline=baseline,
        write_baseline=write_baseline,
        changed_since=changed_since,
        today=today.date() if today is not None else None,
    )
    if request.baseline and request.write_baseline:
        raise click.UsageError("--baseline and --write-baseline cannot be used together")
    run(lambda out, err: execute(request, out, err))


def _overrides(
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    per_file_ignores: tuple[str, ...],
    severity: tuple[str, ...],
) -> SelectionOverrides:
    """The rule selection `check`'s options ask for, over the config's."""
    ignores = _pairs(per_file_ignores, ":", "--per-file-ignores")
    return SelectionOverrides(
        select=_selectors(select) if select else None,
        extend_select=_selectors(extend_select),
        ignore=_selectors(ignore),
        per_file_ignores=tuple((glob, _selectors((codes,))) for glob, codes in ignores),
        severities=_pairs(severity, "=", "--severity"),
    )


_BUILD_EPILOG = """\b
Exit codes: 0 built; 1 built, but --strict and the check found errors;
2 nothing built (configuration, output folder or template error, or
another build of the same folder ran longer than --wait).
The output folder is replaced only when the whole site is written."""


@main.command(epilog=_BUILD_EPILOG)
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the site here (default: site/ in the project, or [site] output).",
)
@click.option(
    "--urls",
    type=click.Choice(URL_STYLES),
    help="pretty: knowledge/okr/ (default, for web servers); files: knowledge/okr.html, "
    "which also open straight from the file system.",
)
@click.option("--force", is_flag=True, help="Replace an output folder holding files wikiforge did not write.")
@click.option("--strict", is_flag=True, help="Exit 1 when the check finds errors (the site is still built).")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Render every file again, ignoring the last build's state (still writes only files that change).",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=600.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for another build of the same output folder before giving up (exit 2).",
)
@browsing.today_option
@_load_flags
def build(
    path: Path | None,
    out: Path | None,
    urls: str | None,
    force: bool,
    strict: bool,
    rebuild: bool,
    wait: float,
    today: dt.datetime | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Build the static site: every page with working links, backlinks, tags and a
    table of contents; tag, folder and all-pages indexes; a report of broken links;
    search; sitemap.xml and 404.html. PATH: the project folder (default: the nearest
    one upward). A project's templates/ folder overrides the theme's templates by name.
    """
    from ..commands.build import BuildRequest
    from ..commands.build import execute as build_execute

    request = BuildRequest(
        path=path,
        out=out,
        urls=urls,
        force=force,
        strict=strict,
        incremental=not rebuild,
        wait=wait,
        load=LoadOptions(jobs=jobs, cache=not no_cache),
        today=today.date() if today is not None else None,
    )
    run(lambda out, err: build_execute(request, out, err))


@main.command()
@click.argument("rule", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: the whole rules reference (docs/rules.md).",
)
def rules(rule: str | None, output_format: str) -> None:
    """List every rule (code, name, default severity, fixable), or print the
    documentation of RULE (a code or a name)."""
    from ..lint.rules import find_rule, rule_hint
    from ..lint.rules_doc import rule_help, rules_json, rules_markdown, rules_table

    if rule is None:
        formats = {"text": rules_table, "json": rules_json, "markdown": rules_markdown}
        click.echo(formats[output_format](), nl=False)
        return
    found = find_rule(rule)
    if found is None:
        raise click.UsageError(f"no rule {rule!r}{rule_hint(rule)}; `wikiforge rules` lists them")
    click.echo(rule_help(found), nl=False)


@main.command()
def config() -> None:
    """Print the configuration reference: every key of wikiforge.toml with its kind,
    default and meaning (docs/config.md; rule options are in docs/rules.md)."""
    from ..config.reference import config_markdown

    click.echo(config_markdown(), nl=False)


_SERVE_EPILOG = """\b
The site is built into .wikiforge_cache/serve/ (not the output folder) and rebuilt
after every change to the pages, source documents, templates or config; open tabs
reload, and each page shows its check findings in a panel. Exit 2 if the first build
cannot be made or the address cannot be bound."""


@main.command(epilog=_SERVE_EPILOG)
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind; others than loopback expose the wiki."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port; 0 picks a free one."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@_load_flags
def serve(path: Path | None, host: str, port: int, open_browser: bool, jobs: int | None, no_cache: bool) -> None:
    """Build the wiki, serve it on http://HOST:PORT/ and rebuild it as files change
    (PATH: the project, default: the one at or above the current folder)."""
    from ..commands.serve import ServeRequest
    from ..commands.serve import execute as serve_execute

    request = ServeRequest(path, host, port, open_browser, LoadOptions(jobs=jobs, cache=not no_cache))
    run(lambda out, err: serve_execute(request, out, err))


main.add_command(editing.new)
main.add_command(editing.mv)
main.add_command(editing.lsp)
main.add_command(browsing.graph)
main.add_command(browsing.base)
main.add_command(tiers.tiers)
