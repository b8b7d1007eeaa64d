"""wikiforge: a Markdown wiki compiler and linter."""

__version__ = "0.1.0"
