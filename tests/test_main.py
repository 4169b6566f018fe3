"""`python -m ctcstudy` leaves without the interpreter's clean-up: nothing it printed or wrote may be
lost on the way out, and its exit status is the command's."""

import subprocess

from conftest import PYTHON, ROOT


def test_a_finished_command_loses_none_of_its_output_through_a_pipe():
    from ctcstudy.registry import outputs_markdown

    shown = subprocess.run(
        [PYTHON, "-m", "ctcstudy", "outputs-table"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert shown.stdout == outputs_markdown(ROOT / "workflow/registry.yaml")
    assert "fig1_membership_matrix" in shown.stdout  # (a pipe is block-buffered: unflushed, it would be empty)


def test_a_refusal_exits_1_with_its_line_for_the_user_and_in_the_log(tmp_path):
    log = tmp_path / "inspect.log"
    missing = tmp_path / "export.qdpx"
    refused = subprocess.run(
        [PYTHON, "-m", "ctcstudy", "--log", str(log), "inspect-qdpx", str(missing)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1
    assert refused.stderr == f"ERROR: {missing}: file not found\n"
    assert log.read_text(encoding="utf-8") == f"ERROR: {missing}: file not found\n"
