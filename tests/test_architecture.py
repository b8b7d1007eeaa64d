"""The package layout is the architecture: each stage imports only itself and the stages
before it, so data flows one way (load → parse → resolve → lint → site) and no import
circle can form. DESIGN's order, read from the imports of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import wikiforge

PACKAGE = Path(wikiforge.__file__).parent
STAGES = [
    "core",
    "config",
    "parse",
    "load",
    "resolve",
    "tiers",
    "bases",
    "lint",
    "analysis",
    "incremental",
    "pipeline",
    "report",
    "site",
    "authoring",
    "serve",
    "lsp",
    "commands",
    "cli",
]
"""Stages from the first to the last; a module may import from its own stage and any
stage before it (`wikiforge/__init__`'s `__version__` is everyone's)."""
TOP_LEVEL_MODULES = {"__init__", "__main__", "pipeline", "analysis"}


def _module(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imports(path: Path) -> list[list[str]]:
    """The wikiforge modules (or names in them) `path` imports, as dotted parts."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = base + (node.module.split(".") if node.module else [])
            found += [target + [alias.name] for alias in node.names] if not node.module else [target]
        elif isinstance(node, ast.Import):
            found += [alias.name.split(".") for alias in node.names]
    return [parts for parts in found if parts[0] == "wikiforge"]


def _stage(parts: list[str]) -> str | None:
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_every_module_imports_only_its_own_stage_and_earlier_ones() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = _stage(_module(path))
        if own is None:
            continue
        for target in _imports(path):
            other = _stage(target)
            if other is not None and STAGES.index(other) > STAGES.index(own):
                upward.append(f"{'.'.join(_module(path))} imports {'.'.join(target)}")
    assert upward == []


def test_the_package_root_holds_only_the_entry_points_and_the_pipeline() -> None:
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    assert modules <= TOP_LEVEL_MODULES
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages == set(STAGES) - TOP_LEVEL_MODULES
