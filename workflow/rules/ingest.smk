# Raw files -> tidy tables in data/interim/, all in one process (one interpreter start-up for
# every dataset). Nothing here writes to data/processed/ or results/, so a bad raw file leaves
# every existing result untouched.


rule package_fingerprint:
    input:
        PACKAGE_MODULES,
    output:
        PACKAGE,
    log:
        "logs/package_fingerprint.log",
    shell:
        "sha256sum {input} > {output} 2> {log}"


INTERIM_TABLES = [*MULTI_FILE_RAW, *INTERVIEW_TABLES, "panel", "panel_organizations"]


rule ingest:
    input:
        package=PACKAGE,
        manifest=MANIFEST_OK,
        raw=[p for paths in MULTI_FILE_RAW.values() for p in paths],
        interviews=INTERVIEW_FILES,
        codebook=COALITION_SCHEME["codebook"],
        panel=config["panel"]["file"],
    output:
        expand("data/interim/{table}.csv", table=INTERIM_TABLES),
    log:
        "logs/ingest.log",
    shell:
        "{PY} -m ctcstudy ingest --out-dir data/interim --spec "
        + arg({"tables": MULTI_FILE_RAW, "interviews": INTERVIEW_FILES,
               "interview_codebook": COALITION_SCHEME["codebook"], "panel": config["panel"]["file"]})
        + " "
        + on_error("{log}")
