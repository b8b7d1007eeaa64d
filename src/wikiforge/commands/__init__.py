"""Commands: what `check`, `build` and `tiers` do with a request, writing to the given
output streams and returning an exit code (the CLI only parses options into requests).
"""
