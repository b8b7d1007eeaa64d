"""`python -m wikiforge`."""

from wikiforge.cli import main

main()
