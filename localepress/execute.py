"""The papermill adapter: run a (localized) notebook with its parameters.

papermill injects the parameters after the `parameters` cell and, on failure, writes the
executed notebook before raising; we turn its error into an ExecutionError naming the
document, the language and the cell. The kernel finds the project through LOCALEPRESS_ROOT.

Starting a kernel costs about a second, more than running one of our notebooks, so each
process keeps one kernel and hands it to papermill for every edition it runs; between two
notebooks the kernel's namespace and execution counter are reset, so no edition sees
another's variables. A kernel that failed, hung or died is discarded and a fresh one started.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from pathlib import Path

import nbformat
import papermill
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.exceptions import PapermillExecutionError

from localepress.errors import ExecutionError

DEFAULT_TIMEOUT = 120  # seconds per cell: a hung kernel is reported, not waited on forever
KERNEL = "python3"
_QUIET = ["--IPKernelApp.log_level=CRITICAL"]  # no start-up chatter on stderr

_kernels: dict[tuple[str, str], AsyncKernelManager] = {}  # (root, cwd) → this process's kernel


def execute(
    nb,
    *,
    doc: str,
    lang: str,
    parameters: dict,
    root: Path,
    output_path: Path,
    timeout: int = DEFAULT_TIMEOUT,
):
    """Execute `nb` into `output_path`; return the executed notebook node."""
    os.environ["LOCALEPRESS_ROOT"] = str(root)
    cwd = str(root / "notebooks")
    key = (str(root), cwd)
    manager = _kernels.get(key)
    if manager is not None and not _reset(manager):
        _discard(key)
        manager = None
    if manager is None:
        manager = _kernels[key] = AsyncKernelManager(kernel_name=KERNEL)
    input_path = output_path.with_suffix(".input.ipynb")
    nbformat.write(nb, str(input_path))
    try:
        return papermill.execute_notebook(
            str(input_path),
            str(output_path),
            parameters=parameters,
            kernel_name=KERNEL,
            cwd=cwd,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            extra_arguments=_QUIET,
            km=manager,
        )
    except PapermillExecutionError as exc:
        _discard(key)
        cell_id = _failed_cell_id(output_path)
        ids = [cell.get("id") for cell in nb.cells]
        index = ids.index(cell_id) if cell_id in ids else exc.cell_index
        raise ExecutionError(
            doc, lang, index, cell_id or "?", f"{exc.ename}: {exc.evalue}"
        ) from None
    except Exception as exc:  # kernel died, timed out, or could not start
        _discard(key)
        raise ExecutionError(doc, lang, -1, "?", f"{type(exc).__name__}: {exc}") from None
    finally:
        input_path.unlink(missing_ok=True)


def _reset(manager: AsyncKernelManager) -> bool:
    """Clear the kernel's namespace and execution count; False if it does not answer.

    Only the shell channel is used: its request and reply cannot be missed the way an iopub
    message can while a fresh subscription connects."""
    if not manager.has_kernel:
        return True
    client = BlockingKernelClient()
    client.load_connection_info(manager.get_connection_info())
    client.start_channels(iopub=False, stdin=False, hb=False, control=False)
    try:
        msg_id = client.execute(
            "get_ipython().reset(new_session=True, aggressive=False)",
            silent=True,
            store_history=False,
        )
        while True:
            reply = client.get_shell_msg(timeout=10)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]["status"] == "ok"
    except Exception:
        return False
    finally:
        client.stop_channels()


def _discard(key) -> None:
    manager = _kernels.pop(key, None)
    if manager is not None and manager.has_kernel:
        with contextlib.suppress(Exception):  # already dead: nothing left to stop
            run_sync(manager.shutdown_kernel)(now=True)


@atexit.register
def _shutdown_all() -> None:
    for key in list(_kernels):
        _discard(key)


def _failed_cell_id(path: Path) -> str | None:
    """The id of the cell holding the error (papermill adds cells, so indices shift)."""
    try:
        cells = nbformat.read(str(path), as_version=4).cells
    except Exception:
        return None
    for cell in cells:
        if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            return cell.get("id")
    return None
