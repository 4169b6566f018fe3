"""SPSS .sav and Stata .dta files, read by pyreadstat in a forked process."""

from __future__ import annotations


def isolated(read, path: str):
    """(frame, problem): pyreadstat's reading in a forked process, because its C library can
    crash the interpreter on a damaged file (found by fuzzing); a crash becomes a refusal."""
    import multiprocessing

    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)

    def work() -> None:
        import faulthandler

        faulthandler.disable()  # a crash is reported as a refusal, not as a dump in the log
        try:
            frame, _meta = read(path, user_missing=True)
            send.send((frame, None))
        except Exception as exc:  # noqa: BLE001  (pyreadstat raises its own types for every malformed file)
            send.send((None, str(exc) or type(exc).__name__))

    child = multiprocessing.get_context("fork").Process(target=work)
    child.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = (None, "the reader crashed on it: the file is damaged")
    child.join()
    return outcome
