"""Rendering the wiki's pages on every core, each page's HTML the bytes one process makes.

A page's HTML is a pure function of the build's `SiteIndex` and the templates, so worker
processes forked once the index is made render chunks of pages from the very objects the
build holds (inherited, not sent), and send back only the HTML. The writer stays in this
process and writes the pages in their order, so the site, its fingerprints and its
manifest are those of a build on one core. One page is rendered here first, so the
templates are compiled once before the fork and never by two processes at once.

Forking needs a platform that has it, and is skipped for a build with few pages to render
(a pool costs more than it saves), for one process (`--jobs 1`), and under a server that
runs threads (`serve`, which asks for one process). A pool that cannot start or breaks
is not an error: the pages it did not return are rendered here.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from jinja2 import Environment

from ..load.parallel import follow_parent, pool_stopped
from .site_index import SiteIndex

PageHtml = tuple[str, bool, list[str]]
"""A page's HTML, whether it rendered (else it is the page saying why), and warnings."""
Renderer = Callable[[Environment, SiteIndex, str, str], PageHtml]
"""(env, index, path, site file) → the page's HTML."""

POOL_FROM = 200
"""Fewer pages to render than this are rendered here."""
CHUNK = 64

_shared: tuple[Environment, SiteIndex, Renderer] | None = None
"""What forked workers render from: set before the pool forks, cleared after."""


def render_pages(
    env: Environment, index: SiteIndex, pages: list[tuple[str, str]], render: Renderer, jobs: int
) -> Iterator[PageHtml]:
    """The HTML of each (path, site file) of `pages`, in order, on `jobs` processes."""
    if not pages:
        return
    first = render(env, index, *pages[0])  # compiles the templates before any fork
    yield first
    rest = pages[1:]
    if jobs <= 1 or len(rest) < POOL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        yield from (render(env, index, path, at) for path, at in rest)
        return
    yield from _pooled(env, index, rest, render, jobs)


def _pooled(
    env: Environment, index: SiteIndex, pages: list[tuple[str, str]], render: Renderer, jobs: int
) -> Iterator[PageHtml]:
    global _shared
    chunks = [pages[i : i + CHUNK] for i in range(0, len(pages), CHUNK)]
    done = 0
    _shared = (env, index, render)
    gc.freeze()  # the collector would touch, and so copy, every object the workers share
    try:
        context = multiprocessing.get_context("fork")
        parent = (os.getpid(),)  # workers end with a killed build, as the parse pool's do
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=follow_parent, initargs=parent
        ) as pool:
            for rendered in pool.map(_render_chunk, chunks):
                yield from rendered
                done += 1
    except (BrokenProcessPool, OSError) as error:
        pool_stopped("rendering", error)  # the rest are rendered below, in this process
    finally:
        _shared = None
        gc.unfreeze()
    for chunk in chunks[done:]:
        yield from (render(env, index, path, at) for path, at in chunk)


def _render_chunk(chunk: list[tuple[str, str]]) -> list[Any]:
    """In a worker: the HTML of each page of `chunk`, from what the build forked with."""
    assert _shared is not None, "a render worker is forked after the pages are shared"
    env, index, render = _shared
    return [render(env, index, path, at) for path, at in chunk]
