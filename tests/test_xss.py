"""What our own Markdown plugins turn into HTML is as safe as a page's body (issue 13 item 5).

A page cannot forge the site builder's slots (`<!--wf:w0-->`), and no file name reads as
a URL scheme. Callout titles, wherever the callout sits, are the hostile case
`xss_callout_titles`; the browser suite (test_xss_browser.py) runs the payloads; these
tests pin the mechanisms.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_build, write_wiki
from wikiforge.parse.markdown.render import MARKER


def _build(tmp_path: Path, files: dict[str, str], *args: str) -> Path:
    project = write_wiki(tmp_path / "project", files)
    result = run_build(project, "-j", "1", "--no-cache", *args)
    assert result.exit_code in (0, 1), result.output
    return project / "site"


@pytest.mark.parametrize(
    "forged",
    ["<!--wf:w0-->", "<!wf:w0>", "<!--wf:w0--!>", "<?wf:w0-->", "<!--wf:m0-->", "<!--wf:s0-->", "<!--wf:a0-->"],
)
@pytest.mark.parametrize("trust", [False, True])
def test_a_page_cannot_forge_a_link_slot(tmp_path: Path, forged: str, trust: bool) -> None:
    config = "[site]\ntrust_html = true\n" if trust else ""
    page = f"# Home\n\nA [[other|real link]] and $x$.\n\n{forged} here, {forged}\n"
    site = _build(tmp_path, {"wikiforge.toml": config, "wiki/index.md": page, "wiki/other.md": "# Other\n"})
    html = (site / "index.html").read_text()
    assert html.count("real link") == 1
    assert html.count("<math") == 1
    assert not MARKER.search(html)


def test_a_page_cannot_forge_a_backlink_text_slot(tmp_path: Path) -> None:
    files = {
        "wiki/index.md": "# Home\n\nSee [[target|the label]] and \ue0000\ue001 too.\n",
        "wiki/target.md": "# Target\n",
    }
    html = (_build(tmp_path, files) / "target" / "index.html").read_text()
    assert html.count("the label") == 1


SCHEME_NAMES = {
    "wiki/index.md": "# Home\n\n[[javascript:alert(1)]], [[data:x/inner]], ![[vbscript:y.png]]\n",
    "wiki/javascript:alert(1).md": "# Scheme page\n\n[[index]]\n",
    "wiki/data:x/inner.md": "# Inner\n\n[[javascript:alert(1)]]\n",
    "wiki/vbscript:y.png": "not really a png",
}


@pytest.mark.parametrize("urls", ["pretty", "files"])
def test_relative_urls_never_read_as_a_scheme(tmp_path: Path, urls: str) -> None:
    site = _build(tmp_path, SCHEME_NAMES, "--urls", urls)
    hrefs = []
    for page in site.rglob("*.html"):
        hrefs += re.findall(r'(?:href|src)="([^"#]*)', page.read_text())
    hrefs += re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text())
    assert hrefs
    theirs = ("data:image/svg+xml,%3Csvg", "https:", "http:")  # the theme's icon, outside links
    assert [h for h in hrefs if ":" in h.partition("/")[0] and not h.startswith(theirs)] == []
    assert any(h.startswith("./javascript:alert(1)") for h in hrefs)
    assert any(h.startswith("./data:x/") for h in hrefs)
    assert any(h.startswith("./vbscript:y.png") for h in hrefs)
