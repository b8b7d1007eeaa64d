"""`wikiforge build` end to end, as a user runs it (README "`wikiforge build [PATH]`", issue 4 item 6
and 8): exit codes, the output folders it refuses, the atomic swap (a failed build leaves the last
good site byte for byte and no temporary folder), rebuilds, the final line, and pages that cannot be
read or parsed. What the pages hold is tested in test_site_golden.py, their links in
test_site_crawl.py.
"""

from __future__ import annotations

import io
import json
import re
import sys
import time
from pathlib import Path

import pytest
from click.testing import Result

import wikiforge.site.site_files as site_files
from conftest import run_build, snapshot, write_wiki
from wikiforge.commands.build import BuildRequest, execute

CLEAN = {
    "wiki/index.md": "---\ntitle: Home\ntags: [start]\n---\n# Home\n\n[[a]] and [[b]].\n",
    "wiki/a.md": "# A\n\nBack [[index]].\n",
    "wiki/b.md": "# B\n\nSee [[a]].\n",
    "raw/doc.md": "# Doc\n\nRaw.\n",
}
BROKEN = {**CLEAN, "wiki/b.md": "# B\n\nSee [[a]] and [[nowhere]].\n"}
FINAL_LINE = re.compile(
    r"^Built (?P<pages>\d+) pages?, (?P<docs>\d+) source documents? and (?P<generated>\d+) index pages? "
    r"into (?P<out>\S+) in \d+\.\d\d s; (?P<warnings>\d+) warnings?; (?P<check>check found .*)$"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`project(files)` writes a project into tmp/project; the current folder is tmp/."""
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str | bytes] = CLEAN) -> Path:
        return write_wiki(tmp_path / "project", files)

    return make


def final_line(result: Result) -> re.Match[str]:
    lines = result.stdout.splitlines()
    assert lines, result.output
    match = FINAL_LINE.match(lines[-1])
    assert match, lines[-1]
    return match


def leftovers(folder: Path) -> list[str]:
    """Temporary folders a build may leave beside its output (`.NAME.building-*`, `.NAME.old-*`)."""
    return sorted(p.name for p in folder.iterdir() if re.match(r"\..*\.(building|old)-", p.name))


# ----------------------------------------------------------------------------- exit codes and the final line


def test_a_clean_build_exits_0_and_says_what_it_wrote(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project()
    result = run_build(root, "--out", "out")
    assert result.exit_code == 0, result.output
    line = final_line(result)
    assert (line["pages"], line["docs"]) == ("3", "1")
    assert line["out"] == "out/"
    assert line["warnings"] == "0"
    assert line["check"] == "check found no problems"
    assert int(line["generated"]) >= 5  # all pages, tags, tag start, report, search, 404
    assert result.stderr == ""  # no progress bar off a terminal, no warnings
    for name in ("index.html", "a/index.html", "b/index.html", "raw/doc/index.html", "404.html", "sitemap.xml"):
        assert (tmp_path / "out" / name).is_file(), name


def test_default_output_is_site_in_the_project_then_the_configured_folder(project) -> None:  # type: ignore[no-untyped-def]
    root = project()
    assert run_build(root).exit_code == 0
    assert (root / "site" / "a" / "index.html").is_file()
    (root / "wikiforge.toml").write_text('[site]\noutput = "public"\nurls = "files"\n', encoding="utf-8")
    result = run_build(root)
    assert result.exit_code == 0, result.output
    assert (root / "public" / "a.html").is_file()
    assert final_line(result)["out"] == "project/public/"


def test_errors_found_by_check_still_build_and_exit_0(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project(BROKEN)
    result = run_build(root, "--out", "out")
    assert result.exit_code == 0, result.output
    assert final_line(result)["check"] == "check found 1 problem (1 broken link; see the link report page)"
    assert 'class="broken"' in (tmp_path / "out" / "b" / "index.html").read_text(encoding="utf-8")


def test_strict_exits_1_on_errors_but_builds_the_site(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project(BROKEN)
    result = run_build(root, "--out", "out", "--strict")
    assert result.exit_code == 1, result.output
    assert (tmp_path / "out" / "b" / "index.html").is_file()
    final_line(result)


def test_strict_exits_0_on_warnings_only(project) -> None:  # type: ignore[no-untyped-def]
    root = project({**CLEAN, "wiki/lonely.md": "# Lonely\n"})  # an orphan: a warning
    result = run_build(root, "--out", "out", "--strict")
    assert result.exit_code == 0, result.output
    assert "check found 1 problem" in final_line(result)["check"]


def test_strict_exits_0_on_a_clean_wiki(project) -> None:  # type: ignore[no-untyped-def]
    assert run_build(project(), "--out", "out", "--strict").exit_code == 0


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ('[site]\nurls = "fancy"\n', "urls"),
        ('[site]\ntitel = "x"\n', "titel"),
        ("[site\n", "wikiforge.toml"),
    ],
)
def test_a_bad_config_is_exit_2_and_builds_nothing(project, tmp_path: Path, config: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    root = project({**CLEAN, "wikiforge.toml": config})
    result = run_build(root, "--out", "out")
    assert result.exit_code == 2
    assert needle in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path) == []


def test_no_project_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_build("--out", "out")
    assert result.exit_code == 2
    assert "no wikiforge project" in result.stderr
    assert not (tmp_path / "out").exists()


def test_bad_urls_option_is_a_usage_error(project) -> None:  # type: ignore[no-untyped-def]
    result = run_build(project(), "--out", "out", "--urls", "fancy")
    assert result.exit_code == 2
    assert "--urls" in result.stderr


# ----------------------------------------------------------------------------- output folders it refuses


@pytest.mark.parametrize(
    "out",
    ["project", ".", "project/wiki", "project/wiki/site", "project/raw", "project/raw/deep/site"],
    ids=["project-root", "above-the-project", "wiki", "inside-wiki", "raw", "inside-raw"],
)
def test_refuses_the_project_and_its_content_folders(project, tmp_path: Path, out: str) -> None:  # type: ignore[no-untyped-def]
    root = project()
    before = snapshot(root)
    for force in ([], ["--force"]):  # --force overrides foreign files only
        result = run_build(root, "--out", out, *force)
        assert result.exit_code == 2, result.output
        assert "nothing built" in result.stderr
        assert snapshot(root) == before
    assert leftovers(tmp_path) == leftovers(root) == leftovers(root / "wiki") == []


def test_building_the_wiki_folder_never_writes_into_it(project) -> None:  # type: ignore[no-untyped-def]
    """`wikiforge build wiki` names the pages folder, not a project (no wikiforge.toml, no wiki/ of
    its own); `check wiki/` finds the enclosing project. The build must not write a site inside
    wiki/: it builds the enclosing project or refuses."""
    root = project()
    before = snapshot(root / "wiki")
    result = run_build(root / "wiki")
    assert result.exit_code in (0, 2), result.output
    assert snapshot(root / "wiki") == before
    assert leftovers(root / "wiki") == []


def test_refuses_a_folder_with_foreign_files_until_forced(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project()
    out = tmp_path / "out"
    write_wiki(out, {"notes.txt": "mine", "deep/photo.jpg": b"\xff\xd8"})
    result = run_build(root, "--out", out)
    assert result.exit_code == 2
    assert "notes.txt" in result.stderr and "deep/photo.jpg" in result.stderr and "--force" in result.stderr
    assert snapshot(out) == {"notes.txt": b"mine", "deep/photo.jpg": b"\xff\xd8"}
    forced = run_build(root, "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert (out / "a" / "index.html").is_file()
    assert not (out / "notes.txt").exists()
    assert run_build(root, "--out", out).exit_code == 0  # now every file is its own


def test_refuses_a_foreign_file_added_to_its_own_site(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project()
    assert run_build(root, "--out", "out").exit_code == 0
    (tmp_path / "out" / "a" / "notes.txt").write_text("added by hand", encoding="utf-8")
    result = run_build(root, "--out", "out")
    assert result.exit_code == 2
    assert "a/notes.txt" in result.stderr
    assert (tmp_path / "out" / "a" / "notes.txt").read_text(encoding="utf-8") == "added by hand"


def test_an_empty_existing_folder_is_fine(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out").mkdir()
    assert run_build(project(), "--out", "out").exit_code == 0
    assert (tmp_path / "out" / "index.html").is_file()


def test_refuses_a_file_as_output(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    result = run_build(project(), "--out", "out")
    assert result.exit_code == 2
    assert (tmp_path / "out").read_text(encoding="utf-8") == "a file"


# ----------------------------------------------------------------------------- the atomic swap


@pytest.fixture
def built(project, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A project with a good site in tmp/out; returns (project, out, the site's files)."""
    root = project()
    assert run_build(root, "--out", "out").exit_code == 0
    out = tmp_path / "out"
    return root, out, snapshot(out)


@pytest.mark.parametrize(
    ("template_name", "template"),
    [
        # tag.html is rendered after every wiki page was written: a failure mid-way.
        ("tag.html", '{% extends "base.html" %}\n{% block content %}\n{{ tag.nmae }}\n{% endblock %}\n'),
        ("page.html", '{% extends "base.html" %}\n{% block content %}\n{% if %}\n{% endblock %}\n'),
    ],
    ids=["undefined-variable-late", "syntax-error"],
)
def test_a_template_error_names_template_and_line_and_leaves_the_old_site(  # type: ignore[no-untyped-def]
    built, tmp_path: Path, template_name: str, template: str
) -> None:
    root, out, before = built
    (root / "wiki" / "a.md").write_text("# A changed\n", encoding="utf-8")
    write_wiki(root, {f"templates/{template_name}": template})
    result = run_build(root, "--out", "out")
    assert result.exit_code == 2
    assert template_name in result.stderr and "line 3" in result.stderr
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_an_edited_template_is_compiled_again_in_the_same_process(built) -> None:  # type: ignore[no-untyped-def]
    """Compiled templates are kept for the process (serve); an edit to one, same path and
    same length, must still show in the next build."""
    root, out, _ = built
    body = '{% extends "base.html" %}\n{% block content %}<p>%s</p>{% endblock %}\n'
    for word in ("first", "other"):
        write_wiki(root, {"templates/page.html": body.replace("%s", word)})
        assert run_build(root, "--out", "out").exit_code == 0
        assert f"<p>{word}</p>" in (out / "a" / "index.html").read_text(encoding="utf-8")


def test_an_os_error_mid_build_leaves_the_old_site(built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A disk that fills up while the sitemap is written, after every page: exit 2, old site whole."""
    root, out, before = built
    write_wiki(root, {"wiki/added.md": "# Added\n\nA page the sitemap must list.\n"})

    def full(*args: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_files, "_sitemap", full)
    result = run_build(root, "--out", "out")
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_crash_mid_build_leaves_the_old_site(built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    root, out, before = built

    def crash(*args: object) -> list[str]:
        raise RuntimeError("crash while copying static files")

    monkeypatch.setattr(site_files, "copy_theme_static", crash)
    with pytest.raises(RuntimeError, match="crash while copying"):
        run_build(root, "--out", "out")
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_failed_first_build_leaves_nothing(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project({**CLEAN, "templates/page.html": "{{ page.nope }}\n"})
    result = run_build(root, "--out", "out")
    assert result.exit_code == 2
    assert "page.html" in result.stderr and "line 1" in result.stderr
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path) == []


def test_a_second_build_replaces_the_first(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, out, before = built
    (root / "wiki" / "b.md").unlink()
    (root / "wiki" / "index.md").write_text("# Home\n\n[[a]] and [[c]].\n", encoding="utf-8")
    write_wiki(root, {"wiki/c.md": "# C\n\nNew.\n"})
    result = run_build(root, "--out", "out")
    assert result.exit_code == 0, result.output
    after = snapshot(out)
    assert "b/index.html" in before and "b/index.html" not in after
    assert "tags/start/index.html" in before and "tags/start/index.html" not in after
    assert "c/index.html" in after
    assert b"c/" in after["index.html"]
    listed = json.loads(after[".wikiforge-site.json"])["files"]
    assert sorted(listed) == sorted(name for name in after if name != ".wikiforge-site.json")
    assert leftovers(tmp_path) == []


def test_rebuilding_the_same_wiki_gives_the_same_site(built) -> None:  # type: ignore[no-untyped-def]
    root, out, before = built
    assert run_build(root, "--out", out).exit_code == 0
    assert snapshot(out) == before


# ----------------------------------------------------------------------------- pages that cannot be read


def test_a_page_with_invalid_utf8_or_broken_yaml_still_builds(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project(
        {
            **CLEAN,
            "wiki/index.md": "# Home\n\n[[a]] [[b]] [[bad-bytes]] [[bad-yaml]]\n",
            "wiki/bad-bytes.md": b"# Bad \xff\xfe bytes\n\nText.\n",
            "wiki/bad-yaml.md": "---\ntitle: [unclosed\ntags: {\n---\n# Bad Yaml\n\nBody of bad yaml, see [[a]].\n",
        }
    )
    result = run_build(root, "--out", "out")
    assert result.exit_code == 0, result.output
    assert "check found 2 problems" in final_line(result)["check"]
    out = tmp_path / "out"
    for name in ("index.html", "a/index.html", "b/index.html", "bad-bytes/index.html", "bad-yaml/index.html"):
        assert (out / name).is_file(), name
    bad_bytes = (out / "bad-bytes" / "index.html").read_text(encoding="utf-8")
    assert 'class="notice"' in bad_bytes and "UTF-8" in bad_bytes
    bad_yaml = (out / "bad-yaml" / "index.html").read_text(encoding="utf-8")
    assert 'Body of bad yaml, see <a class="internal" href="../a/">A</a>' in bad_yaml
    report = (out / "broken-links" / "index.html").read_text(encoding="utf-8")
    assert "WF001" in report and "WF301" in report
    assert run_build(root, "--out", "out", "--strict").exit_code == 1


def test_a_page_that_trips_a_bug_gets_a_notice_and_the_others_are_built(  # type: ignore[no-untyped-def]
    project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = site_files.page_context

    def flaky(index, path, at):  # type: ignore[no-untyped-def]
        if path == "wiki/b.md":
            raise ValueError("planted")
        return real(index, path, at)

    monkeypatch.setattr(site_files, "page_context", flaky)
    result = run_build(project(), "--out", "out")
    assert result.exit_code == 0, result.output
    assert "wiki/b.md" in result.stderr and "planted" in result.stderr
    assert final_line(result)["warnings"] == "1"
    b = (tmp_path / "out" / "b" / "index.html").read_text(encoding="utf-8")
    assert 'class="notice"' in b and "planted" in b
    assert (tmp_path / "out" / "a" / "index.html").is_file()


def test_two_pages_for_one_site_file_warn_and_write_one(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project({**CLEAN, "wiki/b/index.md": "# B folder page\n"})
    result = run_build(root, "--out", "out")
    assert result.exit_code == 0, result.output
    assert "b/index.html" in result.stderr and "wikiforge: warning:" in result.stderr
    assert final_line(result)["warnings"] == "1"
    assert "WF305" in (tmp_path / "out" / "broken-links" / "index.html").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- names the site itself uses


def follow(site: Path, from_file: str, pattern: str) -> str:
    """The site file that the first URL matching `pattern` (a regex with one group) in `from_file` leads to."""
    html = (site / from_file).read_text(encoding="utf-8")
    match = re.search(pattern, html)
    assert match, f"{pattern} not in {from_file}"
    url = match.group(1).split("#")[0]
    target = (site / from_file).parent / url
    if url.endswith("/") or url in ("", "."):
        target = target / "index.html"
    return target.resolve().relative_to(site.resolve()).as_posix()


@pytest.mark.parametrize(
    ("name", "header_link", "marker"),
    [
        ("search", r'<form class="site-search" role="search" action="([^"]*)"', 'id="search-results"'),
        ("all-pages", r'<a href="([^"]*)">All pages</a>', "<h1>All pages</h1>"),
        ("tags", r'<a href="([^"]*)">Tags</a>', "<h1>Tags</h1>"),
        ("broken-links", r'<a href="([^"]*)">Link report', "<h1>Broken links and other findings</h1>"),
    ],
    ids=["search", "all-pages", "tags", "broken-links"],
)
def test_a_page_named_like_a_generated_page_does_not_replace_it(  # type: ignore[no-untyped-def]
    project, tmp_path: Path, name: str, header_link: str, marker: str
) -> None:
    """`wiki/search.md`, `wiki/tags.md`... are ordinary names for pages: both the page and the
    site's own page of that name must be reachable from their links."""
    root = project(
        {
            "wiki/index.md": f"---\ntags: [t]\n---\n# Home\n\n[[{name}]]\n",
            f"wiki/{name}.md": "# My Own Page\n\nWritten by hand.\n",
        }
    )
    result = run_build(root, "--out", "out")
    assert result.exit_code == 0, result.output
    site = tmp_path / "out"
    mine = follow(site, "index.html", r'<a class="internal" href="([^"]*)">My Own Page')
    assert "Written by hand." in (site / mine).read_text(encoding="utf-8")
    generated = follow(site, "index.html", header_link)
    assert marker in (site / generated).read_text(encoding="utf-8")


def test_a_tag_named_index_gets_its_own_tag_page(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project({"wiki/index.md": "---\ntags: [index, other]\n---\n# Home\n"})
    assert run_build(root, "--out", "out").exit_code == 0
    site = tmp_path / "out"
    tag_page = follow(site, "index.html", r'<a class="tag" href="([^"]*)">#index</a>')
    assert "Tagged <span" in (site / tag_page).read_text(encoding="utf-8")
    tags = follow(site, "index.html", r'<a href="([^"]*)">Tags</a>')
    assert "<h1>Tags</h1>" in (site / tags).read_text(encoding="utf-8")


def test_tags_that_differ_only_in_punctuation_get_their_own_pages(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`c++` and `c#` are different tags (`OKR` and `okr` are one): each tag link leads to the page of that tag."""
    root = project({"wiki/index.md": '---\ntags: ["c++", "c#", "OKR", "okr"]\n---\n# Home\n'})
    assert run_build(root, "--out", "out").exit_code == 0
    site = tmp_path / "out"
    for tag in ("c++", "c#"):
        tag_page = follow(site, "index.html", rf'<a class="tag" href="([^"]*)">#{re.escape(tag)}</a>')
        assert f'<h1>Tagged <span class="tag">#{tag}</span></h1>' in (site / tag_page).read_text(encoding="utf-8")
    okr = {follow(site, "index.html", rf'<a class="tag" href="([^"]*)">#{tag}</a>') for tag in ("OKR", "okr")}
    assert len(okr) == 1


def test_an_attachment_under_static_is_not_overwritten_by_the_theme(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Sphinx and Jekyll habits put files in `_static/`; the theme's files must not silently replace them."""
    root = project(
        {"wiki/index.md": "# Home\n\n[my styles](_static/style.css)\n", "wiki/_static/style.css": "MY CSS\n"}
    )
    result = run_build(root, "--out", "out")
    assert result.exit_code == 0, result.output
    site = tmp_path / "out"
    mine = follow(site, "index.html", r'<a href="([^"]*)">my styles</a>')
    assert (site / mine).read_text(encoding="utf-8") == "MY CSS\n"
    theme = follow(site, "index.html", r'<link rel="stylesheet" href="([^"]*style\.css)">')
    assert "MY CSS" not in (site / theme).read_text(encoding="utf-8")


def test_site_urls_of_a_page_named_with_a_question_mark_are_escaped(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`what?.md` is served at `what?/`; every URL naming it must escape the `?`, or a browser
    reads the rest as a query and opens the home page: links, the canonical URL, the sitemap
    and the search index (whose `u` the search page turns into links)."""
    root = project(
        {
            "wikiforge.toml": '[site]\nurl = "https://w.example/"\n',
            "wiki/index.md": "# Home\n\n[[what?]]\n",
            "wiki/what?.md": "# What\n",
        }
    )
    assert run_build(root, "--out", "out").exit_code == 0
    site = tmp_path / "out"
    assert '<a class="internal" href="what%3F/">What</a>' in (site / "index.html").read_text(encoding="utf-8")
    page = (site / "what?" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://w.example/what%3F/">' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://w.example/what%3F/</loc>" in sitemap
    search = (site / "_static" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(search.removeprefix("window.WIKIFORGE_SEARCH=").rstrip().removesuffix(";"))
    assert [entry["u"] for entry in entries if entry["t"] == "What"] == ["what%3F/"]


# ----------------------------------------------------------------------------- progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_shows_on_a_terminal_when_a_build_takes_over_a_second(  # type: ignore[no-untyped-def]
    project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = site_files.page_context

    def slow(index, path, at):  # type: ignore[no-untyped-def]
        time.sleep(0.4)
        return real(index, path, at)

    monkeypatch.setattr(site_files, "page_context", slow)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    out: list[str] = []
    code = execute(BuildRequest(path=project(), out=tmp_path / "out"), out.append, out.append)
    assert code == 0
    assert "file" in terminal.getvalue() and "%" in terminal.getvalue()  # tqdm: "67%|...| 6/9 [00:01<...file/s]"
    assert FINAL_LINE.match(out[-1].rstrip("\n"))


def test_no_progress_bar_for_a_quick_build_on_a_terminal(project, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert execute(BuildRequest(path=project(), out=tmp_path / "out"), lambda _: None, lambda _: None) == 0
    assert terminal.getvalue() == ""
