"""The papermill adapter: run a (localized) notebook with its parameters.

papermill injects the parameters after the `parameters` cell and, on failure, writes the
executed notebook before raising; we turn its error into an ExecutionError naming the
document, the language and the cell. papermill attributes only a cell's own exception to it:
for a kernel that died or a cell that outran the timeout, our engine (papermill's nbclient
engine, registered as "localepress") hands back the notebook as it stood, so the error still
names the cell that was running and the notebook is kept. The kernel finds the project
through LOCALEPRESS_ROOT.

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
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.log import logger as papermill_log
from papermill.utils import merge_kwargs, remove_args

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
    input_path = output_path.with_suffix(".input.ipynb")
    nbformat.write(nb, str(input_path))
    ids = [cell.get("id") for cell in nb.cells]
    try:
        for attempt in (1, 2):
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
                    engine_name=ENGINE,
                    execution_timeout=timeout,
                    extra_arguments=_QUIET,
                    km=_kernel(key),
                )
            except PapermillExecutionError as exc:
                _discard(key)
                cell_id = _failed_cell_id(output_path)
                index = ids.index(cell_id) if cell_id in ids else exc.cell_index
                raise ExecutionError(
                    doc, lang, index, cell_id or "?", f"{exc.ename}: {exc.evalue}"
                ) from None
            except _Stopped as stopped:  # the kernel died or a cell timed out
                _discard(key)
                with contextlib.suppress(Exception):
                    nbformat.write(stopped.nb, str(output_path))  # kept, as on a cell's error
                cell_id = _last_started_cell_id(stopped.nb)
                index = ids.index(cell_id) if cell_id in ids else -1
                raise ExecutionError(
                    doc, lang, index, cell_id or "?", _why(stopped.cause, timeout)
                ) from None
            except Exception as exc:  # the kernel could not start
                # jupyter_client picks free ports, then the kernel binds them: another process
                # may take one in between ("Address already in use"). A fresh kernel, once.
                _discard(key)
                if attempt == 2:
                    raise ExecutionError(doc, lang, -1, "?", _why(exc, timeout)) from None
    finally:
        input_path.unlink(missing_ok=True)


def _kernel(key) -> AsyncKernelManager:
    """This process's kernel for `key`, reset; a new one if there is none or it does not answer."""
    manager = _kernels.get(key)
    if manager is not None and not _reset(manager):
        _discard(key)
        manager = None
    if manager is None:
        manager = _kernels[key] = AsyncKernelManager(kernel_name=KERNEL)
    return manager


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
def shutdown_kernels() -> None:
    """Stop this process's kernels (at exit, and when the preview server stops)."""
    for key in list(_kernels):
        _discard(key)


def _why(exc: Exception, timeout: int) -> str:
    """One line on a failure papermill does not attribute to a cell's own error."""
    name = type(exc).__name__
    if isinstance(exc, CellTimeoutError):
        return f"timed out after {timeout} s; the kernel was stopped ({name})"
    if isinstance(exc, DeadKernelError):
        return f"the kernel died while the cell ran: exited, crashed or killed ({name})"
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return f"{name}: {first}".rstrip(": ")


def _last_started_cell_id(nb) -> str | None:
    """The id of the last cell papermill started: the one running when the kernel died or hung."""
    started = [c for c in nb.cells if c.get("metadata", {}).get("papermill", {}).get("start_time")]
    return started[-1].get("id") if started else None


class _Stopped(Exception):
    """Execution stopped outside any cell's own code; carries the notebook as it stood."""

    def __init__(self, nb, cause: Exception):
        super().__init__(str(cause))
        self.nb, self.cause = nb, cause


class _Client(PapermillNotebookClient):
    """papermill's client, closing its kernel client when done. nbclient closes it only when
    it owns the kernel: with our kept kernel, each edition left a client's sockets and
    threads behind, 4 MB a notebook (a process that published 80 editions held 500 MB)."""

    def execute(self, **kwargs):
        try:
            return super().execute(**kwargs)
        finally:
            if self.kc is not None:
                self.kc.stop_channels()
                self.kc = None


class _Engine(NBClientEngine):
    """papermill's nbclient engine (its argument handling, our client), keeping the notebook
    when the kernel dies or times out.

    A cell's own exception is caught inside papermill (the notebook records it); anything
    else ends the run with papermill's notebook object out of reach, so it travels back here.
    """

    @classmethod
    def execute_managed_notebook(
        cls, nb_man, kernel_name, start_timeout=60, execution_timeout=None, **kwargs
    ):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = _Client(nb_man, **merge_kwargs(
            kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
            kernel_name=kernel_name, log=papermill_log,
        ))  # fmt: skip
        try:
            return client.execute()
        except (CellTimeoutError, DeadKernelError) as exc:
            raise _Stopped(nb_man.nb, exc) from exc


ENGINE = "localepress"
papermill_engines.register(ENGINE, _Engine)


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
