# Regenerated values against published ones: match, mismatch, synthetic or not reproducible.

VERIFY = settings(
    "verify",
    study=config["study"]["title"],
    registry=REGISTRY_FILE,
    outputs={k: e["path"] for k, e in OUTPUTS.items() if e["kind"] == "table"},
    apply=config["corrections"]["apply"],
    tolerances=config["verification"]["tolerances"],
    claims="data/processed/published_values.csv",
    corrections=config["corrections"]["file"],
    references=config["study"]["references"],
    profiles="data/processed/profiles.csv",
    questionnaire="data/processed/questionnaire.csv",
    out="results/verification/claims.csv",
    summary="results/verification/summary.md",
    numbers="results/numbers",
    compared="results/verification/documents_vs_questionnaire.csv",
    references_out="results/verification/references.csv",
)


rule verify:
    input:
        settings=VERIFY,
        package=PACKAGE,
        claims="data/processed/published_values.csv",
        corrections=config["corrections"]["file"],
        profiles="data/processed/profiles.csv",
        questionnaire="data/processed/questionnaire.csv",
        references=config["study"]["references"],
        tables=[output_path(k) for k, e in OUTPUTS.items() if e["kind"] == "table"],
        records=RECORD_TABLES,
        registry=REGISTRY_FILE,
    output:
        claims=report("results/verification/claims.csv", category="Verification", caption="../report/verification.rst"),
        summary=report("results/verification/summary.md", category="Verification", caption="../report/verification.rst"),
        compared="results/verification/documents_vs_questionnaire.csv",
        references="results/verification/references.csv",
        numbers=directory("results/numbers"),
    log:
        "logs/verify.log",
    shell:
        "python -m ctcstudy --log {log} verify {input.settings}"


# Papers listed in config `manuscripts`, checked against this build (make check-manuscript for one
# paper outside the build).
rule check_manuscript:
    input:
        manuscript=lambda wildcards: MANUSCRIPTS[wildcards.stem],
        package=PACKAGE,
        claims=rules.verify.output.claims,
        numbers=rules.verify.output.numbers,
        tables=[output_path(k) for k, e in OUTPUTS.items() if e["kind"] == "table"],
    output:
        table="results/manuscript_check/{stem}.csv",
        summary="results/manuscript_check/{stem}.md",
    log:
        "logs/manuscript_check/{stem}.log",
    wildcard_constraints:
        stem="|".join(map(re.escape, MANUSCRIPTS)) or "(?!)",
    shell:
        "python -m ctcstudy --log {log} check-manuscript {input.manuscript} --out-dir results/manuscript_check"


# The author's papers (config manuscript.file): typeset from the tables, figures and values they
# use (read from their source), then checked. A paper whose used inputs did not change keeps its PDF.
from ctcstudy.report.paper import uses as paper_uses


rule paper:
    input:
        paper=lambda wildcards: PAPERS[wildcards.paper],
        uses=lambda wildcards: paper_uses(PAPERS[wildcards.paper], OUTPUTS, None).files,
        numbers=rules.verify.output.numbers,
        package=PACKAGE,
    output:
        pdf="results/paper/{paper}.pdf",
        check=multiext("results/manuscript_check/{paper}", ".csv", ".md"),
    log:
        "logs/paper/{paper}.log",
    wildcard_constraints:
        paper="|".join(map(re.escape, PAPERS)) or "(?!)",
    shell:
        "python -m ctcstudy --log {log} build-paper {input.paper} --out {output.pdf}"
