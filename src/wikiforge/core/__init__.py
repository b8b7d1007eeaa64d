"""Core: the plain values and helpers every stage shares.

Findings (`diagnostic`), page records (`records`), where files land in the site
(`outputs`), atomic writes, safe paths, exact numbers, printable text and the one
"did you mean" (`suggest`). Nothing here imports another stage.
"""
