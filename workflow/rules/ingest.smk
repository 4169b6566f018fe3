# Raw file -> tidy table in data/interim/. Nothing here writes to data/processed/ or
# results/, so a bad raw file leaves every existing result untouched.


rule ingest:
    input:
        raw=lambda wildcards: DATASETS[wildcards.dataset],
    output:
        "data/interim/{dataset}.csv",
    log:
        "logs/ingest/{dataset}.log",
    wildcard_constraints:
        dataset="|".join(DATASETS),
    shell:
        "{PY} -m ctcstudy ingest --dataset {wildcards.dataset} --raw {input.raw:q} --out {output:q} "
        + on_error("{log}")
