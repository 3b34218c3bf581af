"""A refused language keeps its last good edition: `gated: keep-previous`.

The live pack's files of a language the gate refuses are put into the new pack's staging folder
(hard links, each checked against the sha256 its manifest recorded) and marked outdated, so
partners keep the last good translation while the new one is in progress; a language with no
intact previous edition is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from localepress.editions.publish import PublishReport
from localepress.languages import get_language
from localepress.pack.bundle import PackedEdition, place_copy
from localepress.pack.manifest import OUTDATED, sha256


def keep_previous(documents: Sequence[str], report: PublishReport, live, final: Path,
                  folder: Path) -> dict:  # fmt: skip
    """For each refused language, its editions in the live pack, put into the staging folder
    (each checked against its sha256): lang → [PackedEdition], outdated."""
    kept = {}
    for lang in report.refused:
        tag = get_language(lang).html_tag
        entries = [
            f
            for f in live.files
            if f.language == tag and f.document in documents and ".figure-" not in f.path
        ]  # figures are drawn again from the HTML
        if not entries or not all(_intact(final / f.path, f.sha256) for f in entries):
            continue
        editions = []
        for doc in [d for d in documents if any(f.document == d for f in entries)]:
            mine = [f for f in entries if f.document == doc]
            for entry in mine:
                place_copy(final / entry.path, folder / entry.path)
            verdict = report.verdicts[lang]
            editions.append(PackedEdition(
                doc, lang, mine[0].title,
                {("share" if f.path.endswith(".share.png") else f.format): f.path for f in mine},
                verdict.completeness.get(doc, 0.0), verdict.errors, verdict.warnings,
                OUTDATED, mine[0].based_on or live.content_date,
            ))  # fmt: skip
        kept[lang] = editions
    return kept


def _intact(path: Path, digest: str) -> bool:
    return path.is_file() and not path.is_symlink() and sha256(path) == digest
