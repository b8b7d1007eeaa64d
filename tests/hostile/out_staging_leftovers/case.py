"""Staging folders killed builds left beside the site: the next build deletes those
named as its own, and nothing else."""

from pathlib import Path

OURS = [".site.building-abcdefgh", ".site.building-1234_xyz", ".site.old-q1w2e3r4"]
THEIRS = [".site.building-keep", ".site2.building-abcdefgh", "site.building-abcdefgh", ".site.old-abcdefgh.bak"]


def make(root: Path) -> None:
    (root / "wiki").mkdir()
    (root / "wiki" / "index.md").write_text("# Home\n\nHello.\n", encoding="utf-8")
    for name in OURS + THEIRS:
        (root / name / "deep").mkdir(parents=True)
        (root / name / "deep" / "page.html").write_text("x\n", encoding="utf-8")
    (root / ".site.old-q1w2e3r4" / "site").mkdir()


def verify(root: Path) -> None:
    assert not any((root / name).exists() for name in OURS)
    assert all((root / name / "deep" / "page.html").exists() for name in THEIRS)
    assert (root / "site" / "index.html").exists()
