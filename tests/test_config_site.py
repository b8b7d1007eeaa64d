"""The `[site]` table: valid values are taken, each bad one is named (exit 2 from build)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikiforge.config.settings import ConfigError, SiteConfig, load_config


def _site(tmp_path: Path, toml: str) -> SiteConfig:
    (tmp_path / "wiki").mkdir(exist_ok=True)
    (tmp_path / "wikiforge.toml").write_text(toml, encoding="utf-8")
    return load_config(tmp_path).site


def test_defaults(tmp_path: Path) -> None:
    assert _site(tmp_path, "") == SiteConfig(urls="pretty", output="site", trust_html=False)


def test_values_and_spellings(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        '[site]\ntitle = "Ops"\nurl = "https://x.example/wiki"\nedit-url = "https://h/e/{path}"\n'
        'trust-html = true\nurls = "files"\noutput = "public"\n',
    )
    assert site == SiteConfig("Ops", "https://x.example/wiki/", "https://h/e/{path}", True, "files", "public")


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('urls = "pertty"', "`site.urls` must be one of pretty, files, not 'pertty'"),
        ("trust_html = 1", "`site.trust_html` must be true or false"),
        ('edit_url = "https://h/edit"', "`site.edit_url` must contain {path}"),
        ('url = "ftp://x"', "`site.url` must start with http:// or https://"),
        ('edit_url = "javascript:alert(1)//{path}"', "`site.edit_url` must start with http:// or https://"),
        ('title = ""', "`site.title` must be a non-empty string"),
        ('outptu = "x"', "unknown key `site.outptu` (did you mean `site.output`?)"),
    ],
)
def test_bad_values_are_named(tmp_path: Path, toml: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _site(tmp_path, f"[site]\n{toml}\n")
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems
