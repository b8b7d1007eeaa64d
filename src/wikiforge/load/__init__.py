"""Load: which files make the project, and their records.

Takes the config (and the files a command names); gives `ProjectFiles` (`discover`,
`scope`) and a record per page and Markdown source document (`read`), parsed on every
core (`parallel`) or taken from the signed record cache (`cache`).
"""
