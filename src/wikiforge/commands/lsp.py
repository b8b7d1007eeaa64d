"""`wikiforge lsp`: run the language server on stdin and stdout until the editor stops it.

Exit code 0 when the editor ends the session; nothing is written to stdout but the
protocol, and the server's own log goes to stderr (warnings and errors only, unless
`--log-level` asks for more).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..load.options import LoadOptions
from .check import Echo


@dataclass(frozen=True)
class LspRequest:
    load: LoadOptions
    log_level: str = "WARNING"


def execute(request: LspRequest, out: Echo, err: Echo) -> int:
    from ..lsp.server import make_server  # on demand: pygls loads only for this command

    logging.basicConfig(level=request.log_level, format="wikiforge lsp: %(levelname)s: %(message)s")
    make_server(request.load).start_io()
    return 0
