"""The global graph page: the theme's script (`graph.js`) draws it from the graph data
file (`graph_data`), so the page itself shows only what every page shows, and its
group's fingerprint is the site's. Each page's local graph starts from the list of its
neighbours the page carries (`neighbours`).
"""

from __future__ import annotations

from typing import Any

from .context import breadcrumbs, common
from .site_index import SiteIndex

Generated = tuple[str, str, dict[str, Any]]


def graph_page(index: SiteIndex) -> Generated:
    at = index.layout.generated("graph")
    return at, "graph.html", common(index, at, "Graph", breadcrumbs(index, "", at))
