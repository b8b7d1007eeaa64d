"""The serve stage: takes a project and keeps its site built, served and reloaded.

`live` rebuilds the site into a folder of its own whenever the project changes (the
analysis and the site are the ones `build` makes, so what `serve` shows is what `build`
publishes); `http` serves that folder on loopback, adds to each served page the script
that reloads it and shows its findings, and pushes a reload event to open tabs; `watch`
turns file changes into rebuilds.
"""
