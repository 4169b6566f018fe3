"""The user's terminal while a command's output goes to its --log: decisions shown as they are made."""

from __future__ import annotations

CONSOLE = None  # set by the command line when --log takes the output


def notice(line: str) -> None:
    """A decision the user should see as it is made (e.g. the unit an export's positions are read
    in): to the log, and to the terminal when the log takes the command's output."""
    print(line)
    if CONSOLE is not None:
        print(line, file=CONSOLE, flush=True)
