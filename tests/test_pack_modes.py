"""A pack's folders take their mode from the umask, even when the previous pack's did not
(a pack written by an older version as 0700 is not copied on as 0700)."""

from __future__ import annotations

import os
import stat

from localepress.pack.bundle import stage


def test_staging_takes_the_umask_not_the_previous_packs_mode(tmp_path):
    previous = tmp_path / "kit"
    (previous / "en").mkdir(parents=True)
    (previous / "en" / "page.html").write_text("x", encoding="utf-8")
    os.chmod(previous / "en", 0o700)
    os.chmod(previous, 0o700)
    old = os.umask(0o022)
    try:
        staging = stage(tmp_path, "kit")
    finally:
        os.umask(old)
    assert stat.S_IMODE(staging.stat().st_mode) == 0o755
    assert stat.S_IMODE((staging / "en").stat().st_mode) == 0o755
    assert (staging / "en" / "page.html").read_text(encoding="utf-8") == "x"
