"""Golden files: expected outputs kept in tests/golden/, compared byte for byte.

When an output changes on purpose (a template redesigned), run the test once with
LOCALEPRESS_UPDATE_GOLDEN=1 to write the new expectation, and review its diff in the commit.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("LOCALEPRESS_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs (LOCALEPRESS_UPDATE_GOLDEN=1 rewrites it)"
