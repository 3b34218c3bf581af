"""The papermill adapter keeps one kernel per process: editions share it, not their state,
and running many leaves nothing behind (threads, sockets, memory) edition after edition."""

from __future__ import annotations

import os
import threading

import pytest

from localepress.editions import execute as ex
from localepress.editions.localize import localize
from localepress.project import read_notebook

pytestmark = pytest.mark.slow


def run(project, tmp_path, lang: str, n: int, extra: str = ""):
    nb = localize(read_notebook(project.notebook("fiche")), "fr", None, ()).notebook
    if extra:
        nb.cells[1].source += f"\n{extra}"
    return ex.execute(nb, doc="fiche", lang=lang, parameters={"lang": "fr"}, root=project.root,
                      output_path=tmp_path / f"fiche-{n}.ipynb")  # fmt: skip


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_editions_share_the_kernel_not_its_state(project_copy, tmp_path):
    try:
        run(project_copy, tmp_path, "fr", 1, "left_over = 1")
        first = dict(ex._kernels)
        nb = run(project_copy, tmp_path, "fr", 2, "print('left_over' in dir())")
        assert dict(ex._kernels) == first  # the same kernel manager, kept
        outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
        assert any(o.get("text", "").strip() == "False" for o in outputs)
    finally:
        ex.shutdown_kernels()


def test_many_editions_leave_no_thread_or_socket_behind(project_copy, tmp_path):
    """nbclient leaves a kept kernel's client open: each edition used to keep its channels'
    sockets and heartbeat thread (4 MB a notebook in a long publish)."""
    try:
        run(project_copy, tmp_path, "fr", 0)  # the kernel and its manager's sockets
        threads, files = threading.active_count(), open_files()
        for n in range(1, 5):
            run(project_copy, tmp_path, "fr", n)
        assert threading.active_count() == threads
        assert open_files() <= files
    finally:
        ex.shutdown_kernels()
