"""Globs over page paths, as config options such as `per-file-ignores` write them."""

from __future__ import annotations

import fnmatch


def path_matches(pattern: str, path: str, content_dir: str) -> bool:
    """Whether a glob names the file at `path` (relative to the project root).

    The glob may be written from the project root (`wiki/clients/*.md`) or from the
    content folder (`clients/*.md`). `*` matches across folders, so `clients/*` covers
    sub-folders and `*/index.md` every index page below the top; a glob ending in `/`
    names everything in that folder.
    """
    pattern = pattern.strip().removeprefix("./")
    candidates = [path]
    if content_dir != "." and path.startswith(content_dir + "/"):
        candidates.append(path[len(content_dir) + 1 :])
    if pattern.endswith("/"):
        pattern += "*"
    return any(fnmatch.fnmatchcase(candidate, pattern) for candidate in candidates)
