"""The site manifest a symbolic link to /dev/zero: never read (it would fill memory);
the folder is refused as one holding a file the build did not write."""

import subprocess
import sys
from pathlib import Path


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text("# Home\n\nHello.\n", encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / ".wikiforge-site.json").symlink_to("/dev/zero")


def verify(root: Path) -> None:
    build = [sys.executable, "-m", "wikiforge", "build"]
    refused = subprocess.run(build, cwd=root, capture_output=True, text=True, timeout=10)
    assert refused.returncode == 2 and "a symbolic link" in refused.stderr, refused.stderr


COMMANDS = [["check"]]
