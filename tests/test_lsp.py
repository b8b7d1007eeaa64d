"""`wikiforge lsp` (issue 16) driven as an editor drives it: over stdio, with JSON-RPC.

Each test opens documents in a server on a small wiki and reads what comes back:
diagnostics that match `check`'s findings for the unsaved text, completion, go to
definition, references, hover, rename (the edit applied, then checked), code actions and
symbols; and bad input that must be answered, never crash the server.

Tests that leave the files on disk as they were share one server (`shared`, as an
editor keeps one open all day): after each, its documents are closed and the server
is back to the disk's wiki before the next begins. Tests that change files, need
another wiki or client, or feed it input that could crash it start their own (`session`)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from lsprotocol import types

from conftest import snapshot, write_wiki
from lsp_client import WAIT, Editor

CONFIG = """\
[frontmatter]
types = ["article", "client"]

[frontmatter.by_type.client]
folder = "clients"
"""
OKR = """\
---
title: OKR Framework
type: article
aliases: [Objectives]
tags: [okr, strategy]
---
# OKR Framework

Objectives and key results keep client work honest.

## Scoring

A score per key result. ^scoring-rule

### Grades
"""
HOME = """\
---
title: Home
type: article
tags: [home]
source_docs: [raw/interview.md]
---
# Home

Start at [[okr]] and [[okr#Scoring|the scoring]]; clients: [[acme]].
"""
ACME = """\
---
title: Acme
type: client
tier: 2
retainer: 9000
growth_potential: high
workstreams: [ads, crm]
---
# Acme

Our client; see [[okr#Grades]] and [[wiki/index|home]].
"""
WIKI = {
    "wikiforge.toml": CONFIG,
    "wiki/index.md": HOME,
    "wiki/knowledge/okr.md": OKR,
    "wiki/clients/acme.md": ACME,
    "raw/interview.md": "# Interview\n",
}


def session(tmp_path: Path, test: Callable[[Editor], Awaitable[None]], files: dict[str, str] | None = None) -> None:
    """Run `test` against a server of its own on a copy of `files` (the small wiki by default)."""
    root = write_wiki(tmp_path / "p", dict(WIKI if files is None else files))

    async def run() -> None:
        async with Editor(root) as editor:
            await test(editor)

    asyncio.run(run())


class Shared:
    """One server on the small wiki for the tests that change no file, on an event loop
    of its own that runs while a test does. Each test gets it with no document open, no
    diagnostics received and every page as on disk; one that fails takes the server
    with it (the next test starts another)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.loop = asyncio.new_event_loop()
        self.editor: Editor | None = None
        self.symbols: list[tuple[str, str]] = []

    def run(self, test: Callable[[Editor], Awaitable[None]]) -> None:
        editor = self.editor or self.loop.run_until_complete(self._start())
        self.editor = editor
        try:
            self.loop.run_until_complete(test(editor))
            self.loop.run_until_complete(self._settle(editor))
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None:
            self.loop.run_until_complete(editor.__aexit__())

    async def _start(self) -> Editor:
        editor = await Editor(self.root).__aenter__()
        await self._checked(editor)
        self.symbols = await self._all_symbols(editor)
        assert self.symbols
        return editor

    async def _settle(self, editor: Editor) -> None:
        """Close what the test opened and wait for the check of that (its diagnostics
        come before the answer to a request that waits for it); then forget them."""
        for path in list(editor.versions):
            editor.close(path)
        await self._checked(editor)
        assert await self._all_symbols(editor) == self.symbols, "a test left a page behind in the shared server"
        editor.diagnostics.clear()
        editor.versions.clear()
        editor.texts.clear()
        editor.messages.clear()

    @staticmethod
    async def _checked(editor: Editor) -> None:
        """Once the server's check of what it was told so far is done (document symbols wait for it)."""
        request = types.DocumentSymbolParams(text_document=editor.doc("wiki/index.md"))
        await asyncio.wait_for(editor.client.text_document_document_symbol_async(request), WAIT)

    @staticmethod
    async def _all_symbols(editor: Editor) -> list[tuple[str, str]]:
        found = await editor.client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
        return sorted((s.name, s.location.uri) for s in found or [])  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    server = Shared(write_wiki(tmp_path_factory.mktemp("lsp") / "p", dict(WIKI)))
    try:
        yield server
        assert snapshot_of(server.root) == snapshot_of(write_wiki(tmp_path_factory.mktemp("lsp") / "p", dict(WIKI)))
    finally:
        try:
            server.stop()
        finally:
            server.loop.close()


def snapshot_of(root: Path) -> dict[str, bytes]:
    """The wiki's files (the server's cache aside)."""
    return {path: data for path, data in snapshot(root).items() if not path.startswith(".wikiforge")}


def codes(found: list[types.Diagnostic]) -> list[tuple[str | None, int, int]]:
    return [(str(d.code), d.range.start.line, d.range.start.character) for d in found]


def test_diagnostics_follow_the_unsaved_buffer_with_check_codes_and_docs(shared: Shared) -> None:
    async def test(editor: Editor) -> None:
        editor.open("wiki/index.md")
        assert await editor.published("wiki/index.md") == []
        editor.change("wiki/index.md", HOME + "See [[no-such-page]] and [[OKR]].\n")
        found = await editor.published("wiki/index.md")
        assert codes(found) == [("WF101", 9, 4), ("WF104", 9, 25)]
        broken = found[0]
        assert broken.severity == types.DiagnosticSeverity.Error and broken.source == "wikiforge"
        assert broken.code_description is not None and broken.code_description.href.endswith("#wf101-broken-link")
        assert (broken.range.end.line, broken.range.end.character) == (9, 20)
        assert not (editor.root / "wiki/index.md").read_text().count("no-such-page")  # never saved
        editor.change("wiki/index.md", HOME)
        assert await editor.published("wiki/index.md") == []
        editor.close("wiki/index.md")

    shared.run(test)


def test_an_edit_reaches_other_open_pages_and_closing_clears_a_document(shared: Shared) -> None:
    async def test(editor: Editor) -> None:
        editor.open("wiki/index.md")
        editor.open("wiki/knowledge/okr.md")
        await editor.published("wiki/knowledge/okr.md")
        editor.change("wiki/knowledge/okr.md", OKR.replace("## Scoring", "## Marking"))
        await editor.published("wiki/knowledge/okr.md")
        assert codes(await editor.published("wiki/index.md", version=1)) == [("WF102", 8, 21)]
        editor.close("wiki/knowledge/okr.md")
        await asyncio.sleep(0.5)
        assert editor.diagnostics[editor.uri("wiki/knowledge/okr.md")][1] == []
        assert codes(await editor.published("wiki/index.md", version=1)) == []  # the disk's okr has the heading

    shared.run(test)


def test_the_config_selects_rules_and_suppressions_hold(tmp_path: Path) -> None:
    files = {**WIKI, "wikiforge.toml": 'ignore = ["case-mismatch"]\n' + CONFIG}

    async def test(editor: Editor) -> None:
        editor.open("wiki/index.md", HOME + "[[OKR]] <!-- wikiforge-disable-next-line broken-link -->\n[[gone]]\n")
        assert codes(await editor.published("wiki/index.md")) == []

    session(tmp_path, test, files)


def test_diagnostics_equal_the_check_of_the_same_text(shared: Shared, tmp_path: Path) -> None:
    from wikiforge.lint.selection import load_settings
    from wikiforge.pipeline import analyse

    text = HOME + "[[okr#Nope]] TODO [[acme|x]] [[Nothing]] ![[missing.png]]\n[](gone.md)\n"

    async def test(editor: Editor) -> None:
        editor.open("wiki/index.md", text)
        found = await editor.published("wiki/index.md")
        saved = tmp_path / "saved"  # the same wiki with the text saved (the server's own copy stays as it is)
        shutil.copytree(editor.root, saved, ignore=shutil.ignore_patterns(".wikiforge*"))
        (saved / "wiki/index.md").write_text(text, encoding="utf-8")
        config, selection = load_settings(saved)
        expected = [d for d in analyse(config, selection=selection).diagnostics if d.path == "wiki/index.md"]
        assert codes(found) == [(d.code, d.span.line - 1, d.span.column - 1) for d in expected]
        assert [d.message.split(" (did you mean")[0] for d in found] == [d.message for d in expected]

    shared.run(test)


def test_broken_yaml_binary_and_outside_files_get_answers_not_a_crash(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("[[nothing]]\n")

    async def test(editor: Editor) -> None:
        editor.open("wiki/index.md", "---\ntitle: [unclosed\n---\n# Home\n")
        found = await editor.published("wiki/index.md")
        assert [str(d.code) for d in found] == ["WF301"]
        editor.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=outside.as_uri(), language_id="markdown", version=1, text="x")
            )
        )
        editor.open("wiki/picture.png", "\x89PNG\x00\x00")
        hover = await editor.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=outside.as_uri()),
                position=types.Position(line=0, character=3),
            )
        )
        assert hover is None
        symbols = await editor.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="okr"))
        assert [s.name for s in symbols or []] == ["OKR Framework"]

    session(tmp_path, test)


async def _complete(editor: Editor, path: str, text: str, after: str) -> list[types.CompletionItem]:
    editor.change(path, text) if path in editor.versions else editor.open(path, text)
    await editor.published(path)
    position = editor.position(path, after, len(after))
    found = await editor.client.text_document_completion_async(
        types.CompletionParams(text_document=editor.doc(path), position=position)
    )
    assert isinstance(found, types.CompletionList)
    return list(found.items)


def test_completion_of_pages_aliases_headings_blocks_and_tags(shared: Shared) -> None:
    async def test(editor: Editor) -> None:
        items = await _complete(editor, "wiki/index.md", HOME + "Next: [[ok\n", "Next: [[ok")
        inserted = {i.label: i.text_edit.new_text for i in items if i.text_edit is not None}  # type: ignore[union-attr]
        assert inserted["okr"] == "okr]]" and inserted["Objectives"] == "okr|Objectives]]"
        assert next(i for i in items if i.label == "okr").detail == "OKR Framework"
        items = await _complete(editor, "wiki/index.md", HOME + "Next: [[okr#Sc]]\n", "Next: [[okr#Sc")
        assert [i.label for i in items] == ["OKR Framework", "Scoring", "Grades"]
        assert items[1].text_edit.new_text == "Scoring"  # type: ignore[union-attr]
        items = await _complete(editor, "wiki/index.md", HOME + "Next: [[okr#^\n", "Next: [[okr#^")
        assert [(i.label, i.text_edit.new_text) for i in items] == [("scoring-rule", "scoring-rule]]")]  # type: ignore[union-attr]
        items = await _complete(editor, "wiki/index.md", HOME + "Tagged #st\n", "#st")
        assert [i.label for i in items] == ["strategy"]

    shared.run(test)


def test_completion_of_frontmatter_keys_and_values(shared: Shared) -> None:
    async def test(editor: Editor) -> None:
        head = "---\ntitle: Beta\ntype: client\n"
        items = await _complete(editor, "wiki/clients/beta.md", head + "ti\n---\n# Beta\n", "\nti")
        assert {"tier", "tier_history", "title"} <= {i.label for i in items}
        items = await _complete(editor, "wiki/clients/beta.md", head + "tier: \n---\n", "tier: ")
        assert [(i.label, i.detail) for i in items][:2] == [("1", "Tier 1"), ("2", "Tier 2")]
        items = await _complete(editor, "wiki/clients/beta.md", head + "growth_potential: m\n---\n", "potential: m")
        assert [i.label for i in items] == ["medium"]
        items = await _complete(editor, "wiki/clients/beta.md", "---\ntype: a\n---\n", "type: a")
        assert [i.label for i in items] == ["article"]
        items = await _complete(editor, "wiki/clients/beta.md", "---\ntags:\n  - st\n---\n", "  - st")
        assert [i.label for i in items] == ["strategy"]

    shared.run(test)


def test_definition_of_a_heading_link_and_a_source_document(shared: Shared) -> None:
    async def test(editor: Editor) -> None:
        editor.open("wiki/index.md")
        await editor.published("wiki/index.md")
        found = await editor.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=editor.doc("wiki/index.md"), position=editor.position("wiki/index.md", "okr#Scoring")
            )
        )
        assert isinstance(found, list) and found[0].uri == editor.uri("wiki/knowledge/okr.md")
        assert found[0].range.start.line == 10
        found = await editor.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=editor.doc("wiki/index.md"), position=editor.position("wiki/index.md", "raw/interview", 4)
            )
        )
        assert isinstance(found, list) and found[0].uri == editor.uri("raw/interview.md")

    shared.run(test)


def test_references_to_a_page_and_to_a_heading(shared: Shared) -> None:
    async def test(editor: Editor) -> None:
        editor.open("wiki/knowledge/okr.md")
        await editor.published("wiki/knowledge/okr.md")
        doc = editor.doc("wiki/knowledge/okr.md")
        context = types.ReferenceContext(include_declaration=False)
        page = await editor.client.text_document_references_async(
            types.ReferenceParams(text_document=doc, position=types.Position(line=8, character=0), context=context)
        )
        assert sorted((r.uri.rpartition("/")[2], r.range.start.line) for r in page or []) == [
            ("acme.md", 10),
            ("index.md", 8),
            ("index.md", 8),
        ]
        heading = await editor.client.text_document_references_async(
            types.ReferenceParams(
                text_document=doc, position=editor.position("wiki/knowledge/okr.md", "Grades"), context=context
            )
        )
        assert [(r.uri.rpartition("/")[2], r.range.start.line) for r in heading or []] == [("acme.md", 10)]

    shared.run(test)


def test_hover_on_a_link_and_on_a_clients_tier(shared: Shared) -> None:
    async def test(editor: Editor) -> None:
        editor.open("wiki/clients/acme.md")
        await editor.published("wiki/clients/acme.md")
        doc = editor.doc("wiki/clients/acme.md")
        hover = await editor.client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=editor.position("wiki/clients/acme.md", "okr#Grades"))
        )
        assert hover is not None
        text = hover.contents.value  # type: ignore[union-attr]
        assert "**OKR Framework**" in text and "keep client work honest" in text and "Linked from 2 pages" in text
        hover = await editor.client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=editor.position("wiki/clients/acme.md", "tier: 2", 1))
        )
        assert hover is not None and "Acme: Tier 2" in hover.contents.value  # type: ignore[union-attr]

    shared.run(test)


def test_renaming_a_page_rewrites_every_link_and_check_agrees(tmp_path: Path) -> None:
    from wikiforge.lint.selection import load_settings
    from wikiforge.pipeline import analyse

    async def test(editor: Editor) -> None:
        config, selection = load_settings(editor.root)
        before = [d.code for d in analyse(config, selection=selection).diagnostics]
        assert before == ["WF505"]  # acme has no OKRs
        editor.open("wiki/knowledge/okr.md")
        await editor.published("wiki/knowledge/okr.md")
        doc = editor.doc("wiki/knowledge/okr.md")
        prepared = await editor.client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc, position=types.Position(line=8, character=2))
        )
        assert prepared is not None and prepared.placeholder == "okr"  # type: ignore[union-attr]
        edit = await editor.client.text_document_rename_async(
            types.RenameParams(text_document=doc, position=types.Position(line=8, character=2), new_name="objectives")
        )
        assert edit is not None
        editor.apply(edit)
        assert "[[objectives]] and [[objectives#Scoring|the scoring]]" in (editor.root / "wiki/index.md").read_text()
        assert (editor.root / "wiki/knowledge/objectives.md").exists()
        config, selection = load_settings(editor.root)
        assert [d.code for d in analyse(config, selection=selection).diagnostics] == before
        for new_name, why in (("clients/acme", "already exists"), ("../clients/acme", "content folder")):
            with pytest.raises(Exception, match=why):
                await editor.client.text_document_rename_async(
                    types.RenameParams(
                        text_document=editor.doc("wiki/index.md"),
                        position=types.Position(line=8, character=0),
                        new_name=new_name,
                    )
                )
        symbols = await editor.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="home"))
        assert [s.name for s in symbols or []] == ["Home"]  # the server still answers

    session(tmp_path, test)


def test_renaming_a_heading_rewrites_its_links(tmp_path: Path) -> None:
    async def test(editor: Editor) -> None:
        editor.open("wiki/knowledge/okr.md")
        await editor.published("wiki/knowledge/okr.md")
        doc = editor.doc("wiki/knowledge/okr.md")
        position = editor.position("wiki/knowledge/okr.md", "## Scoring", 4)
        prepared = await editor.client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc, position=position)
        )
        assert prepared is not None and prepared.placeholder == "Scoring"  # type: ignore[union-attr]
        edit = await editor.client.text_document_rename_async(
            types.RenameParams(text_document=doc, position=position, new_name="Marking")
        )
        assert edit is not None
        editor.apply(edit)
        assert "## Marking\n" in (editor.root / "wiki/knowledge/okr.md").read_text()
        assert "[[okr#Marking|the scoring]]" in (editor.root / "wiki/index.md").read_text()

    session(tmp_path, test)


def test_code_actions_fix_and_create_the_missing_page(tmp_path: Path) -> None:
    async def test(editor: Editor) -> None:
        text = HOME + "See [[OKR]] and [[Team Charter]].\n"
        editor.open("wiki/index.md", text)
        found = await editor.published("wiki/index.md")
        actions = await editor.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=editor.doc("wiki/index.md"),
                range=types.Range(start=types.Position(line=9, character=0), end=types.Position(line=9, character=40)),
                context=types.CodeActionContext(diagnostics=found),
            )
        )
        titles = [a.title for a in actions or [] if isinstance(a, types.CodeAction)]
        assert titles[0].startswith("WF104: replace 'OKR' with 'okr'")
        assert "Create wiki/Team Charter.md (article)" in titles
        create = next(a for a in actions or [] if isinstance(a, types.CodeAction) and "(article)" in a.title)
        assert create.edit is not None
        editor.apply(create.edit)
        page = (editor.root / "wiki/Team Charter.md").read_text()
        assert "title: Team Charter" in page and "type: article" in page

    session(tmp_path, test)


def test_document_and_workspace_symbols(shared: Shared) -> None:
    async def test(editor: Editor) -> None:
        editor.open("wiki/knowledge/okr.md")
        await editor.published("wiki/knowledge/okr.md")
        outline = await editor.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=editor.doc("wiki/knowledge/okr.md"))
        )
        top = outline[0]  # type: ignore[index]
        assert top.name == "OKR Framework" and [c.name for c in top.children] == ["Scoring"]  # type: ignore[union-attr]
        assert [c.name for c in top.children[0].children] == ["Grades"]  # type: ignore[union-attr]
        found = await editor.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="acm"))
        assert [(s.name, s.location.uri.rpartition("/")[2]) for s in found or []] == [("Acme", "acme.md")]  # type: ignore[union-attr]

    shared.run(test)


def test_columns_are_counted_as_the_client_counts_them(shared: Shared) -> None:
    async def test(editor: Editor) -> None:
        editor.open("wiki/index.md", HOME + "😀 é [[nowhere]]\n")
        found = await editor.published("wiki/index.md")
        assert [(d.range.start.character, d.range.end.character) for d in found] == [(5, 16)]

    shared.run(test)


def test_the_first_check_parses_on_every_core_inside_the_server(tmp_path: Path) -> None:
    """A wiki large enough for the process pool: forked workers must not wait on the
    stream the server reads the editor from (they once did, forever)."""
    from conftest import generate_wiki

    root = generate_wiki(tmp_path / "generated", 120)

    async def run() -> None:
        async with Editor(root) as editor:
            page = sorted((root / "wiki").rglob("*.md"))[3].relative_to(root).as_posix()
            editor.open(page, (root / page).read_text() + "\n[[no-such-page-at-all]]\n")
            found = await editor.published(page)
            assert "WF101" in [str(d.code) for d in found]

    asyncio.run(run())


@pytest.mark.parametrize(
    ("setting", "inserted"),
    [
        ('link_format = "absolute"\n', "wiki/knowledge/okr]]"),
        ('link_format = "relative"\n', "knowledge/okr]]"),
        ("", "okr]]"),
    ],
)
def test_completion_writes_links_as_the_config_asks(tmp_path: Path, setting: str, inserted: str) -> None:
    files = {**WIKI, "wikiforge.toml": setting + CONFIG}

    async def test(editor: Editor) -> None:
        items = await _complete(editor, "wiki/index.md", HOME + "Next: [[ok\n", "Next: [[ok")
        assert next(i for i in items if i.label.endswith("okr")).text_edit.new_text == inserted  # type: ignore[union-attr]

    session(tmp_path, test, files)


def test_completion_follows_obsidians_new_link_format(tmp_path: Path) -> None:
    files = {**WIKI, "wiki/.obsidian/app.json": '{"newLinkFormat": "relative"}'}

    async def test(editor: Editor) -> None:
        items = await _complete(editor, "wiki/clients/acme.md", ACME + "Next: [[ok\n", "Next: [[ok")
        assert next(i for i in items if i.label.endswith("okr")).text_edit.new_text == "../knowledge/okr]]"  # type: ignore[union-attr]

    session(tmp_path, test, files)


def test_files_changed_outside_the_editor_are_watched_and_taken_in(tmp_path: Path) -> None:
    root = write_wiki(tmp_path / "p", dict(WIKI))
    watching = types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(did_change_watched_files=watching)
    )

    async def run() -> None:
        editor = Editor(root, capabilities)
        registered: list[str] = []

        @editor.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(ls: object, params: types.RegistrationParams) -> None:
            registered.extend(r.method for r in params.registrations)

        async with editor:
            editor.open("wiki/index.md", HOME + "[[team-charter]]\n")
            assert [str(d.code) for d in await editor.published("wiki/index.md")] == ["WF101"]
            assert registered == ["workspace/didChangeWatchedFiles"]
            (root / "wiki/team-charter.md").write_text("# Team Charter\n")
            created = types.FileEvent(uri=editor.uri("wiki/team-charter.md"), type=types.FileChangeType.Created)
            editor.diagnostics.clear()
            editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[created]))
            assert await editor.published("wiki/index.md") == []

    asyncio.run(run())


def test_definition_of_a_block_link_and_an_attachment(tmp_path: Path) -> None:
    files = {**WIKI, "wiki/assets/chart.png": "\x89PNG"}

    async def test(editor: Editor) -> None:
        text = HOME + "Rule: [[okr#^scoring-rule]] and ![[chart.png]]\n"
        editor.open("wiki/index.md", text)
        assert await editor.published("wiki/index.md") == []
        doc = editor.doc("wiki/index.md")
        block = await editor.client.text_document_definition_async(
            types.DefinitionParams(text_document=doc, position=editor.position("wiki/index.md", "okr#^", 2))
        )
        assert isinstance(block, list) and block[0].uri == editor.uri("wiki/knowledge/okr.md")
        assert block[0].range.start.line == 12  # the paragraph holding ^scoring-rule
        image = await editor.client.text_document_definition_async(
            types.DefinitionParams(text_document=doc, position=editor.position("wiki/index.md", "chart.png", 2))
        )
        assert isinstance(image, list) and image[0].uri == editor.uri("wiki/assets/chart.png")

    session(tmp_path, test, files)


def test_a_page_whose_name_needs_escaping_in_a_uri(tmp_path: Path) -> None:
    """Editors send `My%20Notes.md`; the server answers about that URI, not another
    spelling of it, and reads that buffer."""
    files = {**WIKI, "wiki/Team Notes é.md": "# Team Notes\n\nSee [[okr]].\n"}

    async def test(editor: Editor) -> None:
        path = "wiki/Team Notes é.md"
        assert "%20" in editor.uri(path)
        editor.open(path, "# Team Notes\n\nSee [[okr]] and [[nowhere]].\n")
        assert [str(d.code) for d in await editor.published(path)] == ["WF401", "WF101"]  # no page links here
        hover = await editor.client.text_document_hover_async(
            types.HoverParams(text_document=editor.doc(path), position=editor.position(path, "[[nowhere", 3))
        )
        assert hover is not None and "nowhere" in hover.contents.value  # type: ignore[union-attr]

    session(tmp_path, test, files)
