"""`--fix` on the generated 1,000-page wiki changes link bytes and nothing else.

The generated wiki spells every link exactly, so it has nothing to fix. We plant fixable
defects in a copy: upper-cased link targets (case mismatches) in pages converted to CRLF
with a BOM, and a second page with a linked page's name (ambiguous bare links). Then
`--fix` must give back the original bytes of every case-broken page, and change the
ambiguous pages only by writing the chosen page's full path inside the brackets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import generate_wiki
from wikiforge.cli import main
from wikiforge.config.settings import load_config
from wikiforge.load.cache import CACHE_DIR
from wikiforge.parse.page import parse_page
from wikiforge.pipeline import project_parse_options

_BARE_LINK = re.compile(r"\[\[([a-z0-9-]+)(?=[\]|#])")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_wiki(tmp_path_factory.mktemp("fix1k"), 1000)


def snapshot(root: Path) -> dict[str, bytes]:
    """The project's files, without the record cache a run leaves behind."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] != CACHE_DIR
    }


def upper_case_link_targets(root: Path, page: Path) -> int:
    """Upper-case the target of every wikilink on the page that resolves, in place."""
    data = page.read_bytes()
    record = parse_page(page.relative_to(root).as_posix(), data, "page", project_parse_options(load_config(root)))
    lines = data.decode("utf-8-sig").split("\r\n")
    names = {p.relative_to(root).with_suffix("").as_posix() for p in (root / "wiki").rglob("*.md")}
    names |= {name.rsplit("/", 1)[-1] for name in names}
    count = 0
    for link in record.links:
        if link.kind == "wikilink" and link.target in names:
            line = lines[link.span.line - 1]
            start = line.index(link.target, link.span.column - 1)
            lines[link.span.line - 1] = line[:start] + link.target.upper() + line[start + len(link.target) :]
            count += 1
    page.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    return count


def check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "concise", *args])
    return result.exit_code, result.stdout


def test_fix_restores_case_broken_links_byte_for_byte(generated: Path) -> None:
    pages = sorted((generated / "wiki").rglob("*.md"))[::25]
    originals = {}
    for page in pages:
        crlf = b"\xef\xbb\xbf" + page.read_bytes().replace(b"\n", b"\r\n")
        page.write_bytes(crlf)
        originals[page] = crlf
    before = snapshot(generated)
    broken = sum(upper_case_link_targets(generated, page) for page in pages)
    code, out = check(generated, "--select", "WF104")
    assert code == 0 and out.count("WF104") == broken > 30

    code, out = check(generated, "--fix", "--select", "WF104")

    assert code == 0, out
    assert f"Fixed {broken} findings" in out
    assert snapshot(generated) == before


def test_fix_writes_full_paths_for_ambiguous_links_and_nothing_else(generated: Path) -> None:
    texts = {p: p.read_text(encoding="utf-8") for p in (generated / "wiki").rglob("*.md")}
    linked = sorted({m.group(1) for text in texts.values() for m in _BARE_LINK.finditer(text)})[:5]
    homes = {}
    for name in linked:
        home = next(p for p in texts if p.stem == name)
        homes[name] = home.relative_to(generated / "wiki").with_suffix("").as_posix()
        twin = generated / "wiki" / "zz-twins" / "deeper" / "still-deeper" / f"{name}.md"
        twin.parent.mkdir(parents=True, exist_ok=True)
        twin.write_text(f"# Twin of {name}\n", encoding="utf-8")
    before = snapshot(generated)
    code, out = check(generated, "--select", "WF103")
    assert out.count("WF103") >= 3

    check(generated, "--fix", "--select", "WF103")

    after = snapshot(generated)
    changed = {path for path in after if after[path] != before[path]}
    assert changed, "no page was fixed"
    for path in changed:
        new = after[path].decode("utf-8")
        for name, home in homes.items():
            new = re.sub(rf"\[\[{re.escape(home)}(?=[\]|#])", f"[[{name}", new)
        assert new.encode("utf-8") == before[path], f"{path}: bytes outside link targets changed"
    code, out = check(generated, "--select", "WF103")
    assert "WF103" not in out
