# Regenerated values against published ones: match, mismatch, synthetic or not reproducible.


rule verify:
    input:
        package=PACKAGE,
        claims="data/processed/published_values.csv",
        corrections=config["corrections"]["file"],
        profiles="data/processed/profiles.csv",
        questionnaire="data/processed/questionnaire.csv",
        references=config["study"]["references"],
        tables=[output_path(k) for k, e in OUTPUTS.items() if e["kind"] == "table"],
        provenance_tables=sorted({e["provenance_from"] for e in OUTPUTS.values() if "provenance_from" in e}),
    output:
        claims=report("results/verification/claims.csv", category="Verification",
                      caption="../report/verification.rst"),
        summary=report("results/verification/summary.md", category="Verification",
                       caption="../report/verification.rst"),
        compared="results/verification/documents_vs_questionnaire.csv",
        references="results/verification/references.csv",
        numbers=directory("results/numbers"),
    log:
        "logs/verify.log",
    shell:
        "{PY} -m ctcstudy verify --study " + arg(config["study"]["title"]) + " --claims {input.claims} "
        + " ".join("--output " + arg(f"{k}={e['path']}={provenance_spec(e)}") for k, e in OUTPUTS.items() if e["kind"] == "table")
        + " --corrections {input.corrections} "
        + " ".join(f"--apply {arg(c)}" for c in config["corrections"]["apply"])
        + f" --tolerances {arg(config['verification']['tolerances'])} --out {{output.claims}} --summary {{output.summary}} "
        "--numbers {output.numbers} --profiles {input.profiles} --questionnaire {input.questionnaire} "
        "--compared {output.compared} --references {input.references} "
        "--references-out {output.references} "
        + on_error("{log}")
