"""A crawler over the built site (issue 4, "Done when"): every internal `href`/`src` leads to a
file of the site, every `#fragment` to an id in its target file, and every element of class
`broken` is a broken link: none on the bundled sample (it checks clean), and on the generated
1,000-page wiki exactly the planted broken links and anchors, on the pages they were planted in.

The crawler reads the site as a browser would, knowing nothing of wikiforge: a URL is resolved
against the file it is in, a URL ending in `/` means that folder's `index.html`.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO_ROOT, generate_wiki, run_build

URL_ATTRIBUTES = {"href", "src", "action", "poster"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Marker:
    """An element of class `broken`: its tag, `href` and `title`, and the text it shows."""

    tag: str
    href: str | None
    title: str | None
    text: str = ""


@dataclass
class HtmlFile:
    """What the crawler keeps of one site file."""

    urls: list[tuple[str, str]] = field(default_factory=list)  # (tag.attribute, url)
    ids: Counter[str] = field(default_factory=Counter)
    broken: list[Marker] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    landmarks: Counter[str] = field(default_factory=Counter)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.file = HtmlFile()
        self._open: list[tuple[str, Marker | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in URL_ATTRIBUTES & values.keys():
            kind = "link.canonical" if tag == "link" and values.get("rel") == "canonical" else f"{tag}.{name}"
            self.file.urls.append((kind, values[name]))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.file.urls.append((f"{tag}.srcset", candidate.split()[0]))
        if "id" in values:
            self.file.ids[values["id"]] += 1
        if "name" in values and tag == "a":
            self.file.ids[values["name"]] += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.file.headings.append(int(tag[1]))
        if tag == "img" and not values.get("alt", "").strip():
            self.file.images_without_alt.append(values.get("src", ""))
        if tag in ("main", "header", "nav", "footer") or (tag == "html" and values.get("lang")):
            self.file.landmarks[tag] += 1
        marker = None
        if "broken" in values.get("class", "").split():
            marker = Marker(tag, values.get("href"), values.get("title"))
            self.file.broken.append(marker)
        if tag not in VOID:
            self._open.append((tag, marker))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        for _, marker in self._open:
            if marker is not None:
                marker.text += data


@dataclass
class Site:
    """A built site, read: `files` by path relative to the site root."""

    root: Path
    files: dict[str, HtmlFile]
    all_files: set[str]

    @classmethod
    def read(cls, root: Path) -> Site:
        all_files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        files = {}
        for rel in sorted(all_files):
            if rel.endswith(".html"):
                reader = _Reader()
                reader.feed((root / rel).read_text(encoding="utf-8"))
                reader.close()
                files[rel] = reader.file
        return cls(root, files, all_files)

    def internal_urls(self) -> list[tuple[str, str, str, str, str]]:
        """(file, attribute, url, target file, fragment) of every internal URL; the target
        is None-free: a URL leaving the site root resolves to a path starting with `../`."""
        found = []
        for rel, html in self.files.items():
            for attribute, url in html.urls:
                parts = urlsplit(url)
                if parts.scheme or parts.netloc:
                    continue
                path, fragment = unquote(parts.path), unquote(parts.fragment)
                if not path:
                    if url.startswith("#"):
                        found.append((rel, attribute, url, rel, fragment))
                    continue  # `action=""`: the page itself
                joined = posixpath.join(posixpath.dirname(rel), path)
                target = posixpath.normpath(joined)
                if path.endswith("/") or path in (".", ".."):
                    target = posixpath.normpath(target + "/index.html")
                found.append((rel, attribute, url, target, fragment))
        return found


def dangling(site: Site) -> list[str]:
    """Internal URLs that lead to no file of the site, or to a fragment no element has."""
    problems = []
    for rel, attribute, url, target, fragment in site.internal_urls():
        if target.startswith("../") or target not in site.all_files:
            problems.append(f"{rel}: {attribute}={url!r} → {target}: no such file")
        elif fragment and target.endswith(".html") and fragment not in site.files[target].ids:
            problems.append(f"{rel}: {attribute}={url!r} → {target}: no id {fragment!r}")
    return problems


def external_resources(site: Site) -> list[str]:
    """URLs a browser would fetch from the network to show a page (links to follow are fine)."""
    fetched = ("link.href", "script.src", "img.src", "img.srcset", "audio.src", "video.src", "source.src", "iframe.src")
    return [
        f"{rel}: {attribute}={url}"
        for rel, html in site.files.items()
        for attribute, url in html.urls
        if attribute in fetched and urlsplit(url).netloc
    ]


def duplicate_ids(site: Site) -> list[str]:
    return [f"{rel}: id {i!r} ×{n}" for rel, html in site.files.items() for i, n in html.ids.items() if n > 1]


def markers(site: Site) -> dict[str, list[Marker]]:
    return {rel: html.broken for rel, html in site.files.items() if html.broken}


def page_file(source: str, urls: str = "pretty") -> str:
    """README: `wiki/knowledge/okr.md` is served at `knowledge/okr/` (or `knowledge/okr.html`)."""
    stem = source.removeprefix("wiki/").removesuffix(".md")
    if posixpath.basename(stem) == "index":
        return stem + ".html"
    return stem + ("/index.html" if urls == "pretty" else ".html")


def build(project: Path, out: Path, *args: str) -> Site:
    result = run_build(project, "--out", out, *args)
    assert result.exit_code == 0, result.output
    return Site.read(out)


# ----------------------------------------------------------------------------- the sample wiki


@pytest.fixture(scope="module")
def sample() -> Path:
    """The bundled sample project: the repository itself (`wikiforge build --out TMP` at its root)."""
    return REPO_ROOT


@pytest.fixture(scope="module")
def sample_site(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build(sample, tmp_path_factory.mktemp("out") / "site")


@pytest.fixture(scope="module")
def sample_site_files(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build(sample, tmp_path_factory.mktemp("out") / "site", "--urls", "files")


def test_the_crawler_sees_the_whole_sample_site(sample: Path, sample_site: Site) -> None:
    pages = sorted(p.relative_to(sample).as_posix() for p in (sample / "wiki").rglob("*.md"))
    assert len(pages) >= 30
    for page in pages:
        assert page_file(page) in sample_site.files, page
    assert {"index.html", "404.html", "sitemap.xml"} <= sample_site.all_files
    assert {
        "tiers/index.html",
        "tiers/owners/index.html",
        "tiers/owners/tomas-ferreira/index.html",
        "tiers/review/index.html",
    } <= sample_site.all_files
    assert "assets/tier-pyramid.svg" in sample_site.all_files  # every attachment is copied
    internal = sample_site.internal_urls()
    assert len(internal) > 20 * len(pages)  # a page links to at least its header, crumbs and static files
    # wikilinks in page bodies were rewritten into links between pages
    okr = sample_site.files[page_file("wiki/knowledge/client-management/okr-framework-for-client-success.md")]
    assert ("a.href", "../quarterly-tier-review/") in okr.urls


def test_every_internal_url_of_the_sample_site_leads_to_a_file(sample_site: Site) -> None:
    assert dangling(sample_site) == []


def test_every_internal_url_works_from_the_file_system_with_urls_files(sample: Path, sample_site_files: Site) -> None:
    site = sample_site_files
    assert dangling(site) == []
    for page in (sample / "wiki").rglob("*.md"):
        assert page_file(page.relative_to(sample).as_posix(), "files") in site.files
    folder_urls = [(rel, url) for rel, _, url, _, _ in site.internal_urls() if urlsplit(url).path.endswith("/")]
    assert folder_urls == [], "a file system does not open a folder's index.html"


def test_the_sample_site_marks_nothing_broken(sample_site: Site, sample_site_files: Site) -> None:
    assert markers(sample_site) == {}
    assert markers(sample_site_files) == {}


def test_ids_are_unique_in_every_file(sample_site: Site) -> None:
    assert duplicate_ids(sample_site) == []


def test_nothing_is_fetched_from_the_network(sample_site: Site) -> None:
    """Issue 4 item 7: fonts, scripts and styles are local."""
    assert external_resources(sample_site) == []
    for css in sorted(sample_site.root.glob("_static/*.css")):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), css.name


def test_accessible_markup(sample_site: Site) -> None:
    """Issue 4 item 7: landmarks, heading order (no level skipped going down), alt text."""
    for rel, html in sample_site.files.items():
        assert html.landmarks["html"] == 1, f"{rel}: no lang"
        assert html.landmarks["main"] == 1, rel
        assert html.landmarks["header"] >= 1 and html.landmarks["nav"] >= 1 and html.landmarks["footer"] == 1, rel
        assert html.headings and html.headings[0] == 1, f"{rel}: starts at h{html.headings[:1]}"
        skips = [(a, b) for a, b in zip(html.headings, html.headings[1:], strict=False) if b > a + 1]
        assert skips == [], f"{rel}: heading levels skip {skips}"
        assert html.images_without_alt == [], rel


def test_the_sitemap_lists_every_page(sample: Path, sample_site: Site) -> None:
    sitemap = (sample_site.root / "sitemap.xml").read_text(encoding="utf-8")
    for page in (sample / "wiki").rglob("*.md"):
        site_file = page_file(page.relative_to(sample).as_posix())
        assert f"<loc>{site_file.removesuffix('index.html')}</loc>" in sitemap, site_file


# ----------------------------------------------------------------------------- a crawl finds what is broken


def test_the_crawler_finds_dangling_urls_and_broken_markers(make_wiki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The crawler itself: a site with a planted dangling URL, missing id and broken link."""
    project = make_wiki(
        {
            "wiki/index.md": "# Home\n\n[[a]] [[a#Gone]] [[nowhere]]\n",
            "wiki/a.md": '# A\n\n<a href="../nothing/">x</a> <a href="#nope">y</a> <a href="#main">z</a>\n',
        }
    )
    site = build(project, tmp_path / "out")
    assert sorted(dangling(site)) == [
        "a/index.html: a.href='#nope' → a/index.html: no id 'nope'",
        "a/index.html: a.href='../nothing/' → nothing/index.html: no such file",
    ]
    found = markers(site)["index.html"]
    assert [(m.tag, m.href, m.text) for m in found] == [("a", "a/", "A › Gone"), ("span", None, "nowhere")]
    assert all(m.title for m in found)


# ----------------------------------------------------------------------------- the generated 1,000-page wiki


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, Site]:  # type: ignore[type-arg]
    root = generate_wiki(tmp_path_factory.mktemp("gen1k") / "wiki", 1000)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    (root / "manifest.json").unlink()
    result = run_build(root, "--out", root.parent / "site")
    assert result.exit_code == 0, result.output
    return root, manifest, Site.read(root.parent / "site")


@pytest.mark.slow
def test_generated_wiki_every_internal_url_leads_to_a_file(generated) -> None:  # type: ignore[no-untyped-def]
    root, _, site = generated
    pages = list((root / "wiki").rglob("*.md"))
    assert len(pages) == 1000
    assert all(page_file(p.relative_to(root).as_posix()) in site.files for p in pages)
    assert dangling(site) == []
    assert duplicate_ids(site) == []


@pytest.mark.slow
def test_generated_wiki_broken_markers_are_the_planted_links_and_anchors(generated) -> None:  # type: ignore[no-untyped-def]
    _, manifest, site = generated
    planted = len(manifest["broken_links"]) + len(manifest["broken_anchors"])
    assert planted > 10
    found = markers(site)
    assert sum(len(m) for m in found.values()) == planted
    expected: Counter[tuple[str, str, str]] = Counter()
    for item in manifest["broken_links"]:
        expected[(page_file(item["page"]), "span", item["target"])] += 1
    for item in manifest["broken_anchors"]:
        expected[(page_file(item["page"]), "a", item["anchor"])] += 1
    actual: Counter[tuple[str, str, str]] = Counter()
    for rel, found_here in found.items():
        for marker in found_here:
            assert marker.title, f"{rel}: a broken marker without a tooltip"
            what = next((name for _, _, name in expected if name in marker.text), marker.text)
            actual[(rel, marker.tag, what)] += 1
            if marker.tag == "a":  # a missing heading: still a link, to the page
                assert marker.href and "#" not in marker.href
                assert "Nonexistent Section" in marker.title
            else:
                assert marker.href is None
                assert "No page or file named" in marker.title
    assert actual == expected


# ----------------------------------------------------------------------------- every kind of broken link


def test_each_broken_link_is_one_visible_marker(tmp_path: Path) -> None:
    """tests/site_cases/broken holds a broken link of every kind: one marker per link `check`
    reports, each with text a reader can see and a tooltip, and none a link to nowhere."""
    from wikiforge.config.settings import load_config
    from wikiforge.pipeline import run_check

    case = Path(__file__).parent / "site_cases" / "broken"
    reported = [d for d in run_check(load_config(case)).diagnostics if d.code in ("WF101", "WF102", "WF105", "WF202")]
    site = build(case, tmp_path / "site")
    found = [m for page in markers(site).values() for m in page]
    assert len(found) == len(reported) == 15
    assert dangling(site) == []
    for marker in found:
        assert marker.title, marker
        assert marker.text.strip(), f"an invisible broken marker: {marker}"
        assert marker.tag == "span" or (marker.tag == "a" and marker.href)


# ----------------------------------------------------------------------------- every golden case, crawled

CASES = Path(__file__).parent / "site_cases"
BUILDING_CASES = sorted(
    case
    for case in CASES.iterdir()
    if (case / "wiki").is_dir() and not (case / "templates").is_dir() or case.name == "template-override"
)


@pytest.mark.parametrize("urls", ["pretty", "files"])
@pytest.mark.parametrize("case", BUILDING_CASES, ids=[case.name for case in BUILDING_CASES])
def test_every_golden_case_crawls_clean(case: Path, urls: str, tmp_path: Path) -> None:
    """The small wikis of test_site_golden.py hold every link form, embeds, odd file names and
    HTML: whatever they link, in either URL style, is in the site, and ids are not repeated."""
    site = build(case, tmp_path / "site", "--urls", urls)
    assert dangling(site) == []
    assert duplicate_ids(site) == []
    if urls == "files":
        assert [url for _, _, url, _, _ in site.internal_urls() if urlsplit(url).path.endswith("/")] == []
