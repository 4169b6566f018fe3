# Rebuild every table, figure and verification of the CTC case studies:
#   snakemake --cores 2        (the README's build command sets up the environment first)
import os
import time

from snakemake.utils import min_version

from ctcstudy.configuration.caselist import load_yaml, refuse_and_exit

min_version("9.0")
BUILD_STARTED = time.time()
os.environ["CTC_REFUSALS_AT_END"] = "1"  # jobs log their refusals; the build prints each once, at its end
REFUSALS_SHOWN = 20

# A config file that is not valid YAML is refused in one line (file, line, column) before
# Snakemake reads it.
refuse_and_exit(load_yaml, "config/config.yaml")


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/integrity.smk"
include: "workflow/rules/synthesize.smk"
include: "workflow/rules/validate.smk"
include: "workflow/rules/notebooks.smk"
include: "workflow/rules/verify.smk"
include: "workflow/rules/report.smk"


# On a cluster (profiles/slurm) these file copies run where Snakemake runs, not as jobs.
localrules:
    all,
    package_fingerprint,
    publish_validated,


rule all:
    input:
        final_outputs(),
    default_target: True


# The rule graph for the report, once every rule is defined (its file is named when the report job runs).
RULE_GRAPH = settings_file("rule_graph", json.dumps(rule_graph()), ".json")


# Snakemake's job-rate limiter leaves a one-second threading.Timer behind, and the interpreter
# waits for it before exiting: about a second added to every build that ran a job. The
# schedule is finished when these handlers run, so the timer has nothing left to wake.
def release_scheduler_timers():
    import threading

    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()


def closing_summary():
    """The build's last line: tables, figures, verification counts by status, where the report is."""
    summary = Path("logs/report.log")
    if summary.is_file() and Path(REPORT).is_file():
        lines = summary.read_text(encoding="utf-8").strip().splitlines()
        for line in lines:  # what each coalition's interviews count; a case failing a selection criterion
            if line.startswith(("Interviews: ", "Warning: ")):
                print(line)
        print(f"Results: {lines[-1]}")
    scan = Path("results/leak_scan.txt")
    if scan.is_file():  # how many restricted names of each kind protected this build (never the names)
        print(scan.read_text(encoding="utf-8").strip())


onsuccess:
    release_scheduler_timers()
    closing_summary()


def repeat_refusals():
    """At the very end of a failed build, after Snakemake's own messages: the refusal lines
    (ERROR: ...) of the jobs that failed in this run, so the output ends with what to fix."""
    lines = []
    for log in sorted(Path("logs").rglob("*.log")):
        if log.stat().st_mtime >= BUILD_STARTED:
            lines += [l for l in log.read_text(encoding="utf-8", errors="replace").splitlines() if l.startswith("ERROR: ")]
    lines = list(dict.fromkeys(lines))
    for line in lines[:REFUSALS_SHOWN]:
        print(line, file=sys.stderr)
    if len(lines) > REFUSALS_SHOWN:
        print(f"ERROR: ... and {len(lines) - REFUSALS_SHOWN} more refusals, in the logs/ of the failed rules",
              file=sys.stderr)


onerror:
    release_scheduler_timers()
    import atexit

    atexit.register(repeat_refusals)
