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
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..core.records import PageRecord
from ..parse.options import ParseOptions

Task = tuple[str, str, bytes]
"""(path, role, file bytes) of one page to parse."""

SERIAL_BELOW = 64
"""Fewer pages than this are parsed in this process: a pool would cost more than it saves."""
CHUNKS_PER_JOB = 8
MAX_CHUNK = 256
PARSE_HERE_BYTES = 256 * 1024
"""Pages at least this large are parsed by this process while the pool parses the rest:
a worker's record of a 1 MB page takes longer to send back than the page took to read."""


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
    records: dict[int, PageRecord] = {}
    if jobs > 1 and len(tasks) >= SERIAL_BELOW:
        here = parsed_here(tasks, jobs)
        try:
            for index, record in _pooled(tasks, here, options, jobs):
                records[index] = record
                tick()
        except (BrokenProcessPool, OSError) as error:
            pool_stopped("parsing", error)  # the rest is parsed below, in this process
    for index, task in enumerate(tasks):
        if index not in records:
            records[index] = parse_one(task, options)
            tick()
    return [records[index] for index in range(len(tasks))]


def pool_stopped(work: str, error: BaseException) -> None:
    """Say that worker processes could not start or broke, and that `work` goes on in
    this process: the run loses nothing, but it takes as long as one core takes, and a
    silent fallback once hid why a 100,000-page check did (the system had run out of
    memory mappings)."""
    sys.stderr.write(
        f"wikiforge: warning: worker processes stopped ({type(error).__name__}: {error}); {work} on one core\n"
    )


def parsed_here(tasks: list[Task], jobs: int) -> set[int]:
    """Which pages this process parses itself: the largest, from the top, while each is
    at least `PARSE_HERE_BYTES` and together they are no more than the largest one or
    a fair share of all the bytes (one part in `jobs + 1`), so the pool is never idle
    waiting on one page while this process parses many."""
    share = sum(len(data) for _, _, data in tasks) / (jobs + 1)
    chosen: set[int] = set()
    taken = 0
    for index in sorted(range(len(tasks)), key=lambda i: -len(tasks[i][2])):
        size = len(tasks[index][2])
        if size < PARSE_HERE_BYTES or (chosen and taken + size > share):
            break
        chosen.add(index)
        taken += size
    return chosen


def _pooled(tasks: list[Task], here: set[int], options: ParseOptions, jobs: int) -> Iterator[tuple[int, PageRecord]]:
    """(index, record) of every task: those in `here` parsed in this process while the
    pool, already given the others, parses them."""
    sent = [index for index in range(len(tasks)) if index not in here]
    size = max(1, min(MAX_CHUNK, -(-len(sent) // (jobs * CHUNKS_PER_JOB))))
    chunks = [sent[i : i + size] for i in range(0, len(sent), size)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(jobs, len(chunks))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=follow_parent, initargs=(os.getpid(),)) as pool:
        results = pool.map(_parse_chunk, [[tasks[i] for i in chunk] for chunk in chunks], [options] * len(chunks))
        for index in sorted(here):
            yield index, parse_one(tasks[index], options)
        for chunk, records in zip(chunks, results, strict=True):
            yield from zip(chunk, records, strict=True)


def follow_parent(parent: int) -> None:
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
    from ..parse.page import parse_page  # on demand: a run with nothing to parse never loads the parser

    path, role, data = task
    try:
        return parse_page(path, data, role, options)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others
        return PageRecord.unreadable(
            path, role, f"could not be parsed ({type(exc).__name__}: {exc}); please report this"
        )
