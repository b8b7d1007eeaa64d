"""Digests of every file of two built sites: the bundled wiki's and a generated wiki's.

A restructuring of the code must not change one byte of what a build writes. Run this
before and after, and compare:

    python scripts/site_digest.py > before.txt
    ... change the code ...
    python scripts/site_digest.py | diff before.txt -

Each line is `site/path sha256`, for every file but the site's manifest (which holds
file times and a digest of the code that built it). The bundled wiki is this repository; the generated
one is `benchmarks/gen_wiki.py --pages 1000` (deterministic). Builds run with
`--no-cache`, in a fresh folder, so nothing of a previous run is reused.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MANIFEST = ".wikiforge-site.json"
REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "benchmarks" / "gen_wiki.py"


def build(project: Path, out: Path) -> None:
    argv = [sys.executable, "-m", "wikiforge", "build", str(project), "--no-cache", "--out", str(out)]
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"build of {project} exited {done.returncode}:\n{done.stderr}")


def digests(name: str, out: Path) -> list[str]:
    return [
        f"{name}/{path.relative_to(out).as_posix()} {hashlib.sha256(path.read_bytes()).hexdigest()}"
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages of the generated wiki")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wikiforge-digest-") as work:
        sample = Path(work) / "sample"
        shutil.copytree(REPO, sample, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".wikiforge_cache"))
        build(sample, Path(work) / "sample-site")
        generated = Path(work) / "generated"
        generate = [sys.executable, str(GENERATOR), "--pages", str(args.pages), "--out", str(generated)]
        subprocess.run(generate, check=True, capture_output=True)
        build(generated, Path(work) / "generated-site")
        lines = digests("sample", Path(work) / "sample-site") + digests("generated", Path(work) / "generated-site")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
