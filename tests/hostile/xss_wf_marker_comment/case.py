"""A page writing the site builder's own slots as comments (`<!--wf:w0-->`), plainly, as a
bogus comment nh3 turns into one (`<!wf:w0>`), and as math and range slots."""

from pathlib import Path

FORGED = "<!--wf:w0--> <!wf:w0> <!--wf:m0--> <!--wf:s0--> <!--wf:a0-->x<!--wf:c0-->"
PAGE = f"# Home\n\nA [[other|real link]] and $x$.\n\n{FORGED}\n"


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text(PAGE, encoding="utf-8")
    (root / "wiki" / "other.md").write_text("# Other\n\n[[index]]\n", encoding="utf-8")


def verify(root: Path) -> None:
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert html.count("real link") == 1
    assert html.count("<math") == 1
