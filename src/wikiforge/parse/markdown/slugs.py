"""Heading slugs: the ids the site gives headings, and one of the forms an anchor finds
a heading by (so `[[page#step-1-setup]]` reaches `## Step 1: Setup`)."""

from __future__ import annotations

import re

_SLUG_DROPPED = re.compile(r"[^\w\- ]")


def slugify(text: str) -> str:
    """GitHub-style slug: lower case, punctuation dropped, spaces become dashes."""
    return _SLUG_DROPPED.sub("", text.strip().lower()).replace(" ", "-")
