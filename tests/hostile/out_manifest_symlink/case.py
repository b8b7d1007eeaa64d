"""A site folder that is a symbolic link out of the site, listed in the manifest as a
file of the site: a build refuses the folder (a link is never the build's own) and a
forced build replaces the site without touching what the link points to."""

import json
import os
import subprocess
import sys
from pathlib import Path


def make(root: Path) -> None:
    (root / "wiki" / "deep").mkdir(parents=True)
    (root / "wiki" / "index.md").write_text("# Home\n\n[[page]]\n", encoding="utf-8")
    (root / "wiki" / "deep" / "page.md").write_text("# Page\n\n[[index]]\n", encoding="utf-8")
    outside = root.parent / "outside"
    (outside / "page").mkdir(parents=True)
    (outside / "page" / "index.html").write_text("mine\n", encoding="utf-8")
    (outside / "gone.html").write_text("mine\n", encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / "deep").symlink_to(outside, target_is_directory=True)
    files = ["deep", "deep/page/index.html", "deep/gone.html"]
    (root / "site" / ".wikiforge-site.json").write_text(json.dumps({"files": files}), encoding="utf-8")


def verify(root: Path) -> None:
    outside = root.parent / "outside"
    build = [sys.executable, "-m", "wikiforge", "build"]
    refused = subprocess.run(build, cwd=root, capture_output=True, text=True, timeout=10)
    assert refused.returncode == 2 and "a symbolic link" in refused.stderr, refused.stderr
    forced = subprocess.run([*build, "--force"], cwd=root, capture_output=True, text=True, timeout=10)
    assert forced.returncode == 0, forced.stderr
    assert (outside / "page" / "index.html").read_text(encoding="utf-8") == "mine\n"
    assert (outside / "gone.html").exists()
    assert not os.path.islink(root / "site" / "deep")
    assert (root / "site" / "deep" / "page" / "index.html").exists()


COMMANDS = [["check"]]
