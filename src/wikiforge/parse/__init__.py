"""Parse: one file's bytes and the parse options in, one picklable `PageRecord` out.

A pure function of its input (`page.parse_page`), so it runs on every core and is cached
by content hash: frontmatter (`frontmatter`), the Markdown parser and its plugins
(`markdown/`), and what a page declares (links, headings, block ids, placeholders).
"""
