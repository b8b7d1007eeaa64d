#!/usr/bin/env python3
"""Time `wikiforge lsp` as an editor uses it: diagnostics after a keystroke, completion.

Starts `wikiforge lsp` in WIKI over stdio (pygls' client, as an editor talks to it), opens
one page, then EDITS times replaces its buffer with a new text holding a new broken link
(never saved) and times each change to the diagnostics published for that version; then
times EDITS completion requests after `[[` with two letters typed. Prints
`edit-to-diagnostics X s` and `completion X s` (medians) for bench.py. Nothing is written
to the wiki.

Usage: lsp_latency.py WIKI [EDITS]
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from statistics import median

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from wikis import EDIT_STRIDE, page_files

WAIT = 600.0


async def measure(wiki: Path, edits: int) -> tuple[list[float], list[float]]:
    client = LanguageClient("wikiforge-bench", "1")
    published: dict[str, int | None] = {}
    news = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(ls: object, params: types.PublishDiagnosticsParams) -> None:
        published[params.uri] = params.version
        news.set()

    async def version(uri: str, wanted: int) -> None:
        while published.get(uri) != wanted:
            news.clear()
            await asyncio.wait_for(news.wait(), WAIT)

    await client.start_io("/bin/sh", "-c", 'exec "$0" -m wikiforge lsp 2>/dev/null', sys.executable, cwd=str(wiki))
    params = types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=wiki.as_uri())
    await client.initialize_async(params)
    client.initialized(types.InitializedParams())
    pages = page_files(wiki)
    page = pages[EDIT_STRIDE % len(pages)]
    uri, text = page.as_uri(), page.read_text(encoding="utf-8")
    item = types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    await version(uri, 1)
    checks, completions = [], []
    for number in range(2, edits + 2):
        started = time.perf_counter()
        change(client, uri, number, text + f"\n\nTyped by the benchmark: [[nowhere-{number}]].\n")
        await version(uri, number)
        checks.append(time.perf_counter() - started)
    typed = text + "\n\nSee [[ke"
    change(client, uri, edits + 2, typed)
    await version(uri, edits + 2)
    end = types.Position(line=typed.count("\n"), character=len(typed.rpartition("\n")[2]))
    for _ in range(edits):
        started = time.perf_counter()
        await client.text_document_completion_async(
            types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=end)
        )
        completions.append(time.perf_counter() - started)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return checks, completions


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    document = types.VersionedTextDocumentIdentifier(version=version, uri=uri)
    whole = types.TextDocumentContentChangeWholeDocument(text=text)
    client.text_document_did_change(types.DidChangeTextDocumentParams(text_document=document, content_changes=[whole]))


def main() -> int:
    wiki, edits = Path(sys.argv[1]).resolve(), int(sys.argv[2]) if len(sys.argv) > 2 else 9
    checks, completions = asyncio.run(measure(wiki, edits))
    print(f"edit-to-diagnostics {median(checks):.3f} s ({', '.join(f'{c:.3f}' for c in checks)})")
    print(f"completion {median(completions):.3f} s ({', '.join(f'{c:.3f}' for c in completions)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
