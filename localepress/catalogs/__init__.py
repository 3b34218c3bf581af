"""Notebook → template → catalogs: segmentation, extraction, the gettext adapter (`po`),
merge, update and statistics."""
