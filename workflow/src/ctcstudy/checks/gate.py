"""The validation gate: every raw dataset read into tidy tables and checked against its suite
before anything is derived; validated tables are only then copied into place."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ctcstudy.configuration.settings import Publish, Validate
from ctcstudy.errors import ValidationFailed
from ctcstudy.writers import atomic_write


def validate(s: Validate, jobs: int = 1) -> None:
    """Read every raw file (in a forked child, while great-expectations is imported), then run
    every suite; the results are written, and the failures refused, one line each."""
    from ctcstudy.ingest.run import in_child

    wait_for_ingest = in_child(s.ingest) if s.ingest else None
    import threading

    from ctcstudy.checks.validation import Dataset, import_great_expectations
    from ctcstudy.checks.validation import validate as run

    # great-expectations (2.5 s) is imported while the child reads the raw files; a refusal of a
    # raw file then ends the command at once instead of after the import. (The child was forked
    # before this thread started, and the suites' workers fork after it has finished.)
    importing = threading.Thread(target=import_great_expectations, daemon=True)
    importing.start()
    if wait_for_ingest:
        wait_for_ingest()
    importing.join()
    from ctcstudy.tidy import read_tidy

    datasets = []
    for name, files in s.datasets.items():
        tidy, raw = files["tidy"], files["raw"]
        suite = json.loads((Path(s.suites) / f"{name}.json").read_text(encoding="utf-8"))
        sidecar = Path(tidy).with_suffix(".files")
        files = sidecar.read_text(encoding="utf-8").splitlines() if sidecar.is_file() else None
        datasets.append(Dataset(name, read_tidy(tidy), raw, suite, files))
    parameters = dict(s.parameters)
    if s.references:  # source pointers must cite a key of the references file
        from ctcstudy.report.references import load, pattern

        keys = load(s.references)
        parameters["citation_pattern"], parameters["citation_keys"] = pattern(keys), sorted(keys)
    tables = {d.name: d.table for d in datasets}
    for name, (dataset, column) in s.values_from.items():  # suite parameters taken from another table
        parameters[name] = sorted(tables[dataset][column].dropna().astype(str).unique().tolist())
    results, failures = run(datasets, parameters, jobs=jobs)
    for name, result in results.items():
        atomic_write(Path(s.out_dir) / f"{name}.json", json.dumps(result, indent=1, sort_keys=True) + "\n")
    if failures:
        raise ValidationFailed("\n".join(failures))
    if s.selection:  # the study's criteria, computed as the case_selection table computes them
        refuse_unselected(tables, s.selection, s.cases_file)
    for name, result in results.items():
        stats = result["statistics"]
        print(f"{name}: {stats['successful_expectations']}/{stats['evaluated_expectations']} expectations met")


def refuse_unselected(tables: dict, criteria: dict, cases_file: str) -> None:
    """With config case_selection.enforce: every coalition failing a criterion refused, one line
    each, naming the file that holds the value (its questionnaire, or its case facts)."""
    from ctcstudy.codebook.questionnaire import ITEM_BY_NAME
    from ctcstudy.configuration.caselist import load
    from ctcstudy.derive.facts import all_facts
    from ctcstudy.derive.selection import failures

    document = load(cases_file)
    facts = all_facts(document, tables["questionnaire"], tables["case_facts"])
    files = {c["pseudonym"]: c["files"] for c in document["cases"]}
    lines = [
        f"{files[case].get('questionnaire' if fact in ITEM_BY_NAME else 'case_facts', cases_file)}: record case "
        f"{case}, field {fact}: fails case-selection criterion {number} ({wanted}): {value} (config "
        "case_selection.enforce)"
        for case, number, fact, wanted, value in failures(facts, document, criteria, case_type="coalition")
    ]
    if lines:
        raise ValidationFailed("\n".join(lines))


def publish(s: Publish) -> None:
    """Copy validated files into place; only reached once the validation gate has passed."""
    for src, dst in s.copies.items():
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
