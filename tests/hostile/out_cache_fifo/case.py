"""Every record cache shard a FIFO (no writer): opening one for reading would wait
forever. Shards are opened without blocking and read only if regular."""

import os
from pathlib import Path

from wikiforge.config.settings import load_config
from wikiforge.load.cache import CACHE_DIR, SHARDS, _namespace, _shard_path
from wikiforge.pipeline import project_parse_options


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text("# Home\n\n[[other]]\n", encoding="utf-8")
    (root / "wiki" / "other.md").write_text("# Other\n\n[[index]] [[missing]]\n", encoding="utf-8")
    config = load_config(root)
    for render in (False, True):
        folder = root / CACHE_DIR / f"records-{_namespace(project_parse_options(config, render))}"
        folder.mkdir(parents=True)
        for shard in range(SHARDS):
            os.mkfifo(_shard_path(folder, shard))


def verify(root: Path) -> None:
    assert (root / "site" / "index.html").exists()
