"""Shared test helpers: tiny wikis from a dict, and the golden-refresh option."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import wikiforge.load.state


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/cases/**/expected.txt from the current output instead of comparing",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def write_wiki(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create `files` (path → text or bytes) under `root` and return `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_wiki(tmp_path: Path):  # type: ignore[no-untyped-def]
    """`make_wiki({"wiki/a.md": "...", ...})` builds a project in a temp folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_wiki(tmp_path, files)

    return make


GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "gen_wiki.py"


def generate_wiki(out: Path, pages: int) -> Path:
    """Write the deterministic synthetic wiki of `benchmarks/gen_wiki.py` into `out`."""
    subprocess.run(
        [sys.executable, str(GENERATOR), "--pages", str(pages), "--out", str(out)], check=True, capture_output=True
    )
    return out


@pytest.fixture
def trusted_stamps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust file stamps at once (a run takes far longer than a clock tick) and keep the
    signing key in this test's own folder: for the states a check keeps."""
    monkeypatch.setattr(wikiforge.load.state, "SETTLED_NS", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated wiki of 40 pages with aliases resolved, for edit sequences (copy it
    before editing)."""
    root = generate_wiki(tmp_path_factory.mktemp("generated") / "wiki", 40)
    (root / "wikiforge.toml").write_text("resolve_aliases = true\n")
    return root


# ----------------------------------------------------------------------------- site builds (test_site_*.py)

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The repository, which is itself a wiki project: the bundled sample wiki."""


def run_build(*args: str | Path) -> Result:
    """`wikiforge build ARGS` through click, re-raising a traceback (never an acceptable outcome)."""
    from wikiforge.cli import main

    result = CliRunner().invoke(main, ["build", *map(str, args)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too), by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
