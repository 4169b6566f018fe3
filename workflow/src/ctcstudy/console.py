"""What a command shows the user: decisions as they are made (while its output goes to its --log),
a refusal as one line per problem, and nothing that holds a restricted name."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from ctcstudy.errors import (
    InputError,
    InputErrors,
    LeakFound,
    ManuscriptDiffers,
    NotebookFailed,
    Refusal,
    ValidationFailed,
    bounded,
)

CONSOLE = None  # the user's terminal, while --log takes the command's output
# Set by the Snakefile: a job's refusal goes to its log only, and the build prints it once, at its end.
REFUSALS_AT_END = "CTC_REFUSALS_AT_END"


def notice(line: str) -> None:
    """A decision the user should see as it is made (e.g. the unit an export's positions are read
    in): to the log, and to the terminal when the log takes the command's output."""
    print(line)
    if CONSOLE is not None:
        print(line, file=CONSOLE, flush=True)


def refusals(exc: BaseException, log: str | None) -> list[str]:
    """The one line (or one line per problem) a user reads when a command refuses its input."""
    if isinstance(exc, InputErrors):
        return [f"ERROR: {line}" for line in exc.lines()]
    if isinstance(exc, InputError):
        return [f"ERROR: {exc}"]
    if isinstance(exc, (ValidationFailed, ManuscriptDiffers)):  # one line per problem, each naming its file
        return [f"ERROR: {line}" for line in str(exc).splitlines()]
    if isinstance(exc, LeakFound):
        return [f"ERROR: leak scan: {line}" for line in str(exc).splitlines()]
    if isinstance(exc, NotebookFailed):
        return [f"ERROR: {exc}"]
    where = f" (traceback in {log})" if log else ""
    return [f"ERROR: unexpected {type(exc).__name__}: {exc}{where}"]


class Redacting(io.TextIOBase):
    """A text stream whose every line is scanned for restricted names before it is written."""

    def __init__(self, stream, matcher):
        self.stream, self.matcher, self.pending = stream, matcher, ""

    def write(self, text: str) -> int:
        self.pending += text
        if "\n" in self.pending:
            done, _, self.pending = self.pending.rpartition("\n")
            self.stream.write(self.matcher.redact(done + "\n"))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.matcher.redact(self.pending))
            self.pending = ""
        self.stream.flush()

    def fileno(self) -> int:  # for libraries that ask; what they write there is theirs, not a message
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", "utf-8")


def restricted_matcher():
    """The matcher of the restricted names, when a list exists here and can be read (a command that
    needs a list it cannot read refuses on its own)."""
    from ctcstudy.guards.restricted import DEFAULT

    if not DEFAULT.is_file():
        return None
    from ctcstudy.guards import attribution

    try:
        return attribution.load_matcher(DEFAULT)
    except InputError:
        return None


def run_command(command, log: str | None) -> int:
    """Run a command (a function of no arguments); with a log, everything it prints goes there and
    only a refusal reaches the user, one line per problem, with every restricted name redacted."""
    user = sys.stderr
    if log:  # everything to the rule's log; only the refusal reaches the user, on one line
        Path(log).parent.mkdir(parents=True, exist_ok=True)
        user = os.fdopen(os.dup(2), "w")
        handle = open(log, "w", encoding="utf-8")
        sys.stdout.flush(), sys.stderr.flush()
        os.dup2(handle.fileno(), 1), os.dup2(handle.fileno(), 2)
    matcher, streams = restricted_matcher(), (sys.stdout, sys.stderr)
    if matcher:  # a name inside an error (a notebook's, a library's) is redacted before it is printed
        sys.stdout, sys.stderr = Redacting(sys.stdout, matcher), Redacting(sys.stderr, matcher)
        user = Redacting(user, matcher)
    try:
        return run(command, log, user)
    finally:
        sys.stdout.flush(), sys.stderr.flush()
        sys.stdout, sys.stderr = streams
        if log:
            record_time(Path(log))


def record_time(log: Path) -> None:
    """The job's wall time from its interpreter's start, beside its log (logs/timings/), for the
    build benchmark's time per rule (workflow/scripts/bench.py)."""
    import time

    try:  # the process's start in clock ticks since boot (Linux), against the time since boot now
        started = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        seconds = time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return
    timing = log.parent / "timings" / log.with_suffix(".tsv").name
    timing.parent.mkdir(parents=True, exist_ok=True)
    began = time.time() - seconds  # wall clock, so the jobs of one build line up as a timeline
    timing.write_text(f"{log.as_posix()}\t{seconds:.3f}\t{began:.3f}\n", encoding="utf-8")


def run(command, log: str | None, user) -> int:
    """The command; on a refusal its lines, bounded, to the log (and to the user unless the build
    repeats them at its end)."""
    global CONSOLE
    CONSOLE = user if log else None
    try:
        command()
    except Refusal as exc:
        lines = refusals(exc, log)
    except Exception as exc:  # noqa: BLE001  (a bug: the traceback goes to the log, one line to the user)
        import traceback

        print(traceback.format_exc(), file=sys.stderr)
        lines = refusals(exc, log)
    else:
        return 0
    lines = [bounded(line) for line in lines]
    sys.stdout.flush()
    for line in lines:
        print(line, file=sys.stderr)
        if log and not os.environ.get(REFUSALS_AT_END):
            print(line, file=user)
    sys.stderr.flush(), user.flush()
    return 1


# ---------------------------------------------------------------- the end of a build (Snakefile hooks)


# Snakemake's job-rate limiter leaves a one-second threading.Timer behind, and the interpreter
# waits for it before exiting: about a second added to every build that ran a job. The
# schedule is finished when these handlers run, so the timer has nothing left to wake.
def release_scheduler_timers():
    import threading

    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()


def closing_summary(report: str) -> None:
    """The build's last line: tables, figures, verification counts by status, where the report is."""
    summary = Path("logs/report.log")
    if summary.is_file() and Path(report).is_file():
        lines = summary.read_text(encoding="utf-8").strip().splitlines()
        for line in lines:  # what each coalition's interviews count; a case failing a selection criterion
            if line.startswith(("Interviews: ", "Warning: ")):
                print(line)
        print(f"Results: {lines[-1]}")
    scan = Path("results/leak_scan.txt")
    if scan.is_file():  # how many restricted names of each kind protected this build (never the names)
        print(scan.read_text(encoding="utf-8").strip())


def repeat_refusals(started: float, shown: int) -> None:
    """At the very end of a failed build, after Snakemake's own messages: the refusal lines
    (ERROR: ...) of the jobs that failed in this run, so the output ends with what to fix."""
    lines = []
    for log in sorted(Path("logs").rglob("*.log")):
        if log.stat().st_mtime >= started:
            lines += [
                line
                for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
                if line.startswith("ERROR: ")
            ]
    lines = list(dict.fromkeys(lines))
    for line in lines[:shown]:
        print(line, file=sys.stderr)
    if len(lines) > shown:
        print(f"ERROR: ... and {len(lines) - shown} more refusals, in the logs/ of the failed rules", file=sys.stderr)
