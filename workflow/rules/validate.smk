# One great-expectations run over every tidy table: the gate before anything is derived.
# Validated tables are only then copied to data/processed/ and the results to results/validation/.


rule validate:
    input:
        package=PACKAGE,
        tidy=expand("data/interim/{dataset}.csv", dataset=DATASETS),
        suites=expand("workflow/expectations/{dataset}.json", dataset=DATASETS),
    output:
        expand("data/interim/validation/{dataset}.json", dataset=DATASETS),
    log:
        "logs/validate.log",
    threads: 2  # nothing else can run while the gate is open: the suites are split across cores
    shell:
        "{PY} -m ctcstudy validate "
        + " ".join(f"--dataset {arg(f'{name}=data/interim/{name}.csv={raw}')}" for name, raw in DATASETS.items())
        + f" --suites workflow/expectations --parameters {arg(suite_parameters())} "
        "--values-from interview_codes=interview_codes:code_path "
        "--values-from interview_coders=interview_coders:coder "
        "--values-from interview_leaders=interview_leaders:leader --values-from tactic_codes=tactic_codes:tactic "
        "--values-from collaborations=org_collaborations:collaboration --out-dir data/interim/validation --jobs {threads} "
        + on_error("{log}")


rule publish_validated:
    input:
        package=PACKAGE,
        tidy=expand("data/interim/{dataset}.csv", dataset=DATASETS),
        results=rules.validate.output,
    output:
        tidy=expand("data/processed/{dataset}.csv", dataset=DATASETS),
        results=[report(f, category="Validation") for f in expand("results/validation/{dataset}.json", dataset=DATASETS)],
    log:
        "logs/publish_validated.log",
    shell:
        "{PY} -m ctcstudy publish "
        + " ".join(f"--copy data/interim/{d}.csv=data/processed/{d}.csv "
                   f"--copy data/interim/validation/{d}.json=results/validation/{d}.json" for d in DATASETS)
        + " "
        + on_error("{log}")
