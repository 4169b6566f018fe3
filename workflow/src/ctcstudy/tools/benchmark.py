"""Timing and peak memory of a command, for the benchmark scripts (not used by the pipeline)."""

from __future__ import annotations

import statistics
import subprocess
import threading
import time
from pathlib import Path


def run(command: list[str], cwd: Path, env: dict | None = None, label: str = "") -> tuple[float, int]:
    """Wall time (s) and the largest resident set (bytes) of any process of the command's tree.

    With a label, a progress line goes to stderr before and after (benchmarks run for minutes).
    """
    import sys

    import psutil

    if label:
        print(f"[bench] {label} ...", file=sys.stderr, flush=True)
    samples: list[int] = []
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def watch() -> None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                samples.append(max(p.memory_info().rss for p in [root, *root.children(recursive=True)]))
            except psutil.Error:
                pass
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    output = process.communicate()[0]
    watcher.join()
    seconds = time.perf_counter() - start
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{output.decode()[-3000:]}")
    if label:
        print(
            f"[bench] {label}: {seconds:.2f} s, peak {max(samples, default=0) / 2**20:.0f} MiB",
            file=sys.stderr,
            flush=True,
        )
    return seconds, max(samples, default=0)


def summary(name: str, results: list[tuple[float, int]]) -> dict:
    times = [t for t, _ in results]
    return {
        "measure": name,
        "runs": len(results),
        "median_s": round(statistics.median(times), 2),
        "min_s": round(min(times), 2),
        "max_s": round(max(times), 2),
        "peak_rss_mib": round(max(m for _, m in results) / 2**20),
    }


def clear_rule_times(workdir: Path) -> None:
    for timing in Path(workdir, "logs").rglob("timings/*.tsv"):
        timing.unlink()


def rule_times(workdir: Path) -> dict[str, float]:
    """Rule -> wall time of its job in the last build (each command records it beside its log;
    the rule's log is logs/[<folder>/]<rule>.log)."""
    times = {}
    for timing in sorted(Path(workdir, "logs").rglob("timings/*.tsv")):
        log, seconds = timing.read_text(encoding="utf-8").split("\t")[:2]
        times[Path(log).stem] = float(seconds)
    return times
