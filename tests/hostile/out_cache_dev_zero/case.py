"""Every record cache shard a symbolic link to /dev/zero or /dev/urandom: reading one
through would fill memory. Links are not followed and reads are bounded."""

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
            _shard_path(folder, shard).symlink_to("/dev/zero" if shard % 2 else "/dev/urandom")


def verify(root: Path) -> None:
    assert (root / "site" / "index.html").exists()
