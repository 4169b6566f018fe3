"""The command line's own behaviour, apart from what its commands compute."""

import json

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

    settings = tmp_path / "parameters.json"
    settings.write_text(json.dumps({"output": "x"}), encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setattr(papermill, "execute_notebook", execute)
    try:
        code = cli.main(["notebook", "nb.ipynb", str(tmp_path / "out.ipynb"), "--parameters", str(settings)])
    finally:
        mp.undo()
    return code, calls


def test_a_kernel_that_dies_or_hangs_while_starting_is_started_again(tmp_path, capsys):
    died = RuntimeError(notebooks.KERNEL_DIED)
    silent = RuntimeError("Kernel didn't respond in 60 seconds")  # jupyter_client's start-up timeout
    code, calls = run_notebook(tmp_path, [died, silent])
    assert (code, len(calls)) == (0, 3)
    assert capsys.readouterr().err.count("the kernel did not start") == 2


def test_a_kernel_that_never_starts_fails_after_three_attempts(tmp_path, capsys):
    code, calls = run_notebook(tmp_path, [RuntimeError(notebooks.KERNEL_DIED)] * 3)
    assert (code, len(calls)) == (1, 3)
    assert "Kernel died before replying to kernel_info" in capsys.readouterr().err


def test_other_runtime_errors_are_not_retried(tmp_path):
    code, calls = run_notebook(tmp_path, [RuntimeError("something else")])
    assert (code, len(calls)) == (1, 1)
