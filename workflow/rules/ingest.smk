rule package_fingerprint:
    input:
        PACKAGE_MODULES,
    output:
        PACKAGE,
    log:
        "logs/package_fingerprint.log",
    shell:
        "sha256sum {input} > {output} 2> {log}"


# Raw file -> tidy table in data/interim/. Nothing here writes to data/processed/ or
# results/, so a bad raw file leaves every existing result untouched.


rule ingest:
    input:
        package=PACKAGE,
        raw=lambda wildcards: SINGLE_TABLE_RAW[wildcards.dataset],
    output:
        "data/interim/{dataset}.csv",
    log:
        "logs/ingest/{dataset}.log",
    wildcard_constraints:
        dataset="|".join(SINGLE_TABLE_RAW),
    shell:
        "{PY} -m ctcstudy ingest --dataset {wildcards.dataset} --raw {input.raw:q} --out {output:q} "
        + on_error("{log}")


rule ingest_interviews:
    input:
        package=PACKAGE,
        qdpx=config["raw"]["interviews"],
        qdc=config["raw"]["interview_codebook"],
    output:
        expand("data/interim/{table}.csv", table=INTERVIEW_TABLES),
    log:
        "logs/ingest/interviews.log",
    shell:
        "{PY} -m ctcstudy ingest-interviews --qdpx {input.qdpx:q} --qdc {input.qdc:q} --out-dir data/interim "
        + on_error("{log}")


rule ingest_panel:
    input:
        package=PACKAGE,
        raw=config["panel"]["file"],
    output:
        "data/interim/panel.csv",
        "data/interim/panel_organizations.csv",
    log:
        "logs/ingest/panel.log",
    shell:
        "{PY} -m ctcstudy ingest-panel --raw {input.raw:q} --out-dir data/interim " + on_error("{log}")
