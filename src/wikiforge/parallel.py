"""The per-page stage on every core: pages parsed in chunks by a process pool.

Parsing is a pure function of a file's bytes and the parse options, so pages can be
parsed anywhere in any order; results come back in the order they were asked for, so a
run on eight processes gives what a run on one gives. Chunks amortise what each task
costs to send and return. A pool that cannot start or breaks (no /dev/shm, a worker
killed) is not an error: the pages it did not return are parsed here instead. Workers
end when the run that started them is killed, rather than parse on as orphans.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .page import ParseOptions, parse_page
from .records import PageRecord

Task = tuple[str, str, bytes]
"""(path, role, file bytes) of one page to parse."""

SERIAL_BELOW = 64
"""Fewer pages than this are parsed in this process: a pool would cost more than it saves."""
CHUNKS_PER_JOB = 8
MAX_CHUNK = 256


def default_jobs() -> int:
    """One process per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_all(
    tasks: list[Task], options: ParseOptions, jobs: int | None, tick: Callable[[], object]
) -> list[PageRecord]:
    """Records of `tasks`, in order; `tick` is called once per page parsed."""
    jobs = jobs or default_jobs()
    records: list[PageRecord] = []
    if jobs > 1 and len(tasks) >= SERIAL_BELOW:
        try:
            for chunk in _pooled(tasks, options, jobs):
                records += chunk
                for _ in chunk:
                    tick()
        except (BrokenProcessPool, OSError):
            pass  # the rest is parsed below, in this process
    for task in tasks[len(records) :]:
        records.append(parse_one(task, options))
        tick()
    return records


def _pooled(tasks: list[Task], options: ParseOptions, jobs: int) -> Iterator[list[PageRecord]]:
    size = max(1, min(MAX_CHUNK, -(-len(tasks) // (jobs * CHUNKS_PER_JOB))))
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(jobs, len(chunks))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_follow_parent, initargs=(os.getpid(),)) as pool:
        yield from pool.map(_parse_chunk, chunks, [options] * len(chunks))


def _follow_parent(parent: int) -> None:
    """End this worker once `parent` is gone: a killed run (SIGKILL, out of memory) cannot
    shut its pool down, and forked workers hold the task pipe's write end open themselves,
    so they would wait for work forever, each holding the run's output pipes open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="wikiforge-parent-watch", daemon=True).start()


PARENT_POLL = 0.5
"""Seconds between a worker's checks that the run that started it is still there."""


def _parse_chunk(chunk: list[Task], options: ParseOptions) -> list[PageRecord]:
    return [parse_one(task, options) for task in chunk]


def parse_one(task: Task, options: ParseOptions) -> PageRecord:
    """Parse one page; a bug of ours on one page is a record saying so, not a crash."""
    path, role, data = task
    try:
        return parse_page(path, data, role, options)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others
        return PageRecord.unreadable(
            path, role, f"could not be parsed ({type(exc).__name__}: {exc}); please report this"
        )
