# Rebuild every table, figure and verification of the CTC case studies:
#   snakemake --cores 2        (the README's build command sets up the environment first)
import os
import time

from snakemake.utils import min_version

from ctcstudy import console
from ctcstudy.configuration.caselist import load_yaml, refuse_and_exit

min_version("9.0")
BUILD_STARTED = time.time()
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
include: "workflow/rules/deposit.smk"


# On a cluster (profiles/slurm) these file copies run where Snakemake runs, not as jobs.
localrules:
    all,
    package_fingerprint,
    publish_validated,


rule all:
    default_target: True
    input:
        final_outputs(),


# The rule graph for the report, once every rule is defined (its file is named when the report job runs).
RULE_GRAPH = settings_file("rule_graph", json.dumps(rule_graph()), ".json")


onsuccess:
    console.release_scheduler_timers()
    console.closing_summary(REPORT)


onerror:
    console.release_scheduler_timers()
    import atexit

    atexit.register(console.repeat_refusals, BUILD_STARTED, REFUSALS_SHOWN)
