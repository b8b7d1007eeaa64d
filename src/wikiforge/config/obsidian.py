"""What an Obsidian vault's own settings say about how links are written.

Obsidian keeps "New link format" (Settings → Files and links) as `newLinkFormat` in
`.obsidian/app.json`: `shortest` (the name alone when it is unique), `relative` (from
the note's folder) or `absolute` (from the vault's root). The vault is the folder that
holds `.obsidian/`: the project root, or the content folder when that is the vault.
"""

from __future__ import annotations

import json
from pathlib import Path

LINK_FORMATS = ("shortest", "relative", "absolute")


def vault_links(root: Path, content_dir: str) -> tuple[str | None, str]:
    """Obsidian's link format for this project (None when no vault setting says), and
    the vault's folder as a prefix of project paths ("" or `wiki/`)."""
    places = [(root, "")]
    if content_dir not in (".", ""):
        places.insert(0, (root / content_dir, content_dir + "/"))
    for folder, prefix in places:
        settings = folder / ".obsidian"
        if not settings.is_dir():
            continue
        try:
            value = json.loads((settings / "app.json").read_text(encoding="utf-8")).get("newLinkFormat")
        except (OSError, ValueError, AttributeError):
            value = None
        return (value if value in LINK_FORMATS else None), prefix
    return None, ""
