"""The notebooks, run by papermill: the executed notebook is written once, at the end (also after a
failure), and a failing cell is reported in one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ctcstudy.errors import NotebookFailed

KERNEL_DIED = "Kernel died before replying to kernel_info"
KERNEL_SILENT = "Kernel didn't respond in"  # jupyter_client's start-up timeout (60 s)
KERNEL_NOT_STARTED = (KERNEL_DIED, KERNEL_SILENT)


KERNEL_STARTS = 3


def run(notebook: str, out: str, parameters_file: str) -> None:
    """Run a notebook with papermill, its parameters from a JSON file; a failing cell in one line."""
    import papermill

    parameters = json.loads(Path(parameters_file).read_text(encoding="utf-8"))
    try:  # the executed notebook is written once, at the end (also after a failure)
        for attempt in range(1, KERNEL_STARTS + 1):
            try:
                papermill.execute_notebook(
                    notebook,
                    out,
                    parameters=parameters,
                    kernel_name="python3",
                    progress_bar=False,
                    request_save_on_cell_execute=False,
                    # Every output is written by its cell: the kernel is stopped at once, not asked
                    # to shut down and then polled (0.3 s a notebook).
                    shutdown_kernel="immediate",
                )
                break
            except RuntimeError as exc:
                # Two kernels started at once can race for one TCP port (jupyter_client picks it
                # before binding), and a kernel can hang in its start under load; no cell has run
                # yet, so starting again is safe.
                if not str(exc).startswith(KERNEL_NOT_STARTED) or attempt == KERNEL_STARTS:
                    raise
                print(
                    f"{notebook}: the kernel did not start (attempt {attempt} of {KERNEL_STARTS}); starting it again",
                    file=sys.stderr,
                )
    except papermill.PapermillExecutionError as exc:
        first = (exc.evalue or "").splitlines()[0] if exc.evalue else ""
        raise NotebookFailed(
            f"{notebook}: cell {exc.exec_count}: {exc.ename}: {first} (executed notebook: {out})"
        ) from None
    timeless(Path(out))


RUN_TIMES = ("start_time", "end_time", "duration")  # what papermill stamps on the notebook and each cell


def timeless(path: Path) -> None:
    """The executed notebook without its run times (papermill's and the kernel's) and with a fixed id
    for the parameters cell papermill adds, so that two
    builds write the same bytes and a deposit rebuilt elsewhere compares equal; the times are in
    logs/timings/."""
    import nbformat

    from ctcstudy.writers import atomic_write

    book = nbformat.read(path, as_version=4)
    for holder in [book, *book.cells]:
        stamps = holder.metadata.get("papermill", {})
        for key in RUN_TIMES:
            stamps.pop(key, None)
        holder.metadata.pop("execution", None)
    for cell in book.cells:  # papermill gives the cell it adds a random id
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    atomic_write(path, nbformat.writes(book) + "\n")
