"""Writing pages for people: a new page from its type's template (`new_page`)."""
