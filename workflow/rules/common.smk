# Shared by all rules: config validation, the output registry, small path helpers.
import json
import sys
from pathlib import Path

import yaml
from snakemake.utils import validate

validate(config, "../schemas/config.schema.yaml")

# Rules call the package and papermill through the interpreter running Snakemake, so the
# build works from the virtual environment without activating it.
PY = sys.executable

# Every rule takes a fingerprint of the package's modules as input, so changed code reruns what
# it made (Snakemake tracks code changes of run:/script: blocks only, not of imported packages).
PACKAGE_MODULES = sorted(str(p) for p in Path("workflow/src/ctcstudy").glob("*.py"))
PACKAGE = "data/interim/package.sha256"

with open("workflow/registry.yaml", encoding="utf-8") as handle:
    REGISTRY = yaml.safe_load(handle)["outputs"]
OUTPUTS = {entry["id"]: entry for entry in REGISTRY}

# Raw files read one-to-one into a tidy table.
SINGLE_TABLE_RAW = {
    "questionnaire": config["raw"]["questionnaire"],
    "profiles": config["raw"]["profiles"],
    "published_values": config["study"]["published_values"],
}
# Tidy tables read from the REFI-QDA project and codebook.
INTERVIEW_TABLES = ["interview_segments", "interview_codes", "interview_leaders", "interview_coders", "interview_units"]
# Every tidy table -> the raw file it comes from (named in validation messages). Each has its own suite.
DATASETS = {
    **SINGLE_TABLE_RAW,
    **{t: config["raw"]["interviews"] for t in INTERVIEW_TABLES},
    "interview_codes": config["raw"]["interview_codebook"],
    "panel": config["panel"]["file"],
    "panel_organizations": config["panel"]["file"],
}
# The synthetic panel the generator writes, in both formats users have (config panel.file picks one).
SYNTHETIC_PANEL = ["data/interim/panel/synthetic_panel.dta", "data/interim/panel/synthetic_panel.sav"]


def on_error(log):
    """Shell suffix: on failure, repeat the log on stderr so the message reaches the user."""
    return f"> {log} 2>&1 || (cat {log} >&2; exit 1)"


def output_path(output_id):
    return OUTPUTS[output_id]["path"]


def table_files(output_id):
    """A table is written as CSV, Markdown and LaTeX side by side."""
    stem = output_path(output_id).removesuffix(".csv")
    return [f"{stem}.csv", f"{stem}.md", f"{stem}.tex"]


def figure_files(output_id):
    stem = output_path(output_id).removesuffix(".png")
    return [f"{stem}.png", f"{stem}.svg"]


def files_of(output_id):
    entry = OUTPUTS[output_id]
    return table_files(output_id) if entry["kind"] == "table" else figure_files(output_id)


def caption(output_id):
    return OUTPUTS[output_id]["caption"]


def report_outputs(output_id, category):
    """The output's files, each wrapped for Snakemake's HTML report with its caption."""
    return [report(f, caption=f"../../{caption(output_id)}", category=category) for f in files_of(output_id)]


def suite_parameters():
    from ctcstudy.suites import parameters

    return parameters(config, list(OUTPUTS))


def provenance_spec(entry):
    """Fixed provenance, or '@<tidy table>' when it follows the data (e.g. a user's real panel)."""
    return f"@{entry['provenance_from']}" if "provenance_from" in entry else entry["provenance"]


def final_outputs():
    files = [f for output_id in OUTPUTS for f in files_of(output_id)]
    files += expand("results/validation/{dataset}.json", dataset=DATASETS)
    files += ["results/verification/claims.csv", "results/verification/summary.md"]
    return files
