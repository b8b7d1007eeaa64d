"""`wikiforge new TYPE "Title"` (issue 16): a page from its type's template, in the
type's folder, with the keys the schema asks for, never over an existing file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import write_wiki
from wikiforge.cli import main

CONFIG = """\
[frontmatter]
required = ["tags"]

[frontmatter.by_type.client]
folder = "clients"
required = ["retainer", "owner"]

[frontmatter.by_type.meeting]
folder = "meetings/notes"
"""
WIKI = {"wikiforge.toml": CONFIG, "wiki/index.md": "# Home\n", "raw/.keep": ""}


def new(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", *args, "--path", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def frontmatter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    data = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


def test_a_client_page_from_the_shipped_template_in_the_types_folder(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    code, output = new(root, "client", "Acme: Growth & Co")
    page = root / "wiki/clients/acme-growth-co.md"
    assert code == 0 and output.strip().endswith("wiki/clients/acme-growth-co.md")
    data = frontmatter(page)
    assert data["title"] == "Acme: Growth & Co" and data["type"] == "client"
    assert data["created"] == date.today()
    assert {"retainer", "owner", "tags", "growth_potential", "workstreams"} <= set(data)
    assert data["owner"] is None  # required, left for a person to fill in
    assert "\n# Acme: Growth & Co\n" in page.read_text(encoding="utf-8")


def test_a_project_template_is_filled_as_obsidian_fills_one(tmp_path: Path) -> None:
    template = "---\ntype: meeting\nwhen: {{date:DD/MM/YYYY}} {{time}}\n---\n# {{title}}\n\nHeld on {{date}}.\n"
    root = write_wiki(tmp_path / "p", {**WIKI, "templates/pages/meeting.md": template})
    assert new(root, "meeting", "Kick-off with Acme")[0] == 0
    page = root / "wiki/meetings/notes/kick-off-with-acme.md"
    text = page.read_text(encoding="utf-8")
    today = date.today()
    assert f"when: {today:%d/%m/%Y} " in text and f"Held on {today.isoformat()}." in text
    assert text.index("title: Kick-off with Acme") < text.index("\n---\n# Kick-off")  # added inside the frontmatter
    assert frontmatter(page)["tags"] is None


def test_a_type_without_a_template_gets_a_heading_and_the_top_folder(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    assert new(root, "person", "Jane Doe", "--name", "jane")[0] == 0
    page = root / "wiki/jane.md"
    assert frontmatter(page)["type"] == "person"
    assert page.read_text(encoding="utf-8").endswith("---\n# Jane Doe\n")


@pytest.mark.parametrize("existing", ["wiki/clients/acme.md", "wiki/clients/ACME.md"])
def test_an_existing_page_is_never_written_over(tmp_path: Path, existing: str) -> None:
    root = write_wiki(tmp_path / "p", {**WIKI, existing: "mine\n"})
    code, output = new(root, "client", "Acme")
    assert code == 2 and "already exists" in output
    assert (root / existing).read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in (root / "wiki/clients").iterdir()) == [Path(existing).name]


def test_a_type_the_config_does_not_allow_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    config = CONFIG.replace("[frontmatter]\n", '[frontmatter]\ntypes = ["article", "client"]\n')
    root = write_wiki(tmp_path / "p", {**WIKI, "wikiforge.toml": config})
    code, output = new(root, "clinet", "Acme")
    assert code == 2 and "did you mean 'client'" in output
    assert not (root / "wiki/clients").exists()


def test_a_template_that_breaks_once_filled_in_writes_nothing(tmp_path: Path) -> None:
    template = '---\nsummary: "{{title}}"\n---\n# {{title}}\n'
    root = write_wiki(tmp_path / "p", {**WIKI, "templates/pages/note.md": template})
    code, output = new(root, "note", 'Say "hi": twice')
    assert code == 2 and "frontmatter does not read as YAML" in output
    assert sorted(p.name for p in (root / "wiki").iterdir()) == ["index.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [(("client", "!!!"), "gives no file name"), (("client", "A", "--folder", "../out"), "not a folder inside")],
)
def test_names_and_folders_outside_the_content_folder_are_refused(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    code, output = new(root, *args)
    assert code == 2 and message in output
    assert not (tmp_path / "out").exists()


def test_dry_run_prints_the_page_and_writes_nothing(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", WIKI)
    code, output = new(root, "article", "OKR Framework for Client Success", "--dry-run", "--folder", "knowledge")
    assert code == 0 and output.startswith("wiki/knowledge/okr-framework-for-client-success.md\n---\n")
    assert not (root / "wiki/knowledge").exists()


def test_the_bundled_wiki_puts_articles_under_knowledge() -> None:
    code, output = new(Path(__file__).parent.parent, "article", "A New Article", "--dry-run")
    assert code == 0 and output.startswith("wiki/knowledge/a-new-article.md\n")


def test_a_new_page_checks_clean_but_for_what_it_leaves_to_fill_in(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", {**WIKI, "wiki/index.md": "# Home\n\n[[acme]]\n"})
    assert new(root, "client", "Acme")[0] == 0
    result = CliRunner().invoke(main, ["check", str(root), "--format", "concise", "--no-cache"])
    found = [line for line in result.output.splitlines() if "acme.md" in line]
    # only what it leaves to fill in: the required keys, the tier, the quarter's OKRs
    assert found and all(" WF3" in line or " WF5" in line for line in found), result.output
