"""`wikiforge check` end to end, against README ("`wikiforge check [PATHS]...`", "Fixes",
"Baseline", "Rules", "Suppressing findings", "Configuration") and `wikiforge check --help`.

Sections: rule selection and config, usage and configuration errors, suppressions, output,
fixes, baseline, scope (project discovery, FILE arguments, --changed-since), `wikiforge rules`.
Golden output of each format is tested in test_formats.py; here only behaviour.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner, Result

from wikiforge.cli import main

# A small wiki with one finding of several kinds (concise lines, sorted):
#   wiki/a.md:3:1              WF201 placeholder 'TODO'
#   wiki/clients/acme.md:3:1   WF201 placeholder 'TBD'
#   wiki/index.md:3:24         WF101 [[missing-page]]
#   wiki/index.md:3:41         WF102 [[a#Nope]]
#   wiki/lonely.md:1:1         WF401 orphan (a warning)
BASE = {
    "wiki/index.md": "# Home\n\n[[a]] [[clients/acme]] [[missing-page]] [[a#Nope]]\n",
    "wiki/a.md": "# A\n\nTODO: write.\n",
    "wiki/clients/acme.md": "# Acme\n\nTBD here.\n",
    "wiki/lonely.md": "# Lonely\n",
}
BASE_CODES = ["WF101", "WF102", "WF201", "WF201", "WF401"]
CLEAN = {"wiki/index.md": "# Home\n\n[[a]]\n", "wiki/a.md": "# A\n\nDone.\n"}
ALL_CODES = [
    "WF001", "WF002", "WF101", "WF102", "WF103", "WF104", "WF105", "WF201",
    "WF202", "WF301", "WF302", "WF303", "WF304", "WF305", "WF306", "WF401",
    "WF501", "WF502", "WF503", "WF504", "WF505", "WF506", "WF507", "WF508",
    "WF509", "WF510", "WF601", "WF602", "WF603", "WF604", "WF605", "WF606",
    "WF607",
]  # fmt: skip
FINDING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<code>WF\d{3}) \[[a-z-]+\] ")


# ----------------------------------------------------------------------------- helpers


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def check(*args: str, env: dict[str, str] | None = None) -> Result:
    """`wikiforge check --format concise ARGS` in the current folder."""
    return run("check", "--format", "concise", *args, env=env)


def exit_code(result: Result) -> int:
    """The exit code, re-raising a traceback (never an acceptable outcome)."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code


def findings(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if FINDING.match(line)]


def codes(result: Result) -> list[str]:
    return sorted(FINDING.match(line)["code"] for line in findings(result))  # type: ignore[index]


def located(result: Result) -> set[tuple[str, str]]:
    """{(path, code)} of the findings."""
    return {(m["path"], m["code"]) for m in map(FINDING.match, findings(result)) if m}


def assert_config_error(result: Result, *needles: str) -> None:
    assert exit_code(result) == 2, result.output
    assert findings(result) == []
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.fixture
def project(make_wiki, monkeypatch):  # type: ignore[no-untyped-def]
    """`project({...extra files...}, base=BASE)` builds the wiki and makes it the current folder."""

    def build(extra: dict[str, str | bytes] | None = None, base: dict[str, str] = BASE) -> Path:
        root = make_wiki({**base, **(extra or {})})
        monkeypatch.chdir(root)
        return root

    return build


# ----------------------------------------------------------------------------- 1. selection


def test_every_rule_is_checked_by_default(project) -> None:  # type: ignore[no-untyped-def]
    project()
    result = check()
    assert exit_code(result) == 1
    assert codes(result) == BASE_CODES


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "WF1"], ["WF101", "WF102"]),
        (["--select", "broken-link"], ["WF101"]),
        (["--select", "WF101,orphan-page"], ["WF101", "WF401"]),
        (["--select", "WF101", "--select", "WF401"], ["WF101", "WF401"]),
        (["--select", "WF101", "--extend-select", "WF401"], ["WF101", "WF401"]),
        (["--ignore", "WF201"], ["WF101", "WF102", "WF401"]),
        (["--ignore", "placeholder,WF1"], ["WF401"]),
    ],
)
def test_cli_selectors(project, args: list[str], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    project()
    assert codes(check(*args)) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "WF1", "--ignore", "WF102"], ["WF101"]),  # the code beats the prefix
        (["--ignore", "WF1", "--select", "WF101"], ["WF101"]),  # in either direction
        (["--select", "WF101", "--ignore", "WF1"], ["WF101"]),  # and in either order
        (["--ignore", "WF1", "--select", "broken-link"], ["WF101"]),  # a name is as specific as a code
        (["--select", "WF101", "--ignore", "WF101"], []),  # a tie: ignore wins
        (["--select", "WF101", "--ignore", "broken-link"], []),
        (["--select", "ALL", "--ignore", "WF1,WF2"], ["WF401"]),
        (["--ignore", "ALL", "--select", "orphan-page"], ["WF401"]),
    ],
)
def test_most_specific_selector_wins_and_ignore_wins_a_tie(project, args, expected) -> None:  # type: ignore[no-untyped-def]
    project()
    assert codes(check(*args)) == expected


def test_select_link_rules_but_not_ambiguous_links(project) -> None:  # type: ignore[no-untyped-def]
    project(
        base={
            "wiki/index.md": "# Home\n\n[[notes]] [[missing]]\n",
            "wiki/a/notes.md": "# N\n\n[[index]]\n",
            "wiki/b/notes.md": "# N\n\n[[index]]\n",
        }
    )
    assert codes(check("--select", "WF1")) == ["WF101", "WF103"]
    assert codes(check("--select", "WF1", "--ignore", "WF103")) == ["WF101"]


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('select = ["WF1"]\n', ["WF101", "WF102"]),
        ('ignore = ["WF201", "orphan-page"]\n', ["WF101", "WF102"]),
        ('select = ["WF1"]\nextend-select = ["WF401"]\n', ["WF101", "WF102", "WF401"]),
        ('select = ["WF1"]\nextend_select = ["WF401"]\n', ["WF101", "WF102", "WF401"]),
        ('select = ["ALL"]\nignore = ["WF1"]\n', ["WF201", "WF201", "WF401"]),
        ('ignore = ["WF1"]\nselect = ["WF101"]\n', ["WF101"]),
    ],
)
def test_selection_in_wikiforge_toml(project, toml: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": toml})
    assert codes(check()) == expected


def test_selection_in_pyproject_tool_table(project) -> None:  # type: ignore[no-untyped-def]
    project({"pyproject.toml": '[project]\nname = "x"\n\n[tool.wikiforge]\nselect = ["orphan-page"]\n'})
    assert codes(check()) == ["WF401"]


def test_cli_select_replaces_config_select_and_extend_select_adds(project) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": 'select = ["WF101"]\n'})
    assert codes(check()) == ["WF101"]
    assert codes(check("--select", "WF401")) == ["WF401"]
    assert codes(check("--extend-select", "WF401")) == ["WF101", "WF401"]


def test_cli_select_of_a_code_beats_a_config_ignore_of_its_prefix(project) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": 'ignore = ["WF1"]\n'})
    assert "WF101" not in codes(check())
    assert codes(check("--select", "WF101")) == ["WF101"]


def test_cli_select_overrides_the_same_code_ignored_in_config(project) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": 'ignore = ["WF101"]\n'})
    assert codes(check("--select", "WF101")) == ["WF101"]


def test_both_spellings_of_extend_select_are_not_silently_dropped(project) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": 'select = ["WF101"]\nextend-select = ["WF401"]\nextend_select = ["WF201"]\n'})
    result = check()
    assert exit_code(result) == 2 or {"WF201", "WF401"} <= set(codes(result))


# per-file ignores

ACME_IGNORED = {("wiki/a.md", "WF201")}  # what is left of the placeholders when clients/ is ignored


@pytest.mark.parametrize("glob", ["clients/*", "wiki/clients/*", "clients/", "wiki/clients/", "*/acme.md"])
def test_per_file_ignores_in_config(project, glob: str) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": f'[per-file-ignores]\n"{glob}" = ["WF201"]\n'})
    assert located(check("--select", "WF201")) == ACME_IGNORED


def test_per_file_ignores_in_config_match_only_their_pages(project) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": '[per-file-ignores]\n"archive/*" = ["WF201"]\n'})
    assert len(located(check("--select", "WF201"))) == 2


def test_per_file_ignores_on_the_command_line(project) -> None:  # type: ignore[no-untyped-def]
    project()
    assert located(check("--select", "WF201", "--per-file-ignores", "clients/*:WF201")) == ACME_IGNORED
    both = check("--select", "WF201", "--per-file-ignores", "clients/*:WF201", "--per-file-ignores", "a.md:placeholder")
    assert findings(both) == []
    assert exit_code(both) == 0


# severities


def test_config_severity_turns_a_warning_into_a_failure(project) -> None:  # type: ignore[no-untyped-def]
    project()
    assert exit_code(check("--select", "WF401")) == 0
    project({"wikiforge.toml": '[rules.orphan-page]\nseverity = "error"\n'})
    assert exit_code(check("--select", "WF401")) == 1


def test_cli_severity_downgrades_an_error(project) -> None:  # type: ignore[no-untyped-def]
    project()
    assert exit_code(check("--select", "WF201")) == 1
    assert exit_code(check("--select", "WF201", "--severity", "placeholder=warning")) == 0
    assert exit_code(check("--select", "WF201", "--severity", "placeholder=warning", "--strict")) == 1


def test_info_findings_never_fail_even_with_strict(project) -> None:  # type: ignore[no-untyped-def]
    project()
    result = check("--select", "WF201", "--severity", "WF201=info", "--strict")
    assert codes(result) == ["WF201", "WF201"]
    assert exit_code(result) == 0


def test_cli_severity_overrides_config_severity(project) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": '[rules.orphan-page]\nseverity = "info"\n'})
    assert exit_code(check("--select", "WF401", "--strict")) == 0
    assert exit_code(check("--select", "WF401", "--severity", "orphan-page=error")) == 1


# rule options


def orphans(result: Result) -> set[str]:
    return {path for path, code in located(result) if code == "WF401"}


@pytest.mark.parametrize("pattern", ["lonely.md", "wiki/lonely.md", "*/lonely.md"])
def test_orphan_page_exempt(project, pattern: str) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": f'[rules.orphan-page]\nexempt = ["{pattern}"]\n'})
    assert "wiki/lonely.md" not in orphans(check("--select", "WF401"))


def test_orphan_page_exempt_other_pages_still_orphans(project) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": '[rules.orphan-page]\nexempt = ["other.md"]\n'})
    assert "wiki/lonely.md" in orphans(check("--select", "WF401"))


def test_orphan_page_exempt_keeps_the_home_page_exempt(project) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": '[rules.orphan-page]\nexempt = ["lonely.md"]\n'})
    assert orphans(check("--select", "WF401")) == set()


WIP_PAGE = {"wiki/w.md": "# W\n\n[[index]] is WIP now.\n"}


def placeholder_words(result: Result) -> set[str]:
    return {m.group(1) for line in findings(result) if (m := re.search(r"placeholder '([^']+)'", line))}


@pytest.mark.parametrize("key", ["extend-patterns", "extend_patterns"])
def test_placeholder_extend_patterns(project, key: str) -> None:  # type: ignore[no-untyped-def]
    project(WIP_PAGE)
    assert placeholder_words(check("--select", "WF201")) == {"TODO", "TBD"}
    project({**WIP_PAGE, "wikiforge.toml": f"[rules.placeholder]\n{key} = ['\\bWIP\\b']\n"})
    assert placeholder_words(check("--select", "WF201")) == {"TODO", "TBD", "WIP"}


def test_placeholder_patterns_replace_the_defaults(project) -> None:  # type: ignore[no-untyped-def]
    project({**WIP_PAGE, "wikiforge.toml": "[rules.placeholder]\npatterns = ['\\bWIP\\b']\n"})
    assert placeholder_words(check("--select", "WF201")) == {"WIP"}


# ----------------------------------------------------------------------------- 2. usage and config errors


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--ignore", "WF1O1"], ["'WF1O1'", "'WF101'"]),
        (["--select", "brokn-link"], ["'brokn-link'", "'broken-link'"]),
        (["--extend-select", "orphan-pag"], ["'orphan-page'"]),
        (["--per-file-ignores", "clients/*:WF2O1"], ["'WF201'"]),
        (["--per-file-ignores", "clients/*"], ["--per-file-ignores"]),
        (["--severity", "placeholder"], ["--severity"]),
        (["--severity", "placeholder=fatal"], ["'fatal'", "error", "warning", "info"]),
        (["--severity", "plaseholder=warning"], ["'placeholder'"]),
        (["--baseline", "b.json", "--write-baseline", "c.json"], ["--baseline", "--write-baseline"]),
        (["--baseline", "missing.json"], ["missing.json", "not found"]),
        ([".", "wiki/a.md"], ["not both"]),
        (["wiki", "wiki/a.md"], ["not both"]),
    ],
)
def test_usage_errors_exit_2(project, args: list[str], needles: list[str]) -> None:  # type: ignore[no-untyped-def]
    project({"b.json": "", "c.json": ""})
    assert_config_error(check(*args), *needles)


@pytest.mark.parametrize(
    "args",
    [
        ["--ignore", "WF101"],
        ["--select", "broken-link"],
        ["--extend-select", "orphan-page"],
        ["--per-file-ignores", "clients/*:WF201"],
        ["--severity", "placeholder=info"],
        ["--severity", "WF201=warning"],
        ["wiki/a.md", "wiki/index.md"],
    ],
)
def test_valid_options_are_accepted(project, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    project()
    result = check(*args)
    assert exit_code(result) in (0, 1)
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("toml", "needles"),
    [
        ('ignore = ["WF4O1"]\n', ["'WF4O1'", "'WF401'"]),
        ('selct = ["WF1"]\n', ["selct", "select"]),
        ('[rules.orphan-pages]\nseverity = "error"\n', ["orphan-pages", "'orphan-page'"]),
        ('[rules.WF401]\nseverity = "error"\n', ["rules.WF401", "rules.orphan-page"]),
        ('[rules.orphan-page]\nseverty = "error"\n', ["severty", "rules.orphan-page.severity"]),
        ('[rules.orphan-page]\nseverity = "fatal"\n', ["'fatal'", "error, warning, info"]),
        ('[rules.broken-link]\nexempt = ["x"]\n', ["rules.broken-link.exempt"]),
        ('[per-file-ignores]\n"clients/*" = ["WF2O1"]\n', ["'WF201'"]),
        ("[rules.placeholder]\nextend-patterns = ['(WIP']\n", ["regular expression"]),
        ('[rules.orphan-page]\nexempt = "archive/*"\n', ["`rules.orphan-page.exempt` must be a list of strings"]),
        ('[frontmatter]\ntypse = ["client"]\n', ["`frontmatter.typse`", "`frontmatter.types`"]),
        ('[frontmatter.by_type.client]\nrequird = ["tier"]\n', ["`frontmatter.by_type.client.required`"]),
        ('[tiers]\nbasis = "scores"\n', ["`tiers.basis` must be one of manual, rank, score", "'score'"]),
        ('[site]\nurls = "pertty"\n', ["(did you mean 'pretty'?)"]),
    ],
)
def test_config_errors_exit_2_with_the_closest_name(project, toml: str, needles: list[str]) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": toml})
    assert_config_error(check(), "wikiforge.toml", *needles)


@pytest.mark.parametrize(
    "toml",
    [
        'ignore = ["WF401"]\n',
        '[rules.orphan-page]\nseverity = "error"\nexempt = ["lonely.md"]\n',
        '[rules.broken-link]\nseverity = "warning"\n',
        '[per-file-ignores]\n"clients/*" = ["WF201"]\n',
        "[rules.placeholder]\nextend-patterns = ['\\(WIP']\n",
    ],
)
def test_valid_config_is_accepted(project, toml: str) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": toml})
    result = check()
    assert exit_code(result) in (0, 1)
    assert result.stderr == ""


def test_cli_selector_error_is_not_blamed_on_the_config_file(project) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": 'ignore = ["WF304"]\n'})
    result = check("--ignore", "WF1O1")
    assert_config_error(result, "'WF101'")
    assert "wikiforge.toml" not in result.stderr


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "not a wikiforge baseline"),
        ('{"wikiforge_baseline": 1, "findings": {}}', "findings"),
        ('{"wikiforge_baseline": 1, "findings": [1]}', "finding 1"),
        ('{"wikiforge_baseline": 99, "findings": []}', "version"),
    ],
)
def test_corrupt_baseline_exits_2(project, content: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    project({"b.json": content})
    assert_config_error(check("--baseline", "b.json"), "b.json", needle)


def test_usage_errors_win_over_exit_zero(project) -> None:  # type: ignore[no-untyped-def]
    project()
    assert exit_code(check("--exit-zero", "--ignore", "WF1O1")) == 2


# ----------------------------------------------------------------------------- 3. suppressions


def suppressed(extra: dict[str, str]) -> dict[str, str]:
    """A tiny wiki whose home page links every extra page (so none is an orphan)."""
    links = " ".join(f"[[{Path(p).stem}]]" for p in extra)
    return {"wiki/index.md": f"# Home\n\n{links}\n", **extra}


def test_disable_next_line_hides_only_the_next_line(project) -> None:  # type: ignore[no-untyped-def]
    page = "# P\n\n<!-- wikiforge-disable-next-line WF201 -->\nTODO one.\nTODO two.\n"
    project(base=suppressed({"wiki/p.md": page}))
    assert findings(check()) == ["wiki/p.md:5:1: WF201 [placeholder] placeholder 'TODO' (marker) left in the text"]


def test_disable_next_line_by_rule_name(project) -> None:  # type: ignore[no-untyped-def]
    page = "# P\n\n<!-- wikiforge-disable-next-line broken-link -->\n[[nope]]\n[[nope2]]\n"
    project(base=suppressed({"wiki/p.md": page}))
    assert located(check()) == {("wiki/p.md", "WF101")}
    assert "nope2" in findings(check())[0]


def test_disable_hides_the_rest_of_the_file(project) -> None:  # type: ignore[no-untyped-def]
    page = "# P\n\nTODO before.\n\n<!-- wikiforge-disable placeholder -->\n\nTODO after.\nTBD too.\n"
    project(base=suppressed({"wiki/p.md": page}))
    assert [line.split(": ")[0] for line in findings(check())] == ["wiki/p.md:3:1"]


def test_disable_hides_page_level_findings(project) -> None:  # type: ignore[no-untyped-def]
    project({"wiki/lonely.md": "# Lonely\n\nText.\n\n<!-- wikiforge-disable WF401 -->\n"})
    assert "WF401" not in codes(check())
    project({"wiki/lonely.md": "# Lonely\n\nText.\n"})
    assert "WF401" in codes(check())


@pytest.mark.parametrize(
    "frontmatter",
    [
        "wikiforge: {ignore: [WF401]}\n",
        "wikiforge:\n  ignore: orphan-page\n",
        "wikiforge:\n  ignore:\n    - WF401\n",
    ],
)
def test_frontmatter_ignore(project, frontmatter: str) -> None:  # type: ignore[no-untyped-def]
    project({"wiki/lonely.md": f"---\ntitle: Lonely\n{frontmatter}---\n# Lonely\n"})
    result = check()
    assert "WF401" not in codes(result)
    assert "WF002" not in codes(result)


def test_frontmatter_ignore_placeholder(project) -> None:  # type: ignore[no-untyped-def]
    project({"wiki/a.md": "---\ntitle: A\nwikiforge:\n  ignore: placeholder\n---\n# A\n\nTODO: write.\n"})
    assert located(check("--select", "WF0,WF201")) == {("wiki/clients/acme.md", "WF201")}


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "# P\n\n<!-- wikiforge-disable-next-line WF201 -->\nAll done.\n",
            "wiki/p.md:3:1: WF002 [unused-suppression] `wikiforge-disable-next-line WF201`: "
            "no WF201 (placeholder) finding to suppress",
        ),
        (
            "# P\n\nText.\n\n<!-- wikiforge-disable orphan-page -->\n",
            "wiki/p.md:5:1: WF002 [unused-suppression] `wikiforge-disable orphan-page`: "
            "no WF401 (orphan-page) finding to suppress",
        ),
        (
            "---\ntitle: P\nwikiforge: {ignore: [WF401]}\n---\n# P\n",
            "wiki/p.md:3:22: WF002 [unused-suppression] frontmatter `ignore: WF401`: "
            "no WF401 (orphan-page) finding to suppress",
        ),
        (
            "---\ntitle: P\nwikiforge:\n  ignore: placeholder\n---\n# P\n",
            "wiki/p.md:4:11: WF002 [unused-suppression] frontmatter `ignore: placeholder`: "
            "no WF201 (placeholder) finding to suppress",
        ),
    ],
)
def test_unused_suppression_is_wf002_at_its_line(project, page: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    project(base=suppressed({"wiki/p.md": page}))
    result = check()
    assert findings(result) == [expected]
    assert exit_code(result) == 0  # a warning


@pytest.mark.parametrize("name", ["WF999", "brokn-link"])
def test_suppression_naming_no_rule_is_reported(project, name: str) -> None:  # type: ignore[no-untyped-def]
    page = f"# P\n\n<!-- wikiforge-disable-next-line {name} -->\nTODO\n"
    project(base=suppressed({"wiki/p.md": page}))
    result = check()
    assert codes(result) == ["WF002", "WF201"]  # and hides nothing
    [wf002] = [line for line in findings(result) if "WF002" in line]
    assert wf002.startswith("wiki/p.md:3:1: ")
    assert f"'{name}'" in wf002


USED_ELSEWHERE = {"wiki/p.md": "# P\n\n<!-- wikiforge-disable orphan-page -->\n"}  # p.md is linked: unused


@pytest.mark.parametrize(
    ("args", "toml"),
    [
        (["--ignore", "WF401"], ""),
        (["--select", "WF0,WF2"], ""),
        ([], 'ignore = ["orphan-page"]\n'),
    ],
)
def test_suppression_of_a_deselected_rule_is_not_unused(project, args: list[str], toml: str) -> None:  # type: ignore[no-untyped-def]
    project({"wikiforge.toml": toml}, base=suppressed(USED_ELSEWHERE))
    assert codes(check()) == (["WF002"] if not toml else [])
    assert codes(check(*args)) == []


@pytest.mark.parametrize("selector", ["WF002", "unused-suppression", "WF0"])
def test_ignoring_wf002_silences_unused_suppressions(project, selector: str) -> None:  # type: ignore[no-untyped-def]
    project(base=suppressed(USED_ELSEWHERE))
    assert codes(check()) == ["WF002"]
    assert codes(check("--ignore", selector)) == []


# ----------------------------------------------------------------------------- 4. output


def test_output_file_gets_the_report_and_stdout_nothing(project) -> None:  # type: ignore[no-untyped-def]
    root = project()
    result = check("--output-file", "report.txt")
    assert exit_code(result) == 1
    assert result.stdout == ""
    report = (root / "report.txt").read_text(encoding="utf-8")
    assert report.splitlines()[:-1] == findings(check())
    assert report.splitlines()[-1].startswith("Found 4 errors and 1 warning")


def test_output_file_short_option_with_json(project) -> None:  # type: ignore[no-untyped-def]
    root = project()
    result = run("check", "--format", "json", "-o", "out/report.json")
    assert (exit_code(result), result.stdout) == (1, "")
    assert len(json.loads((root / "out/report.json").read_text(encoding="utf-8"))["diagnostics"]) == 5


def test_statistics_text(project) -> None:  # type: ignore[no-untyped-def]
    project()
    result = check("--statistics")
    assert exit_code(result) == 1
    assert findings(result) == []
    counts = {m[2]: (int(m[1]), m[3]) for m in re.finditer(r"(?m)^\s*(\d+)\s+(WF\d{3})\s+([a-z-]+)", result.stdout)}
    assert counts == {
        "WF201": (2, "placeholder"),
        "WF101": (1, "broken-link"),
        "WF102": (1, "broken-anchor"),
        "WF401": (1, "orphan-page"),
    }


def test_statistics_json(project) -> None:  # type: ignore[no-untyped-def]
    project()
    rows = json.loads(run("check", "--statistics", "--format", "json").stdout)
    assert {row["code"]: row["count"] for row in rows} == {"WF201": 2, "WF101": 1, "WF102": 1, "WF401": 1}
    assert {row["name"] for row in rows} == {"placeholder", "broken-link", "broken-anchor", "orphan-page"}


def test_statistics_of_a_clean_wiki(project) -> None:  # type: ignore[no-untyped-def]
    project(base=CLEAN)
    assert json.loads(run("check", "--statistics", "--format", "json").stdout) == []
    assert exit_code(check("--statistics")) == 0


@pytest.fixture
def terminal(monkeypatch):  # type: ignore[no-untyped-def]
    """Make CliRunner's stdout claim to be a terminal, so colour is on unless turned off."""
    wrapper = getattr(click.testing, "_NamedTextIOWrapper", None)
    if wrapper is None:
        pytest.skip("click.testing has no _NamedTextIOWrapper to present as a terminal")
    monkeypatch.setattr(wrapper, "isatty", lambda self: True)


def colour_run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["check", *args], env=env, color=True)


def test_colour_on_a_terminal(project, terminal) -> None:  # type: ignore[no-untyped-def]
    project()
    assert "\x1b[" in colour_run().stdout


@pytest.mark.parametrize(("args", "env"), [(["--no-color"], None), ([], {"NO_COLOR": "1"})])
def test_no_color_and_NO_COLOR_turn_colour_off(project, terminal, args, env) -> None:  # type: ignore[no-untyped-def]
    project()
    result = colour_run(*args, env=env)
    assert exit_code(result) == 1
    assert "\x1b" not in result.stdout + result.stderr


def test_no_colour_into_a_file(project, terminal) -> None:  # type: ignore[no-untyped-def]
    root = project()
    colour_run("-o", "report.txt")
    assert "\x1b" not in (root / "report.txt").read_text(encoding="utf-8")


def test_no_colour_when_not_a_terminal(project) -> None:  # type: ignore[no-untyped-def]
    project()
    assert "\x1b" not in colour_run().stdout


@pytest.mark.parametrize(
    ("base", "args", "code"),
    [
        (CLEAN, [], 0),
        ({**CLEAN, "wiki/lonely.md": "# Lonely\n"}, [], 0),  # warnings only
        ({**CLEAN, "wiki/lonely.md": "# Lonely\n"}, ["--strict"], 1),
        (BASE, [], 1),
        (BASE, ["--exit-zero"], 0),
        (BASE, ["--exit-zero", "--strict"], 0),
        (BASE, ["--select", "WF401"], 0),
    ],
)
def test_exit_codes(project, base, args: list[str], code: int) -> None:  # type: ignore[no-untyped-def]
    project(base=base)
    assert exit_code(check(*args)) == code


def test_exit_zero_still_reports(project) -> None:  # type: ignore[no-untyped-def]
    project()
    assert codes(check("--exit-zero")) == BASE_CODES


def github_annotations(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if line.startswith("::")]
    for line in lines:
        assert re.match(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+[^:]*::\S", line), line
    return lines


def sarif_results(text: str) -> list[dict]:  # type: ignore[type-arg]
    data = json.loads(text)
    assert data["version"] == "2.1.0"
    return data["runs"][0]["results"]  # type: ignore[no-any-return]


def junit_failures(text: str) -> list[ET.Element]:
    tree = ET.fromstring(text)
    return tree.findall(".//testcase/failure")


PARSERS = {
    "github": github_annotations,
    "sarif": sarif_results,
    "junit": junit_failures,
    "json": lambda text: json.loads(text)["diagnostics"],
}


@pytest.mark.parametrize(("fmt", "count"), [("github", 5), ("sarif", 5), ("junit", 3), ("json", 5)])
def test_machine_formats_parse(project, fmt: str, count: int) -> None:  # type: ignore[no-untyped-def]
    project()
    result = run("check", "--format", fmt)
    assert exit_code(result) == 1
    assert len(PARSERS[fmt](result.stdout)) == count  # junit: a failure per page with an error


@pytest.mark.parametrize("fmt", list(PARSERS))
def test_machine_formats_of_a_clean_wiki(project, fmt: str) -> None:  # type: ignore[no-untyped-def]
    project(base=CLEAN)
    result = run("check", "--format", fmt)
    assert exit_code(result) == 0
    assert PARSERS[fmt](result.stdout) == []


def test_junit_has_one_test_case_per_page(project) -> None:  # type: ignore[no-untyped-def]
    project()
    cases = ET.fromstring(run("check", "--format", "junit").stdout).findall(".//testcase")
    assert sorted(case.get("name") for case in cases) == sorted(BASE)  # type: ignore[type-var]


# ----------------------------------------------------------------------------- 5. fixes

FIX_WIKI = {
    "wiki/index.md": "# Home\n\n[[Client-Tier]] and [[notes|the notes]] and [[client-tier-structre]]\n",
    "wiki/client-tier.md": "# Tier\n",
    "wiki/client-tier-structure.md": "# Structure\n",
    "wiki/a/notes.md": "# Notes A\n",
    "wiki/b/notes.md": "# Notes B\n\n[[index]]\n",
}
SAFE_FIXED = "# Home\n\n[[client-tier]] and [[a/notes|the notes]] and [[client-tier-structre]]\n"
ALL_FIXED = "# Home\n\n[[client-tier]] and [[a/notes|the notes]] and [[client-tier-structure]]\n"


def index_text(root: Path) -> str:
    return (root / "wiki/index.md").read_text(encoding="utf-8")


def test_fix_repairs_case_and_ambiguous_links_and_reports_the_rest(project) -> None:  # type: ignore[no-untyped-def]
    root = project(base=FIX_WIKI)
    assert codes(check("--select", "WF1")) == ["WF101", "WF103", "WF104"]
    result = check("--select", "WF1", "--fix")
    assert index_text(root) == SAFE_FIXED
    assert codes(result) == ["WF101"]
    assert "Fixed 2 findings" in result.stdout
    assert exit_code(result) == 1


def test_fix_with_nothing_to_fix_changes_nothing(project) -> None:  # type: ignore[no-untyped-def]
    root = project(base=CLEAN)
    result = check("--fix")
    assert (exit_code(result), "Fixed" in result.stdout) == (0, False)
    assert index_text(root) == CLEAN["wiki/index.md"]


def test_fix_keeps_bom_crlf_label_anchor_and_spacing(project) -> None:  # type: ignore[no-untyped-def]
    before = "\ufeff# Home\r\n\r\nSee [[Client-Tier|tiers]]  and [[notes#Top]]. \r\n\r\nTail\r\n"
    after = "\ufeff# Home\r\n\r\nSee [[client-tier|tiers]]  and [[a/notes#Top]]. \r\n\r\nTail\r\n"
    root = project({"wiki/index.md": before.encode("utf-8"), "wiki/a/notes.md": "# A\n\n## Top\n"}, base=FIX_WIKI)
    assert exit_code(check("--fix", "--select", "WF1")) == 0
    assert (root / "wiki/index.md").read_bytes() == after.encode("utf-8")


def test_diff_prints_a_unified_diff_and_writes_nothing(project) -> None:  # type: ignore[no-untyped-def]
    root = project(base=FIX_WIKI)
    result = check("--diff")
    assert exit_code(result) == 1
    assert index_text(root) == FIX_WIKI["wiki/index.md"]
    lines = result.stdout.splitlines()
    assert lines[:2] == ["--- a/wiki/index.md", "+++ b/wiki/index.md"]
    assert "-" + FIX_WIKI["wiki/index.md"].splitlines()[2] in lines
    assert "+" + SAFE_FIXED.splitlines()[2] in lines


def test_diff_exits_0_when_there_is_nothing_to_fix(project) -> None:  # type: ignore[no-untyped-def]
    project()  # findings, but none fixable
    result = check("--diff")
    assert exit_code(result) == 0
    assert "+++" not in result.stdout


def test_broken_link_is_fixed_only_with_unsafe_fixes(project) -> None:  # type: ignore[no-untyped-def]
    root = project(base=FIX_WIKI)
    assert "+" + ALL_FIXED.splitlines()[2] in check("--diff", "--unsafe-fixes").stdout
    check("--fix")
    assert index_text(root) == SAFE_FIXED
    result = check("--fix", "--unsafe-fixes", "--select", "WF1")
    assert index_text(root) == ALL_FIXED
    assert (codes(result), exit_code(result)) == ([], 0)


def test_no_fix_when_two_pages_are_close_matches(project) -> None:  # type: ignore[no-untyped-def]
    base = {
        "wiki/index.md": "# Home\n\n[[client-tier-structre]]\n",
        "wiki/client-tier-structure.md": "# S\n",
        "wiki/client-tier-structures.md": "# S2\n",
    }
    root = project(base=base)
    diff = check("--diff", "--unsafe-fixes")
    assert (exit_code(diff), diff.stdout) == (0, "")
    result = check("--fix", "--unsafe-fixes", "--select", "WF101")
    assert index_text(root) == base["wiki/index.md"]
    assert (codes(result), exit_code(result)) == (["WF101"], 1)


# ----------------------------------------------------------------------------- 6. baseline


@pytest.fixture
def baselined(project):  # type: ignore[no-untyped-def]
    """BASE with every finding written to b.json."""
    root = project()
    result = check("--write-baseline", "b.json")
    assert exit_code(result) == 0, result.output
    return root


def test_write_baseline_exits_0_and_records_every_finding(baselined: Path) -> None:
    data = json.loads((baselined / "b.json").read_text(encoding="utf-8"))
    assert sorted(f["code"] for f in data["findings"]) == BASE_CODES


def test_baseline_hides_recorded_findings(baselined: Path) -> None:
    assert exit_code(check()) == 1
    result = check("--baseline", "b.json")
    assert (findings(result), exit_code(result)) == ([], 0)
    assert "gone" not in result.stderr


def test_baseline_survives_lines_inserted_above(baselined: Path) -> None:
    page = baselined / "wiki/index.md"
    page.write_text("# Home\n\nA new paragraph.\n\nAnother.\n" + page.read_text().split("\n", 2)[2], encoding="utf-8")
    (baselined / "wiki/a.md").write_text("# A\n\nIntro.\n\nTODO: write.\n", encoding="utf-8")
    assert codes(check()) == BASE_CODES  # they moved, and are still there
    result = check("--baseline", "b.json")
    assert (findings(result), exit_code(result)) == ([], 0)


def test_baseline_reports_a_new_finding(baselined: Path) -> None:
    with (baselined / "wiki/a.md").open("a", encoding="utf-8") as f:
        f.write("\nSee [[another-missing]].\n")
    result = check("--baseline", "b.json")
    assert [line.split(": ", 1)[1] for line in findings(result)] == [
        "WF101 [broken-link] link [[another-missing]] matches no page or file"
    ]
    assert exit_code(result) == 1


def test_baseline_says_when_recorded_findings_are_gone(baselined: Path) -> None:
    (baselined / "wiki/a.md").write_text("# A\n\nDone.\n", encoding="utf-8")
    result = check("--baseline", "b.json")
    assert (findings(result), exit_code(result)) == ([], 0)
    assert re.search(r"1 baselined finding is gone.*--write-baseline", result.stderr)


@pytest.mark.parametrize("args", [["--select", "WF1"], ["wiki/index.md"]])
def test_baseline_does_not_call_unchecked_findings_gone(baselined: Path, args: list[str]) -> None:
    result = check("--baseline", "b.json", *args)
    assert (findings(result), exit_code(result)) == ([], 0)
    assert "gone" not in result.stderr


# ----------------------------------------------------------------------------- 7. scope

NOTES = {  # a project whose pages are not in wiki/, found only through its config
    "notes/index.md": "# Home\n\n[[missing-page]] [[clients/acme]]\n",
    "notes/clients/acme.md": "# Acme\n\nTODO\n",
}


@pytest.mark.parametrize(
    "marker",
    [
        {"wikiforge.toml": 'content_dir = "notes"\n'},
        {"pyproject.toml": '[project]\nname = "x"\n\n[tool.wikiforge]\ncontent_dir = "notes"\n'},
        {
            "pyproject.toml": '[tool.wikiforge]\ncontent_dir = "notes"\n',
            "notes/clients/pyproject.toml": '[project]\nname = "not-a-wiki"\n',  # not a marker
        },
    ],
)
def test_project_found_upward_through_its_config(project, monkeypatch, marker) -> None:  # type: ignore[no-untyped-def]
    root = project(marker, base=NOTES)
    monkeypatch.chdir(root / "notes/clients")
    result = check()
    assert codes(result) == ["WF101", "WF201"]
    assert " 2 pages and 0 source documents checked" in result.stdout.splitlines()[-1]


def test_project_found_upward_through_wiki_folder(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = project()
    monkeypatch.chdir(root / "wiki/clients")
    result = check()
    assert codes(result) == BASE_CODES
    assert all(line.startswith("../") for line in findings(result))  # paths from the current folder
    assert (root / "wiki/clients" / findings(result)[0].split(":")[0]).resolve() == (root / "wiki/a.md").resolve()


def test_file_argument_reports_only_that_page(project) -> None:  # type: ignore[no-untyped-def]
    project(
        {
            "wiki/a.md": "# A\n\nSee [[b]] and [[b#Part]]. TODO\n",
            "wiki/b.md": "# B\n\n## Part\n\nTBD [[nowhere]]\n",
        }
    )
    assert ("wiki/b.md", "WF201") in located(check())
    result = check("wiki/a.md")
    assert located(result) == {("wiki/a.md", "WF201")}  # links to b are fine; b's own problems are not shown
    assert "1 of 5 pages checked" in result.stdout


def test_file_argument_broken_link_still_found(project) -> None:  # type: ignore[no-untyped-def]
    project({"wiki/a.md": "# A\n\nSee [[zzz]].\n"})
    assert located(check("wiki/a.md")) == {("wiki/a.md", "WF101")}


def test_file_argument_that_is_not_a_page_is_skipped_with_a_note(project) -> None:  # type: ignore[no-untyped-def]
    project({"README.md": "# Readme\n\nTODO\n"})
    result = check("README.md")
    assert (findings(result), exit_code(result)) == ([], 0)
    assert "README.md" in result.stderr and "skipped" in result.stderr
    both = check("README.md", "wiki/a.md")
    assert located(both) == {("wiki/a.md", "WF201")}
    assert "README.md" in both.stderr


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    ident = ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *ident, *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def committed(project):  # type: ignore[no-untyped-def]
    root = project()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init")
    return root


@needs_git
def test_changed_since_checks_only_the_changed_pages(committed: Path) -> None:
    result = check("--changed-since", "HEAD")
    assert (findings(result), exit_code(result)) == ([], 0)
    (committed / "wiki/a.md").write_text("# A\n\nTODO: edited.\n", encoding="utf-8")
    (committed / "wiki/new.md").write_text("# New\n\n[[index]] FIXME: more links\n", encoding="utf-8")  # untracked
    result = check("--changed-since", "HEAD")
    assert located(result) == {("wiki/a.md", "WF201"), ("wiki/new.md", "WF201"), ("wiki/new.md", "WF401")}
    assert exit_code(result) == 1


@needs_git
def test_changed_since_an_unknown_revision_exits_2(committed: Path) -> None:
    assert_config_error(check("--changed-since", "nosuchrev"), "nosuchrev")


def test_changed_since_outside_git_exits_2(project) -> None:  # type: ignore[no-untyped-def]
    project()
    assert_config_error(check("--changed-since", "HEAD"), "git")


# ----------------------------------------------------------------------------- 8. wikiforge rules


def test_rules_lists_every_rule_with_a_fixable_column() -> None:
    result = run("rules")
    assert exit_code(result) == 0
    header, *rows = result.stdout.splitlines()
    assert header.split()[:4] == ["CODE", "NAME", "SEVERITY", "FIX"]
    table = {row.split()[0]: row.split()[1:4] for row in rows if row.strip()}
    assert sorted(table) == ALL_CODES
    assert table["WF102"] == ["broken-anchor", "error", "no"]
    assert table["WF104"] == ["case-mismatch", "info", "yes"]
    assert table["WF101"] == ["broken-link", "error", "unsafe"]


@pytest.mark.parametrize("rule", ["WF102", "broken-anchor", "wf102"])
def test_rules_prints_one_rules_documentation(rule: str) -> None:
    result = run("rules", rule)
    assert exit_code(result) == 0
    assert result.stdout.startswith("WF102 broken-anchor\n")
    for heading in ("Why it matters", "Example", "How to fix"):
        assert heading in result.stdout


@pytest.mark.parametrize("rule", ["WF999", "brokn-link"])
def test_rules_with_an_unknown_rule_exits_2(rule: str) -> None:
    result = run("rules", rule)
    assert exit_code(result) == 2
    assert rule in result.stderr
