"""`wikiforge lsp`: run the language server on stdin and stdout until the editor stops it.

Exit code 0 when the editor ends the session; nothing is written to stdout but the
protocol, and the server's own log goes to stderr (warnings and errors only, unless
`--log-level` asks for more).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from typing import BinaryIO

from ..load.options import LoadOptions
from .check import Echo


@dataclass(frozen=True)
class LspRequest:
    load: LoadOptions
    log_level: str = "WARNING"


def execute(request: LspRequest, out: Echo, err: Echo) -> int:
    from ..lsp.server import make_server  # on demand: pygls loads only for this command

    logging.basicConfig(level=request.log_level, format="wikiforge lsp: %(levelname)s: %(message)s")
    protocol_in, protocol_out = _protocol_streams()
    make_server(request.load).start_io(protocol_in, protocol_out)
    return 0


def _protocol_streams() -> tuple[BinaryIO, BinaryIO]:
    """Stdin and stdout for the protocol alone, as streams of their own; `sys.stdin` is
    then empty and `sys.stdout` is stderr.

    The first check parses on every core with forked workers. A forked worker closes
    `sys.stdin` and flushes `sys.stdout` as it starts and ends, which waits on the
    stream's lock; the server's reader thread holds stdin's lock while it waits for the
    editor, and a fork copies that lock held, so a worker on the shared stream would
    wait forever. Stray prints cannot break the protocol either."""
    protocol_in = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the life of the process
    sys.stdout = sys.stderr
    return protocol_in, protocol_out
