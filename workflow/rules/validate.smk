# Raw files -> tidy tables (data/interim/) -> one great-expectations run: the gate before anything
# is derived. One job: the raw files are read in a forked process while great_expectations is
# imported (2.4 s), and the suites are then split across cores. Nothing here writes to
# data/processed/ or results/, so a bad raw file or a failed expectation leaves every existing
# result untouched; validated tables are only then copied into place by publish_validated.

INTERIM_TABLES = raw_datasets.tables()
INGEST = {
    "tables": MULTI_FILE_RAW,
    "interviews": INTERVIEW_PROJECTS,
    "companions": COLUMN_MAPS,
    "interview_codebook": COALITION_SCHEME["codebook"],
    "code_differences": COALITION_SCHEME.get("code_differences", "refuse"),
    "panel": config["panel"]["file"],
    "cases_file": config["cases_file"],
    "case_coders": CASE_CODERS,
    "case_names": case_lists.pseudonyms(CASES),
    "out_dir": "data/interim",
}
# Suite parameters taken from another table: parameter -> [table, column] (e.g. the known codes).
VALUES_FROM = {
    "interview_codes": ["interview_codes", "code_path"],
    "interview_coders": ["interview_coders", "coder"],
    "interview_leaders": ["interview_leaders", "leader"],
    "tactic_codes": ["tactic_codes", "tactic"],
    "collaborations": ["org_collaborations", "collaboration"],
}
VALIDATE = settings(
    "validate",
    ingest=INGEST,
    suites="workflow/expectations",
    parameters=suite_parameters(),
    datasets={name: {"tidy": f"data/interim/{name}.csv", "raw": raw} for name, raw in DATASETS.items()},
    values_from=VALUES_FROM,
    references=config["study"]["references"],
    out_dir="data/interim/validation",
    selection=config["case_selection"] if config["case_selection"].get("enforce") else None,
    cases_file=config["cases_file"],
)
PUBLISH = settings(
    "publish_validated",
    copies={
        **{f"data/interim/{d}.csv": f"data/processed/{d}.csv" for d in DATASETS},
        **{f"data/interim/validation/{d}.json": f"results/validation/{d}.json" for d in DATASETS},
    },
)


rule validate:
    input:
        settings=VALIDATE,
        package=PACKAGE,
        manifest=MANIFEST_OK,
        raw=[p for paths in MULTI_FILE_RAW.values() for p in paths],
        column_maps=list(COLUMN_MAPS.values()),
        interviews=INTERVIEW_FILES,
        codebook=CODEBOOK_FILES,
        panel=config["panel"]["file"],
        suites=expand("workflow/expectations/{dataset}.json", dataset=DATASETS),
        references=config["study"]["references"],
    output:
        tidy=expand("data/interim/{table}.csv", table=INTERIM_TABLES),
        results=expand("data/interim/validation/{dataset}.json", dataset=DATASETS),
    log:
        "logs/validate.log",
    threads: 2  # nothing else can run while the gate is open: reading and checking use both cores
    shell:
        "python -m ctcstudy --log {log} validate {input.settings} --jobs {threads}"


rule publish_validated:
    input:
        settings=PUBLISH,
        package=PACKAGE,
        tidy=expand("data/interim/{dataset}.csv", dataset=DATASETS),
        results=rules.validate.output.results,
    output:
        tidy=expand("data/processed/{dataset}.csv", dataset=DATASETS),
        results=[
            report(f, category="Validation") for f in expand("results/validation/{dataset}.json", dataset=DATASETS)
        ],
    log:
        "logs/publish_validated.log",
    shell:
        "python -m ctcstudy --log {log} publish {input.settings}"
