"""Obsidian Bases: .base files, their expression language, views and summaries."""
