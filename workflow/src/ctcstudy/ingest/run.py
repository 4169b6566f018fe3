"""All raw datasets in one process, optionally forked so that reading overlaps with importing
great-expectations (the validate command)."""

from __future__ import annotations

import sys
from pathlib import Path

from ctcstudy.configuration.settings import Ingest
from ctcstudy.errors import InputError, InputErrors, raise_all
from ctcstudy.writers import atomic_write

# The readers (pandas and what uses it) are imported inside the functions: `in_child` forks before
# they load, so the child reads while the parent imports great-expectations.


def ingest(spec: Ingest) -> None:
    """Every raw dataset in one process (one interpreter start-up instead of one per dataset)."""
    from ctcstudy.ingest import panel
    from ctcstudy.ingest.tables import ingest_tables

    out = Path(spec.out_dir)
    try:  # the panel, the largest, read in its own process meanwhile
        panel_read = panel.started(spec.panel, out)
    except InputError as refused:  # (missing, or not .sav/.dta) reported in its turn, after the tables
        panel_read = refusal(refused)
    try:
        ingest_tables(spec.tables, out, spec.companions)
        ingest_interviews(
            spec.interviews,
            spec.interview_codebook,
            out,
            spec.code_differences,
            spec.cases_file,
            spec.case_coders,
            spec.case_names,
        )
    finally:  # the panel's reader joined in any case; a refusal above comes first
        finished = sys.exc_info()[0] is None
        try:
            panel_read()
        except InputError:
            if finished:
                raise


def refusal(exc: InputError):
    def raise_it():
        raise exc

    return raise_it


def ingest_interviews(
    qdpx: list,
    codebook: str,
    out_dir: str | Path,
    code_differences: str = "refuse",
    cases_file: str | None = None,
    case_coders: dict | None = None,
    case_names: list[str] | None = None,
) -> None:
    """REFI-QDA projects (one or more exports, each a file or a dict with its settings) + the
    scheme's codebook -> six tidy tables in data/interim."""
    from ctcstudy.ingest.interviews import interview_tables

    projects = [dict(p) if isinstance(p, dict) else {"file": p} for p in qdpx]
    tables = interview_tables(projects, codebook, code_differences, cases_file, case_coders, case_names)
    for name, table in tables.items():
        atomic_write(Path(out_dir) / f"{name}.csv", table.to_csv(index=False, lineterminator="\n"))
    files = ", ".join(p["file"] for p in projects)
    print(
        f"interviews: {len(tables['interview_leaders'])} leaders, {len(tables['interview_segments'])} codings "
        f"from {files}"
    )


def in_child(spec: Ingest):
    """Start `ingest` in a forked process; return a function that waits and re-raises its refusal.

    The validate command uses it to read the raw files while it imports great_expectations
    (2.4 s): the two overlap on two cores instead of following each other.
    """
    import multiprocessing
    import traceback

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def work() -> None:
        try:
            ingest(spec)
            send.send(None)
        except InputError as exc:
            found = exc.errors if isinstance(exc, InputErrors) else [exc]
            send.send([(e.path, e.problem, e.record, e.field, e.line, e.column) for e in found])
        except BaseException:  # noqa: BLE001  (reported by the parent, never swallowed)
            send.send(traceback.format_exc())
        finally:
            sys.stdout.flush()

    child = context.Process(target=work)
    child.start()
    send.close()  # only the child writes: a child that dies unreported shows up as end of file

    def wait() -> None:
        try:
            outcome = receive.recv()
        except EOFError:
            outcome = "ingest ended without a report"
        child.join()
        if isinstance(outcome, list):
            raise_all([InputError(*o[:2], record=o[2], field=o[3], line=o[4], column=o[5]) for o in outcome])
        if outcome is not None or child.exitcode != 0:
            raise RuntimeError(f"ingest failed:\n{outcome}")

    return wait
