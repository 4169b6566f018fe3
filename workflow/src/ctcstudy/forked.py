"""Work split across forked copies of this process, for the commands that use both cores (the
validation gate's suites, the leak scan's files): each worker inherits the loaded modules and the
data in memory, so only the results travel back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

WORK: tuple | None = None  # (function, items) while the workers run: inherited, never pickled


def forked_map(function: Callable[[Item], Result], items: list[Item]) -> list[Result]:
    """[function(item) for item in items], each item in a forked worker of its own; an exception
    in a worker is raised here."""
    if len(items) < 2:
        return [function(item) for item in items]
    import multiprocessing

    global WORK
    WORK = function, items
    try:
        with multiprocessing.get_context("fork").Pool(len(items)) as pool:
            return pool.map(run_one, range(len(items)))
    finally:
        WORK = None


def run_one(index: int):
    function, items = WORK
    return function(items[index])


def balanced(items: list[Item], cost: Callable[[Item], float], parts: int) -> list[list[Item]]:
    """The items in at most `parts` groups of about equal cost: costliest first, each to the group
    with the least so far. Groups keep no empty ones."""
    groups: list[list[Item]] = [[] for _ in range(max(1, min(parts, len(items))))]
    loads = [0.0] * len(groups)
    for item in sorted(items, key=lambda i: -cost(i)):
        least = loads.index(min(loads))
        groups[least].append(item)
        loads[least] += cost(item)
    return [g for g in groups if g]
