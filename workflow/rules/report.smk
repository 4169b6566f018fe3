# The one page a reviewer opens: every table, figure and case page, the verification and the
# validation results and the rule graph, in one offline HTML file (results/report.html).
# Last: scan everything under results/ and data/processed/ (the report included) for restricted
# names and for coded quotes next to a case name. A hit fails the build, naming file and line.

REPORT = "results/report.html"
REPORT_SETTINGS = settings(
    "report",
    study=config["study"]["title"],
    registry=REGISTRY_FILE,
    claims="results/verification/claims.csv",
    validation="results/validation",
    numbers="results/numbers/numbers.csv",
    references="results/verification/references.csv",
    segments="data/processed/interview_segments.csv",
    leaders="data/processed/interview_leaders.csv",
    cases_file=config["cases_file"],
    manuscript_checks=[f for f in MANUSCRIPT_CHECKS if f.endswith(".md")],
    out=REPORT,
)


rule report:
    input:
        settings=REPORT_SETTINGS,
        rule_graph=lambda wildcards: RULE_GRAPH,  # written once every rule is defined (Snakefile)
        package=PACKAGE,
        registry=REGISTRY_FILE,
        claims="results/verification/claims.csv",
        references=rules.verify.output.references,
        numbers=rules.verify.output.numbers,
        outputs=[f for output_id in OUTPUTS for f in files_of(output_id)],
        captions=[entry["caption"] for entry in REGISTRY],
        validation=expand("results/validation/{dataset}.json", dataset=DATASETS),
        records=RECORD_TABLES,
        pseudonymized=PSEUDONYMIZED if Path(RESTRICTED_NAMES).is_file() else [],  # never ahead of that gate
        interviews=["data/processed/interview_segments.csv", "data/processed/interview_leaders.csv"],
        cases=config["cases_file"],
        manuscript_checks=MANUSCRIPT_CHECKS,
    output:
        REPORT,
    log:
        "logs/report.log",
    shell:
        "python -m ctcstudy --log {log} report {input.settings} --edges-file {input.rule_graph}"


# The replication report: a PDF a reviewer reads like a paper (typst, offline; no date in it).
BENCHMARK = "results/benchmarks/build_times.csv"  # when measured (workflow/scripts/bench.py)
REPLICATION = settings(
    "replication_report",
    study=config["study"]["title"],
    registry=REGISTRY_FILE,
    claims="results/verification/claims.csv",
    validation="results/validation",
    manifest=MANIFEST_OK,
    data_files="workflow/data_files.yaml",
    pyproject="pyproject.toml",
    lock="requirements.lock",
    template="workflow/report/replication_report.typ",
    data="data/interim/replication_report.json",
    out="results/replication_report.pdf",
    benchmark=BENCHMARK if Path(BENCHMARK).is_file() else None,
)


rule replication_report:
    input:
        settings=REPLICATION,
        package=PACKAGE,
        claims="results/verification/claims.csv",
        rule_graph=lambda wildcards: RULE_GRAPH,
        outputs=[f for output_id in OUTPUTS for f in files_of(output_id)],
        validation=expand("results/validation/{dataset}.json", dataset=DATASETS),
        manifest=MANIFEST_OK,
        documented=[
            "workflow/data_files.yaml",
            "pyproject.toml",
            "requirements.lock",
            "workflow/report/replication_report.typ",
        ],
        benchmark=[BENCHMARK] if Path(BENCHMARK).is_file() else [],
    output:
        "results/replication_report.pdf",
    log:
        "logs/replication_report.log",
    shell:
        "python -m ctcstudy --log {log} replication-report {input.settings} --edges-file {input.rule_graph}"


# Files no rule makes (added by hand, left by a tool) are scanned too (common.smk, unmade_files).
UNMADE_LIST = settings_file("unmade", json.dumps(unmade_files()), ".json")
LEAK_SCAN = settings(
    "leak_scan",
    scan=["results", "data/processed"],
    segments="data/processed/interview_segments.csv",
    cases_file=config["cases_file"],
    unmade=UNMADE_LIST,
    out="results/leak_scan.txt",
    restricted=RESTRICTED_NAMES if Path(RESTRICTED_NAMES).is_file() else None,
)


rule leak_scan:
    input:
        settings=LEAK_SCAN,
        package=PACKAGE,
        outputs=[f for f in final_outputs() if f != "results/leak_scan.txt"],
        segments="data/processed/interview_segments.csv",
        cases=config["cases_file"],
        restricted=[RESTRICTED_NAMES] if Path(RESTRICTED_NAMES).is_file() else [],
    output:
        "results/leak_scan.txt",
    log:
        "logs/leak_scan.log",
    shell:
        "python -m ctcstudy --log {log} leak-scan {input.settings}"
