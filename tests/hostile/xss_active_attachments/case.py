"""Attachments a browser would run from the site's origin: HTML, XHTML, XML and script files in
`wiki/` and `raw/`, and an SVG carrying script, handlers, `javascript:` links and foreignObject."""

from pathlib import Path

SVG = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 8 8" onload="alert(1)">
  <script>alert(2)</script>
  <a xlink:href="javascript:alert(3)"><rect width="4" height="4" onclick="alert(4)"/></a>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(5)"/></div></foreignObject>
  <set attributeName="href" to="javascript:alert(6)"/>
  <image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>
</svg>
"""
ACTIVE = ("wiki/widget.html", "wiki/page.htm", "wiki/doc.xhtml", "wiki/tool.js", "raw/export.xml")


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "raw").mkdir()
    page = "# Home\n\n[[widget.html]] [[page.htm]] ![[doc.xhtml]] [script](tool.js) ![[chart.svg]]\n"
    (root / "wiki" / "index.md").write_text(page, encoding="utf-8")
    (root / "wiki" / "cites.md").write_text("---\nsource_docs: [raw/export.xml]\n---\n[[index]]\n")
    for path in ACTIVE:
        (root / path).write_text("<script>alert(document.domain)</script>\n", encoding="utf-8")
    (root / "wiki" / "chart.svg").write_text(SVG, encoding="utf-8")


def verify(root: Path) -> None:
    site = root / "site"
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not {"widget.html", "page.htm", "doc.xhtml", "tool.js", "raw/export.xml"} & published
    svg = (site / "chart.svg").read_text(encoding="utf-8")
    for active in ("script", "onload", "onclick", "javascript:", "foreignObject", "onerror", "data:", "<set"):
        assert active not in svg, active
    assert 'viewBox="0 0 8 8"' in svg and "<rect" in svg
    assert (site / "index.html").read_text(encoding="utf-8").count("(not published)") == 4
