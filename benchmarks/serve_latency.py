#!/usr/bin/env python3
"""Time `wikiforge serve` from saving a page to the reload event that carries it.

Starts `wikiforge serve WIKI --port 0`, listens to its event stream as an open tab does,
then edits one page EDITS times (each a new text, once the last was served) and times each write
to the `rebuilt` event naming that page's site file: what a person waits between saving
and seeing the page reload. Prints `save-to-reload X s` (the median) for bench.py, which
reports it instead of this script's whole run. The page is restored afterwards.

Usage: serve_latency.py WIKI [EDITS]
"""

from __future__ import annotations

import functools
import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from statistics import median

from wikis import EDIT_STRIDE, page_files


def main() -> int:
    wiki, edits = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3
    command = [sys.executable, "-m", "wikiforge", "serve", str(wiki), "--port", "0"]
    # Ctrl-C's signal as a terminal sends it, even when this script runs in the
    # background (where the shell starts children with SIGINT ignored).
    restore = functools.partial(signal.signal, signal.SIGINT, signal.SIG_DFL)
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, preexec_fn=restore)
    assert server.stdout is not None
    started = re.search(r"at (http://\S+/)", server.stdout.readline())
    if started is None:
        server.kill()
        print("serve did not start", file=sys.stderr)
        return 1
    events: list[tuple[float, dict[str, object]]] = []
    threading.Thread(target=_listen, args=(started.group(1), events), daemon=True).start()
    page = page_files(wiki)[EDIT_STRIDE % len(page_files(wiki))]
    site_file = page.relative_to(wiki / "wiki").with_suffix("").as_posix() + "/index.html"
    original = page.read_bytes()
    waits = []
    try:
        time.sleep(0.5)  # the event stream connects
        for number in range(edits):
            seen = len(events)
            written = time.perf_counter()
            page.write_bytes(original + f"\n\nSaved by the benchmark, edit {number}.\n".encode())
            while not any(site_file in data["changed"] for _, data in events[seen:]):  # type: ignore[operator]
                time.sleep(0.002)
            waits.append(next(t for t, data in events[seen:] if site_file in data["changed"]) - written)  # type: ignore[operator]
            time.sleep(0.3)
    finally:
        seen = len(events)
        page.write_bytes(original)
        deadline = time.monotonic() + 60
        while len(events) == seen and time.monotonic() < deadline:  # the site is left as the wiki is
            time.sleep(0.01)
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    print(f"save-to-reload {median(waits):.3f} s ({', '.join(f'{w:.3f}' for w in waits)})")
    return 0


def _listen(url: str, events: list[tuple[float, dict[str, object]]]) -> None:
    with urllib.request.urlopen(url + "__wikiforge/events?since=1", timeout=3600) as stream:
        for line in stream:
            if line.startswith(b"data: "):
                events.append((time.perf_counter(), json.loads(line[6:])))


if __name__ == "__main__":
    sys.exit(main())
