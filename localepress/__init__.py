"""localepress: publish French master notebooks in every language through gettext catalogs."""

__version__ = "0.1.0"
