"""SVG images published without what could run (site/svg.py, issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import fromstring

import pytest

from conftest import run_build, write_wiki
from wikiforge.site.svg import EMPTY, sanitise_svg

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


@pytest.mark.parametrize(
    "inside",
    [
        "<script>alert(1)</script>",
        '<rect width="1" height="1" onclick="alert(1)"/>',
        '<a xlink:href="javascript:alert(1)"><text>x</text></a>',
        '<a href=" jav&#x09;ascript:alert(1)"><text>x</text></a>',
        '<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>',
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img onerror="alert(1)"/></div></foreignObject>',
        '<set attributeName="href" to="javascript:alert(1)"/>',
        '<animate attributeName="onbegin" values="alert(1)"/>',
        '<iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/>',
        '<use href="javascript:alert(1)"/>',
        '<handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">alert(1)</handler>',
    ],
)
def test_what_could_run_is_removed(inside: str) -> None:
    cleaned = sanitise_svg(f"{HEAD}{inside}</svg>".encode())
    fromstring(cleaned)  # still well-formed XML
    for active in ("script", "alert", "javascript", "data:", "onclick", "onerror", "foreignObject", "iframe"):
        assert active not in cleaned


def test_what_draws_is_kept_with_its_case_and_links() -> None:
    drawing = (
        f'{HEAD}<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>'
        '<rect width="4" height="4" fill="url(#g)"/><use xlink:href="#g"/><a href="https://example.org/">'
        '<text x="1" xml:space="preserve">a &lt; b</text></a><animateTransform attributeName="transform"/></svg>'
    )
    cleaned = sanitise_svg(drawing.encode())
    for kept in ('viewBox="0 0 10 10"', "<linearGradient", 'stop-color="red"', 'xlink:href="#g"',
                 'href="https://example.org/"', 'xml:space="preserve"', "a &lt; b", "<animateTransform"):  # fmt: skip
        assert kept in cleaned


@pytest.mark.parametrize(
    "data",
    [
        b"not xml",
        b"<html><script>alert(1)</script></html>",
        b'<!DOCTYPE svg [<!ENTITY a "aa"><!ENTITY b "&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    ],
)
def test_what_is_not_svg_becomes_an_empty_image(data: bytes) -> None:
    assert sanitise_svg(data) == EMPTY


def test_deep_nesting_is_cut_not_a_crash() -> None:
    deep = HEAD.encode() + b"<g>" * 20_000 + b"</g>" * 20_000 + b"</svg>"
    fromstring(sanitise_svg(deep))


def test_trust_html_publishes_files_as_written(tmp_path: Path) -> None:
    svg = f"{HEAD}<script>alert(1)</script></svg>"
    project = write_wiki(
        tmp_path / "project",
        {
            "wikiforge.toml": "[site]\ntrust_html = true\n",
            "wiki/index.md": "# Home\n\n[[widget.html]] ![[chart.svg]]\n",
            "wiki/widget.html": "<p>trusted</p>\n",
            "wiki/chart.svg": svg,
        },
    )
    assert run_build(project, "-j", "1", "--no-cache").exit_code == 0
    assert (project / "site" / "widget.html").read_text() == "<p>trusted</p>\n"
    assert (project / "site" / "chart.svg").read_text() == svg
    assert '<a class="internal" href="widget.html">' in (project / "site" / "index.html").read_text()
