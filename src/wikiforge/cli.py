"""The `wikiforge` command line: parses options and calls one function per command."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from . import __version__
from .check import run_check
from .config import ConfigError, load_config
from .report import format_json, format_text
from .rules import all_rules, find_rule

_EPILOG = """\b
Exit codes: 0 no error-severity finding; 1 findings at error severity
(or at warning with --strict); 2 usage or configuration error."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wikiforge")
def main() -> None:
    """wikiforge: check and build a Markdown wiki of pages linked by [[wikilinks]].

    A project is a folder holding wiki/ (the pages), raw/ (source documents cited in
    source_docs) and optionally wikiforge.toml. Run `wikiforge COMMAND --help` for more.
    """


@main.command(epilog=_EPILOG)
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: `path:line:col: CODE [rule] message` lines and a summary; json: "
    '{"diagnostics": [...], "summary": {...}}.',
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings as well as errors.")
@click.option(
    "--obsidian-strict",
    is_flag=True,
    help="Resolve links exactly as Obsidian does: no resolution through frontmatter `aliases`.",
)
def check(path: Path, output_format: str, strict: bool, obsidian_strict: bool) -> None:
    """Lint the wiki in PATH (the project root; default: the current folder).

    Reports broken links and anchors, placeholders, frontmatter problems, missing
    source documents, duplicate titles, output collisions and orphan pages. See
    `wikiforge rules` for every rule.
    """
    try:
        config = load_config(path)
    except ConfigError as exc:
        click.echo(f"wikiforge: configuration error in {exc.source}:", err=True)
        for problem in exc.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(2)
    if obsidian_strict:
        config = replace(config, resolve_aliases=False)
    result = run_check(config)
    click.echo(format_json(result) if output_format == "json" else format_text(result), nl=False)
    sys.exit(1 if result.failed(strict) else 0)


@main.command()
@click.argument("rule", required=False)
def rules(rule: str | None) -> None:
    """List every rule, or print the documentation of RULE (a code or a name)."""
    if rule is None:
        for r in all_rules():
            click.echo(f"{r.code}  {r.name:<22} {r.severity.value:<8} {r.summary}")
        return
    found = find_rule(rule)
    if found is None:
        raise click.UsageError(f"no rule {rule!r}; `wikiforge rules` lists them")
    click.echo(f"{found.code} {found.name} (default severity: {found.severity.value})\n\n{found.doc}")
