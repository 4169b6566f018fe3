"""SPSS .sav and Stata .dta files, read by pyreadstat in a forked process: its C library can crash
the interpreter on a damaged file (found by fuzzing), and a crash must become a refusal."""

from __future__ import annotations

from pathlib import Path

from ctcstudy.errors import InputError

KINDS = {".sav": "SPSS .sav", ".dta": "Stata .dta"}


def read(path: str | Path, user_missing: bool = False, then=None):
    """(frame, value labels by column) of a .sav or .dta file, or a refusal naming the file.

    then(frame, labels): run in the reading process, and only its result comes back, e.g. a
    million-row panel written as its tidy table there instead of sent through the pipe.
    """
    return started(path, user_missing, then)()


def started(path: str | Path, user_missing: bool = False, then=None):
    """Start reading in a forked child; return a function that waits for it and gives `read`'s
    result, or its refusal (so the caller can do other work meanwhile)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise InputError(path, f"must be .sav or .dta, not {path.suffix!r}")
    outcome = isolated(path, user_missing, then)

    def finish():
        result, problem = outcome()
        if isinstance(problem, tuple):  # a refusal raised by `then`
            raise InputError(*problem[:2], record=problem[2], field=problem[3], line=problem[4], column=problem[5])
        if problem:
            raise InputError(path, f"not a readable {kind} file ({problem})")
        return result

    return finish


def isolated(path: Path, user_missing: bool, then=None):
    """Read in a forked child that reports back through a pipe; returns the function that waits
    for its (result, problem)."""
    import multiprocessing

    import pyreadstat

    reader = pyreadstat.read_dta if path.suffix.lower() == ".dta" else pyreadstat.read_sav
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)

    def work() -> None:
        import faulthandler

        faulthandler.disable()  # a crash is reported as a refusal, not as a dump in the log
        try:
            frame, meta = reader(str(path), user_missing=user_missing)
        except Exception as exc:  # noqa: BLE001  (pyreadstat raises its own types for every malformed file)
            send.send((None, str(exc) or type(exc).__name__))
            return
        try:
            labels = meta.variable_value_labels
            send.send((then(frame, labels), None) if then else ((compact(frame), labels), None))
        except InputError as exc:
            send.send((None, (exc.path, exc.problem, exc.record, exc.field, exc.line, exc.column)))

    child = multiprocessing.get_context("fork").Process(target=work)
    child.start()
    send.close()

    def wait():
        try:
            outcome = receive.recv()
        except EOFError:
            outcome = (None, "the reader crashed on it: the file is damaged")
        child.join()
        result, problem = outcome
        if result is not None and not then:
            result = (expanded(result[0]), result[1])
        return result, problem

    return wait


def compact(frame):
    """Repeated text as categories (a panel's sources, ids): half the bytes through the pipe."""
    frame.attrs["text_columns"] = {
        c: str(frame[c].dtype) for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype) == "str"
    }
    for column in frame.attrs["text_columns"]:
        if frame[column].nunique() * 2 <= len(frame):
            frame[column] = frame[column].astype("category")
    return frame


def expanded(frame):
    """The frame as the reader gave it: categories back to their text dtype."""
    for column, dtype in frame.attrs.pop("text_columns", {}).items():
        if frame[column].dtype == "category":
            frame[column] = frame[column].astype(dtype)
    return frame
