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
        manifest=MANIFEST_OK,
        raw=lambda wildcards: MULTI_FILE_RAW[wildcards.dataset],
    output:
        "data/interim/{dataset}.csv",
    log:
        "logs/ingest/{dataset}.log",
    wildcard_constraints:
        dataset="|".join(MULTI_FILE_RAW),
    params:
        raw=lambda wildcards, input: " ".join(f"--raw {path}" for path in input.raw),
    shell:
        "{PY} -m ctcstudy ingest --dataset {wildcards.dataset} {params.raw} --out {output:q} "
        + on_error("{log}")


rule ingest_interviews:
    input:
        package=PACKAGE,
        manifest=MANIFEST_OK,
        qdpx=INTERVIEW_FILES,
        qdc=COALITION_SCHEME["codebook"],
    output:
        expand("data/interim/{table}.csv", table=INTERVIEW_TABLES),
    params:
        qdpx=lambda wildcards, input: " ".join(f"--qdpx {path}" for path in input.qdpx),
    log:
        "logs/ingest/interviews.log",
    shell:
        "{PY} -m ctcstudy ingest-interviews {params.qdpx} --qdc {input.qdc:q} --out-dir data/interim "
        + on_error("{log}")


rule ingest_panel:
    input:
        package=PACKAGE,
        manifest=MANIFEST_OK,
        raw=config["panel"]["file"],
    output:
        "data/interim/panel.csv",
        "data/interim/panel_organizations.csv",
    log:
        "logs/ingest/panel.log",
    shell:
        "{PY} -m ctcstudy ingest-panel --raw {input.raw:q} --out-dir data/interim " + on_error("{log}")
