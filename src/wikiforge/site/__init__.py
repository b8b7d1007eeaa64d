"""The static site: `wikiforge build`."""
