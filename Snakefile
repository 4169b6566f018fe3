# Rebuild every table, figure and verification of the CTC case studies:
#   snakemake --cores 2        (the README's build command sets up the environment first)
from snakemake.utils import min_version

min_version("9.0")


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


# The rule graph for the report, once every rule is defined (read when the report job runs).
RULE_GRAPH = shlex.quote(json.dumps(rule_graph()))


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
        print(f"Results: {summary.read_text(encoding='utf-8').strip().splitlines()[-1]}")


onsuccess:
    release_scheduler_timers()
    closing_summary()


onerror:
    release_scheduler_timers()
