"""SPSS .sav and Stata .dta files, read by pyreadstat in a forked process: its C library can crash
the interpreter on a damaged file (found by fuzzing), and a crash must become a refusal."""

from __future__ import annotations

from pathlib import Path

from ctcstudy.errors import InputError

KINDS = {".sav": "SPSS .sav", ".dta": "Stata .dta"}


def read(path: str | Path, user_missing: bool = False):
    """(frame, value labels by column) of a .sav or .dta file, or a refusal naming the file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise InputError(path, f"must be .sav or .dta, not {path.suffix!r}")
    frame, labels, problem = isolated(path, user_missing)
    if problem:
        raise InputError(path, f"not a readable {kind} file ({problem})")
    return frame, labels


def isolated(path: Path, user_missing: bool):
    """(frame, value labels, problem), read in a forked child that reports back through a pipe."""
    import multiprocessing

    import pyreadstat

    reader = pyreadstat.read_dta if path.suffix.lower() == ".dta" else pyreadstat.read_sav
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)

    def work() -> None:
        import faulthandler

        faulthandler.disable()  # a crash is reported as a refusal, not as a dump in the log
        try:
            frame, meta = reader(str(path), user_missing=user_missing)
            send.send((frame, meta.variable_value_labels, None))
        except Exception as exc:  # noqa: BLE001  (pyreadstat raises its own types for every malformed file)
            send.send((None, None, str(exc) or type(exc).__name__))

    child = multiprocessing.get_context("fork").Process(target=work)
    child.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = (None, None, "the reader crashed on it: the file is damaged")
    child.join()
    return outcome
