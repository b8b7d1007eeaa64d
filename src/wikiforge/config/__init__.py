"""Configuration: `wikiforge.toml` (or `[tool.wikiforge]`) read into a frozen `Config`.

Takes a project root; gives the settings every later stage reads. Knows nothing of pages.
"""
