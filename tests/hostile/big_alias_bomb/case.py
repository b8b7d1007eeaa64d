"""YAML alias bombs in three shapes (nested lists, nested mappings with merge keys, a
wide alias reused in keys that are shown, linked and indexed), beside a page that uses
a few aliases normally: the bombs are WF301 at the alias, the normal page works."""

from pathlib import Path

COMMANDS = [["check"], ["build"], ["tiers"], ["check", "--format", "json"]]


def make(root: Path) -> None:
    wiki = root / "wiki"
    wiki.mkdir()
    lines = ["---", "type: client", 'a0: &a0 ["[[index]]", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 12):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 8)}]")
    lines += ["tags: *a11", "okrs: *a11", "---", "# Lists", "", "Body."]
    (wiki / "lists.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["---", "m0: &m0 {a: '[[index]]', b: lol, c: lol, d: lol}"]
    for level in range(1, 12):
        keys = ", ".join(f"k{k}: *m{level - 1}" for k in range(8))
        lines.append(f"m{level}: &m{level} {{<<: *m{level - 1}, {keys}}}")
    lines += ["---", "# Maps", "", "Body."]
    (wiki / "maps.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (wiki / "normal.md").write_text(
        "---\nowner: &who Ana\nreviewer: *who\ntags: &t [alpha, beta]\nkeywords: *t\n---\n# Normal\n\n[[index]]\n",
        encoding="utf-8",
    )
    (wiki / "index.md").write_text("# Index\n\n[[lists]] [[maps]] [[normal]]\n", encoding="utf-8")
