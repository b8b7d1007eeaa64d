"""File and folder names whose bytes are not UTF-8 (Python decodes them to lone surrogates)."""

import os
from pathlib import Path

COMMANDS = [["check"], ["check", "--no-cache"], ["build"], ["build", "--no-cache"], ["tiers", "--clients"]]


def make(root: Path) -> None:
    wiki = os.path.join(os.fsencode(root), b"wiki")
    os.makedirs(os.path.join(wiki, b"archiv-\xe4"))
    pages = {
        b"caf\xe9.md": b"# Cafe\n\n[[index]]\n",
        b"archiv-\xe4/old.md": b"# Old\n",
        b"photo-\xff.png": b"\x89PNG",
        b"index.md": b"# Index\n\n[[ok]]\n",
        b"ok.md": b"---\ntype: client\ntier: 1\n---\n# OK\n\n[[index]]\n",
    }
    for name, data in pages.items():
        with open(os.path.join(wiki, name), "wb") as file:
            file.write(data)
