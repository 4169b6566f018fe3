"""The command line's own behaviour, apart from what its commands compute."""

import json

import nbformat
import papermill
import pytest

from ctcstudy import cli
from ctcstudy.derive import notebooks


def run_notebook(tmp_path, failures: list[Exception]):
    """Run `ctcstudy notebook` with papermill replaced: it raises each of `failures` in turn, then succeeds."""
    calls = []

    def execute(notebook, out, **kw):
        calls.append(notebook)
        if len(calls) <= len(failures):
            raise failures[len(calls) - 1]
        nbformat.write(executed(), out)

    settings = tmp_path / "parameters.json"
    settings.write_text(json.dumps({"output": "x"}), encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setattr(papermill, "execute_notebook", execute)
    try:
        code = cli.main(["notebook", "nb.ipynb", str(tmp_path / "out.ipynb"), "--parameters", str(settings)])
    finally:
        mp.undo()
    return code, calls


def executed():
    """A notebook as papermill writes it: run times on the notebook and each cell, a random id on the
    parameters cell it adds."""
    times = {"start_time": "2026-12-02T05:05:01+00:00", "end_time": "2026-12-02T05:05:02+00:00", "duration": 1.0}
    book = nbformat.v4.new_notebook(metadata={"papermill": {**times, "parameters": {"root": "."}}})
    injected = nbformat.v4.new_code_cell("root = '.'", id="a43e51c7")
    injected.metadata = {"tags": ["injected-parameters"], "papermill": {**times, "status": "completed"}}
    shown = nbformat.v4.new_code_cell("1", metadata={"execution": {"iopub.status.idle": "2026-12-02T05:05:02"}})
    book.cells = [injected, shown]
    return book


def test_a_kernel_that_dies_or_hangs_while_starting_is_started_again(tmp_path, capsys):
    died = RuntimeError(notebooks.KERNEL_DIED)
    silent = RuntimeError("Kernel didn't respond in 60 seconds")  # jupyter_client's start-up timeout
    code, calls = run_notebook(tmp_path, [died, silent])
    assert (code, len(calls)) == (0, 3)
    assert capsys.readouterr().err.count("the kernel did not start") == 2
    book = nbformat.read(tmp_path / "out.ipynb", as_version=4)  # written without its run times
    assert book.metadata["papermill"] == {"parameters": {"root": "."}}
    assert book.cells[0].id == "injected-parameters" and book.cells[0].metadata["papermill"] == {"status": "completed"}
    assert "execution" not in book.cells[1].metadata


def test_a_kernel_that_never_starts_fails_after_three_attempts(tmp_path, capsys):
    code, calls = run_notebook(tmp_path, [RuntimeError(notebooks.KERNEL_DIED)] * 3)
    assert (code, len(calls)) == (1, 3)
    assert "Kernel died before replying to kernel_info" in capsys.readouterr().err


def test_other_runtime_errors_are_not_retried(tmp_path):
    code, calls = run_notebook(tmp_path, [RuntimeError("something else")])
    assert (code, len(calls)) == (1, 1)
