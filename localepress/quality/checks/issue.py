"""What a single check reports about one entry, before the catalog gives it a file and line."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    check: str
    severity: str  # ERROR or WARNING
    message: str
    guard: bool = False  # guards against injected markup: `# ignore-check` cannot silence it
