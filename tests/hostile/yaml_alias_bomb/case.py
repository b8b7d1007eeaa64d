"""A YAML "billion laughs": nine levels of anchors, each alias repeated nine times."""

from pathlib import Path


def make(root: Path) -> None:
    lines = ["---", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines += ["---", "# Bomb", "", "Body."]
    (root / "wiki").mkdir()
    (root / "wiki" / "bomb.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "wiki" / "index.md").write_text("# Index\n\n[[bomb]]\n", encoding="utf-8")
