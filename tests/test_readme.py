"""README's promises: its test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from wikiforge.config.settings import Config

REPO = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "pytest" in line and line.startswith("python3 -m venv"))
    assert command in ci.splitlines()


def test_readme_documents_every_rule_and_check_option() -> None:
    from wikiforge.cli import check
    from wikiforge.lint.rules import all_rules
    from wikiforge.report import FORMATS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"| {rule.code} | {rule.name} | {rule.severity.value} |" in readme
    for fmt in FORMATS:
        assert f"`--format {fmt}`" in readme
    for param in check.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--") and flag != "--format":
                assert f"`{flag}" in readme or f", {flag}" in readme, f"README does not document {flag}"


def _config_example(tmp_path: Path) -> tuple[Config, str]:
    """README's config example loaded as a project's config, and the example's text."""
    from wikiforge.config.settings import load_config

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration") :]
    example = re.search(r"```toml\n(.*?)```", section, re.DOTALL)
    assert example is not None
    (tmp_path / "wikiforge.toml").write_text(example.group(1), encoding="utf-8")
    (tmp_path / "wiki").mkdir()
    return load_config(tmp_path), example.group(1)


def test_readme_config_example_is_a_valid_config(tmp_path: Path) -> None:
    from wikiforge.lint.selection import build_selection

    config, _ = _config_example(tmp_path)
    selection = build_selection(config)
    assert not selection.rule_on("WF304")
    assert config.rule_table("orphan-page")["exempt"] == ["*/index.md"]


def test_readme_documents_every_build_option_and_template() -> None:
    from wikiforge.cli import build
    from wikiforge.site.theme import theme_dir

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## `wikiforge build") : readme.index("## In CI")]
    for param in build.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--") and flag != "--help":
                assert f"`{flag}" in section, f"README does not document build {flag}"
    for template in sorted(p.name for p in theme_dir().glob("*.html")):
        assert f"`{template}`" in section, f"README's Templates section does not list {template}"
    for static in sorted(p.name for p in (theme_dir() / "static").iterdir()):
        assert f"`static/{static}`" in section, f"README's Templates section does not list static/{static}"


def test_readme_site_config_example_sets_every_site_key(tmp_path: Path) -> None:
    from wikiforge.config.settings import SiteConfig

    config, example = _config_example(tmp_path)
    assert config.site.edit_url == "https://github.com/acme/wiki/edit/main/{path}"
    written = set(re.findall(r"^(\w+) = ", example[example.index("[site]") :], re.M))
    assert set(SiteConfig.__dataclass_fields__) <= written
