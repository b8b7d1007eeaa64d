"""Pages, a folder and an attachment whose names start like URL schemes (`javascript:alert(1).md`):
every relative URL to them must start `./`, in both URL styles."""

import re
from pathlib import Path

COMMANDS = [["check"], ["build"], ["build", "--urls", "files", "--out", "site-files"]]


def make(root: Path) -> None:
    wiki = root / "wiki"
    (wiki / "data:x").mkdir(parents=True)
    (wiki / "index.md").write_text("# Home\n\n[[javascript:alert(1)]], [[data:x/inner]], ![[vbscript:y.png]]\n")
    (wiki / "javascript:alert(1).md").write_text("# Scheme page\n\n[[index]]\n")
    (wiki / "data:x" / "inner.md").write_text("# Inner\n\n[[javascript:alert(1)]]\n")
    (wiki / "vbscript:y.png").write_bytes(b"not really a png")


def verify(root: Path) -> None:
    for site in ("site", "site-files"):
        for page in (root / site).rglob("*.html"):
            for url in re.findall(r'(?:href|src)="([^"#]*)', page.read_text(encoding="utf-8")):
                scheme = url.partition("/")[0]
                assert ":" not in scheme or url.startswith(("data:image/svg+xml,%3Csvg", "http")), (page, url)
