"""The papermill adapter: run a (localized) notebook with its parameters.

papermill injects the parameters after the `parameters` cell and, on failure, writes the
executed notebook before raising; we turn its error into an ExecutionError naming the
document, the language and the cell. The kernel finds the project through LOCALEPRESS_ROOT.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from localepress.errors import ExecutionError

DEFAULT_TIMEOUT = 120  # seconds per cell: a hung kernel is reported, not waited on forever


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
    input_path = output_path.with_suffix(".input.ipynb")
    nbformat.write(nb, str(input_path))
    try:
        return papermill.execute_notebook(
            str(input_path),
            str(output_path),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(root / "notebooks"),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # no start-up chatter on stderr
        )
    except PapermillExecutionError as exc:
        cell_id = _failed_cell_id(output_path)
        ids = [cell.get("id") for cell in nb.cells]
        index = ids.index(cell_id) if cell_id in ids else exc.cell_index
        raise ExecutionError(
            doc, lang, index, cell_id or "?", f"{exc.ename}: {exc.evalue}"
        ) from None
    except Exception as exc:  # kernel died, timed out, or could not start
        raise ExecutionError(doc, lang, -1, "?", f"{type(exc).__name__}: {exc}") from None
    finally:
        input_path.unlink(missing_ok=True)


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
