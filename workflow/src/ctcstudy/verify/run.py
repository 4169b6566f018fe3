"""The verify step: regenerated tables against the published values."""

from __future__ import annotations

from pathlib import Path

from ctcstudy.configuration.settings import Verify
from ctcstudy.writers import atomic_write, write_folder


def verify(s: Verify) -> None:
    """Every published value compared with the regenerated one; the summary, the numbers for the
    manuscript kit and the documents-versus-questionnaire comparison written beside."""
    import pandas as pd

    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.provenance import of_output
    from ctcstudy.report.references import load as load_references
    from ctcstudy.verify import corrections, published
    from ctcstudy.verify.claims import numbers, summary
    from ctcstudy.verify.claims import verify as run

    claims = published.load_claims(s.claims)
    registry = {e["id"]: e for e in load_yaml(s.registry)["outputs"]}
    outputs, provenance = {}, {}
    for output_id, path in s.outputs.items():  # each output's provenance computed from its records, per case
        outputs[output_id] = pd.read_csv(path, dtype=str, keep_default_na=False)
        provenance[output_id] = of_output(registry[output_id], Path("."))
    applied = None
    if s.apply:
        applied = corrections.load(s.corrections)
        applied = applied[applied["correction_id"].isin(s.apply)]
    refs = load_references(s.references) if s.references else {}
    results = run(claims, outputs, provenance, applied, s.tolerances, refs)
    atomic_write(s.out, results.to_csv(index=False, lineterminator="\n"))
    compared = None
    if s.profiles and s.questionnaire:
        from ctcstudy.readers.profiles import documents_vs_questionnaire
        from ctcstudy.tidy import read_tidy

        compared = documents_vs_questionnaire(read_tidy(s.profiles), read_tidy(s.questionnaire))
        atomic_write(s.compared, compared.to_csv(index=False, lineterminator="\n"))
    atomic_write(s.summary, summary(results, s.study, provenance, applied, compared, refs))
    if s.references_out:  # for the report, which stays free of the BibTeX parser
        table = pd.DataFrame(
            [{"key": r.key, "short": r.short, "full": r.full, "link": r.link or ""} for r in refs.values()],
            columns=["key", "short", "full", "link"],
        )
        atomic_write(s.references_out, table.to_csv(index=False, lineterminator="\n"))
    files = numbers(results)
    write_folder(Path(s.numbers), files | manuscript_kit(files["numbers.csv"], s.registry))
    print(results["status"].value_counts().to_string())


def manuscript_kit(index_csv: str, registry: str) -> dict[str, str]:
    """ctcstudy.sty and ctcstudy.typ, from the numbers' index and the registry's tables and figures."""
    import csv
    import io

    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.report.kit import kit_files

    values = list(csv.DictReader(io.StringIO(index_csv)))
    return kit_files(values, {e["id"]: e for e in load_yaml(registry)["outputs"]})
