"""`wikiforge lsp`: the language server editors talk to (`server`), on the session that
keeps the check's analysis with the open buffers over the disk (`session`)."""
