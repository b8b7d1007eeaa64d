"""Script in callout titles: plain, foldable, in a list, in a quote, and shown through an embed."""

from pathlib import Path

PAGE = """# Callouts

> [!note] <img src=x onerror=alert(1)>
> body

> [!tip]- <svg onload=alert(2)>
> body

> [!warning] Title <script>alert(3)</script>
> body

> [!info]+ <iframe src=javascript:alert(4)></iframe>
> body

- item
  > [!note] <img src=y onerror=alert(5)>
  > in a list

> a quote
> > [!note] <b onmouseover=alert(6)>bold</b>
> > nested

![[embedded]]
"""


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text(PAGE, encoding="utf-8")
    embedded = "# Embedded\n\n> [!danger] <img src=z onerror=alert(7)>\n> shown\n"
    (root / "wiki" / "embedded.md").write_text(embedded, encoding="utf-8")


def verify(root: Path) -> None:
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    for active in ("onerror", "onload", "<script>alert", "<iframe", "javascript:", "onmouseover", "<svg"):
        assert active not in html, active
    assert '<div class="callout-title">Title </div>' in html
    assert '<div class="callout-title"><b>bold</b></div>' in html
    assert html.count('class="callout"') == 7  # the embedded page's callout is shown too
