"""Resolve: records in, what every link reaches out.

The one resolver (`resolver`) names a link's target as Obsidian would; `links` resolves
each page's links once, with their anchors (`anchors`); `graph` is the link graph.
"""
