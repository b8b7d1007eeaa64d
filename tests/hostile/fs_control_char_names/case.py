"""File names and link text holding terminal escapes (OSC `ESC ] 0 ; … BEL`), CR, LF and tabs.

Every report format must show them escaped: no raw control byte reaches the terminal, and
JSON, SARIF and JUnit XML stay valid.
"""

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from wikiforge.cli import main

FORMATS = ("text", "concise", "json", "github", "sarif", "junit")
OSC = "\x1b]0;pwned\x07"


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    (wiki / f"evil{OSC}.md").write_text("---\ntype: client\ntier: 1\n---\n# Evil\n\n[[nowhere]]\n", encoding="utf-8")
    (wiki / "cr\rlf\nname.md").write_text("# CR LF\n\n[[nope]]\n", encoding="utf-8")
    (wiki / "tab\tbel\x07.md").write_text("# Tab\n\n[[index]]\n", encoding="utf-8")
    (wiki / "index.md").write_text(f"# Index\n\n[[missing{OSC}]] [[evil{OSC}]]\n", encoding="utf-8")


def run(root: Path, *args: str) -> tuple[int, str]:
    """Run wikiforge in `root` (in this process: the commands above already ran bounded);
    no raw terminal control may reach stdout or stderr."""
    here = Path.cwd()
    os.chdir(root)
    try:
        done = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(here)
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    out = done.stdout + done.stderr
    assert not set(out) & {"\x1b", "\x07", "\r"}, (args, out)
    return done.exit_code, done.stdout


def verify(root: Path) -> None:
    for tiers_format in ("table", "csv", "json"):
        assert run(root, "tiers", "--clients", "--format", tiers_format)[0] == 0
    for fmt in FORMATS:
        code, out = run(root, "check", "--format", fmt, "--no-color")
        assert code == 1, out
        if fmt in ("concise", "github"):
            assert all(line.startswith(("wiki/", "::", "Found")) for line in out.splitlines()), out
        if fmt in ("json", "sarif"):
            json.loads(out)
        if fmt == "junit":
            ET.fromstring(out)
