"""The command line: parses options, calls one library function, prints, picks the exit code.

Exit codes: 0 success, 1 the work ran and found problems (check errors, incomplete catalogs,
a failed edition), 2 bad input or usage (unknown language, unreadable file, missing tool).
"""

from localepress.cli import catalogs, editions, handoff, preview, quality, translators  # noqa: F401  (register commands)
from localepress.cli.common import main

__all__ = ["main"]
