"""Command line used by the Snakemake rules: ``python -m ctcstudy <command> ...``.

Every command exits 0 on success and 1 with one message per problem on bad input,
naming file, record and field; outputs are written only after all checks pass.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
from pathlib import Path

from ctcstudy import console
from ctcstudy.checks.validation import ValidationFailed
from ctcstudy.errors import InputError, InputErrors, bounded
from ctcstudy.writers import atomic_write

# Set by the Snakefile: a job's refusal goes to its log only, and the build prints it once, at its end.
REFUSALS_AT_END = "CTC_REFUSALS_AT_END"


def ingest(args) -> None:
    from ctcstudy.ingest.run import ingest as run

    run(json.loads(args.spec), args.out_dir)


def ingest_interviews(args) -> None:
    from ctcstudy.ingest.run import ingest_interviews as run

    run(args.qdpx, args.qdc, args.out_dir, args.code_differences)


def synthesize_panel(args) -> None:
    from ctcstudy.tools.synthetic_panel import synthesize

    synthesize(json.loads(args.settings), args.out)


def ingest_panel(args) -> None:
    from ctcstudy.ingest.panel import ingest_panel as run

    run(args.raw, args.out_dir)


def validate(args) -> None:
    from ctcstudy.ingest.run import in_child

    wait_for_ingest = in_child(json.loads(args.ingest_spec), args.ingest_out_dir) if args.ingest_spec else None
    from ctcstudy.checks.validation import Dataset, import_great_expectations
    from ctcstudy.checks.validation import validate as run

    import_great_expectations()
    if wait_for_ingest:
        wait_for_ingest()
    from ctcstudy.tidy import read_tidy

    datasets = []
    for spec in args.dataset:
        name, tidy, raw = spec.split("=", 2)
        suite = json.loads((Path(args.suites) / f"{name}.json").read_text(encoding="utf-8"))
        if not args.enforce_selection:  # selection criteria reported (case_selection), not a gate
            suite["expectations"] = [e for e in suite["expectations"] if "criterion" not in e.get("meta", {})]
        sidecar = Path(tidy).with_suffix(".files")
        files = sidecar.read_text(encoding="utf-8").splitlines() if sidecar.is_file() else None
        datasets.append(Dataset(name, read_tidy(tidy), raw, suite, files))
    parameters = json.loads(args.parameters)
    if args.references:  # source pointers must cite a key of the references file
        from ctcstudy.report.references import load, pattern

        keys = load(args.references)
        parameters["citation_pattern"], parameters["citation_keys"] = pattern(keys), sorted(keys)
    tables = {d.name: d.table for d in datasets}
    for spec in args.values_from:  # suite parameters taken from another dataset, e.g. known codes
        name, source = spec.split("=", 1)
        dataset, column = source.split(":", 1)
        parameters[name] = sorted(tables[dataset][column].dropna().astype(str).unique().tolist())
    results, failures = run(datasets, parameters, jobs=args.jobs)
    for name, result in results.items():
        atomic_write(Path(args.out_dir) / f"{name}.json", json.dumps(result, indent=1, sort_keys=True) + "\n")
    if failures:
        raise ValidationFailed("\n".join(failures))
    for name, result in results.items():
        stats = result["statistics"]
        print(f"{name}: {stats['successful_expectations']}/{stats['evaluated_expectations']} expectations met")


def publish(args) -> None:
    """Copy validated files into place; only reached once the validation gate has passed."""
    for pair in args.copy:
        src, dst = pair.split("=", 1)
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)


def verify(args) -> None:
    import pandas as pd

    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.provenance import of_output
    from ctcstudy.report.references import load as load_references
    from ctcstudy.verify import corrections, published
    from ctcstudy.verify.claims import numbers, summary
    from ctcstudy.verify.claims import verify as run

    claims = published.load_claims(args.claims)
    registry = {e["id"]: e for e in load_yaml(args.registry)["outputs"]}
    outputs, provenance = {}, {}
    for spec in args.output:  # each output's provenance computed from its records, per case
        output_id, path = spec.split("=", 1)
        outputs[output_id] = pd.read_csv(path, dtype=str, keep_default_na=False)
        provenance[output_id] = of_output(registry[output_id], Path("."))
    applied = None
    if args.apply:
        applied = corrections.load(args.corrections)
        applied = applied[applied["correction_id"].isin(args.apply)]
    refs = load_references(args.references) if args.references else {}
    results = run(claims, outputs, provenance, applied, json.loads(args.tolerances), refs)
    atomic_write(args.out, results.to_csv(index=False, lineterminator="\n"))
    compared = None
    if args.profiles and args.questionnaire:
        from ctcstudy.readers.profiles import documents_vs_questionnaire
        from ctcstudy.tidy import read_tidy

        compared = documents_vs_questionnaire(read_tidy(args.profiles), read_tidy(args.questionnaire))
        atomic_write(args.compared, compared.to_csv(index=False, lineterminator="\n"))
    atomic_write(args.summary, summary(results, args.study, provenance, applied, compared, refs))
    if args.references_out:  # for the report, which stays free of the BibTeX parser
        table = pd.DataFrame([{"key": r.key, "short": r.short, "full": r.full, "link": r.link or ""}
                              for r in refs.values()], columns=["key", "short", "full", "link"])
        atomic_write(args.references_out, table.to_csv(index=False, lineterminator="\n"))
    write_folder(Path(args.numbers), numbers(results))
    print(results["status"].value_counts().to_string())


def write_folder(folder: Path, files: dict[str, str]) -> None:
    """Replace a folder's content as a whole: written beside it, then swapped in."""
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, text in files.items():
        (staging / name).write_text(text, encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)


def leak_scan(args) -> None:
    """Fail if an output holds a restricted name (in any variant, in any layer of its text or in its
    path), a quote next to a case name, or a figure whose labels cannot be read; every such output
    is moved to quarantine/ first."""
    from ctcstudy.configuration import caselist as cases
    from ctcstudy.guards import attribution, restricted

    out = Path(args.out)
    paths = sorted(p for d in args.scan for p in Path(d).rglob("*") if p.is_file() and p.resolve() != out.resolve())
    quotes = segment_quotes(args.segments)
    labels = cases.pseudonyms(cases.load(args.cases_file))
    matcher = attribution.load_matcher(args.restricted)
    findings = attribution.figures_without_text(paths) + attribution.scan_all(paths, matcher, quotes, labels)
    if findings:
        raise LeakFound("\n".join(quarantine(findings, Path(args.quarantine), matcher)))
    unmade = len(json.loads(Path(args.unmade).read_text(encoding="utf-8"))) if args.unmade else 0
    added = f" ({unmade} made by no rule)" if unmade else ""
    atomic_write(out, f"leak scan clean: {len(paths)} files under {', '.join(args.scan)}{added}; restricted names: "
                      f"{restricted.counts(matcher.names)}; {len(quotes)} quotes\n")
    print(out.read_text(), end="")


def segment_quotes(segments: str | Path) -> list[str]:
    """The coded passages, which no output may tie to a case (csv, not pandas: the scan runs on every build)."""
    import csv

    if not Path(segments).is_file():
        return []
    with open(segments, newline="", encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row.get("text")]


def scan_files(args) -> None:
    """The commit guard: the files about to be committed (their text and their paths), scanned for
    restricted names and, where the interview segments exist, for quotes next to a case name."""
    from ctcstudy.configuration import caselist as cases
    from ctcstudy.guards import attribution

    paths = [Path(f) for f in args.files]
    matcher = attribution.load_matcher(args.restricted)
    labels = cases.pseudonyms(cases.load(args.cases_file)) if Path(args.cases_file).is_file() else []
    findings = attribution.scan_all([p for p in paths if p.is_file() or not p.exists()], matcher,
                                    segment_quotes(args.segments) if labels else [], labels)
    if findings:
        raise LeakFound("\n".join(f"{f.message} (not committed)" for f in findings))
    print(f"{len(paths)} files clean")


def quarantine(findings, folder: Path, matcher) -> list[str]:
    """Move every output a finding names out of results/ and data/processed/ into the
    git-ignored quarantine folder, so nothing shareable keeps it; say where each went."""
    moved = {}
    for finding in findings:
        source = finding.path
        if source not in moved and source.is_file():
            target = folder / source
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(target))
            moved[source] = matcher.redact(target.as_posix())
    return [f"{f.message} -> moved to {moved[f.path]}" if f.path in moved else f.message for f in findings]


def extract_text(args) -> None:
    """A coalition document's text (plain or PDF) as UTF-8, e.g. to import into a QDA tool."""
    from ctcstudy.readers.documents import document_text

    text = document_text(args.document)
    atomic_write(Path(args.out), text)
    print(f"{args.document}: {len(text)} characters -> {args.out}")


def inspect_qdpx(args) -> None:
    """What an export holds and what the pipeline will use or skip, before any build."""
    from ctcstudy.readers.refiqda import read_qdpx
    from ctcstudy.tools import inspect_qdpx as inspection

    project = read_qdpx(args.file, args.offset_unit)
    report = inspection.summary(project)
    print(inspection.as_json(report) if args.json else inspection.text(report), end="")
    if args.mapping_template:
        from ctcstudy.ingest.interviews import MAPPING_COLUMNS

        out = Path(args.mapping_template)
        starter = ",".join(MAPPING_COLUMNS) + "\n"  # what new-case writes: filled in, never overwritten
        if out.exists() and out.read_text(encoding="utf-8", errors="replace") != starter:
            raise InputError(out, "file exists and has been edited; not overwritten (choose another name or remove it)")
        atomic_write(out, inspection.mapping_template(project))
        print(f"mapping file to fill in: {out}", file=sys.stderr)


def write_references(args) -> None:
    """Regenerate the README's References list from the BibTeX file."""
    from ctcstudy.report.references import load, readme_with_references

    readme = Path(args.readme)
    refs = load(args.bib)
    atomic_write(readme, readme_with_references(readme.read_text(encoding="utf-8"), refs))
    print(f"{readme}: {len(refs)} references from {args.bib}")


class NotebookFailed(Exception):
    """A notebook cell raised: named by notebook, cell and error, in one line."""


KERNEL_DIED = "Kernel died before replying to kernel_info"
KERNEL_STARTS = 3


def notebook(args) -> None:
    """Run a notebook with papermill, its parameters from a JSON file; a failing cell in one line."""
    import papermill

    parameters = json.loads(Path(args.parameters).read_text(encoding="utf-8"))
    try:  # the executed notebook is written once, at the end (also after a failure)
        for attempt in range(1, KERNEL_STARTS + 1):
            try:
                papermill.execute_notebook(args.notebook, args.out, parameters=parameters, kernel_name="python3",
                                           progress_bar=False, request_save_on_cell_execute=False)
                break
            except RuntimeError as exc:
                # Two kernels started at once can race for one TCP port (jupyter_client picks it
                # before binding); no cell has run yet, so starting again is safe.
                if not str(exc).startswith(KERNEL_DIED) or attempt == KERNEL_STARTS:
                    raise
                print(f"{args.notebook}: the kernel died while starting (attempt {attempt} of "
                      f"{KERNEL_STARTS}); starting it again", file=sys.stderr)
    except papermill.PapermillExecutionError as exc:
        first = (exc.evalue or "").splitlines()[0] if exc.evalue else ""
        raise NotebookFailed(f"{args.notebook}: cell {exc.exec_count}: {exc.ename}: {first} "
                             f"(executed notebook: {args.out})") from None


def report(args) -> None:
    """The one HTML page of every result (standard library only: it runs on every build)."""
    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.report import page

    registry = load_yaml(args.registry)["outputs"]
    text, counts = page.render(registry, Path("."), Path(args.claims), Path(args.validation),
                               [tuple(e) for e in json.loads(Path(args.edges_file).read_text(encoding="utf-8"))],
                               args.study, Path(args.numbers),
                               Path(args.references) if args.references else None,
                               [c["id"] for c in load_yaml(args.cases_file)["cases"]] if args.cases_file else None)
    atomic_write(Path(args.out), text)
    for line in page.interview_use(Path(args.segments), Path(args.leaders)) if args.segments else []:
        print(line)
    selection = next((e["path"] for e in registry if e["id"] == "case_selection"), None)
    if selection and Path(selection).is_file():
        warning = page.selection_warning(selection)
        if warning:
            print(warning)
    print(page.closing_summary(registry, page.read_records(Path(args.claims)), args.out))


class LeakFound(Exception):
    """An output holds a restricted name or an attributed quote."""


def pseudonymize(args) -> None:
    """Restricted documents -> pseudonymized copies (every variant the leak scan catches replaced,
    file names too); the pseudonym list never holds a real name."""
    from ctcstudy.errors import utf8_text
    from ctcstudy.guards import attribution
    from ctcstudy.guards import pseudonymize as pseudo

    matcher = attribution.load_matcher(args.names)
    aliases = pseudo.aliases(pseudo.key(Path(".")), matcher.names)
    out = Path(args.out_dir)
    for path in args.document:
        text = utf8_text(path)
        target = out / "documents" / pseudo.file_name(Path(path).name, matcher)
        atomic_write(target, matcher.replace(text, lambda entry: aliases[entry.number]))
    atomic_write(out / "pseudonyms.csv", "number,kind,pseudonym\n" + "".join(
        f"{n.number},{n.kind},{aliases[n.number]}\n" for n in matcher.names))
    print(f"pseudonymized {len(args.document)} documents, {len(matcher.names)} names")


def output_checksums(args) -> None:
    from ctcstudy.guards.manifest import checksum_lines, output_checksums as checksums

    atomic_write(Path(args.write), checksum_lines(checksums()))
    print(f"{args.write}: checksums of every output under results/ and data/processed/")


def manifest(args) -> None:
    from ctcstudy.guards import manifest as integrity

    if args.write:
        print(f"data/raw/MANIFEST.sha256: {integrity.write()} raw files recorded")
        return
    count = integrity.check()
    refuse_restricted_raw(Path(args.restricted))
    if args.stamp:
        atomic_write(args.stamp, f"{count} raw files match data/raw/MANIFEST.sha256\n")
    print(f"{count} raw files match data/raw/MANIFEST.sha256")


def new_case(args) -> None:
    """A student's own case: starter files, the case list entry, a reference and the manifest."""
    from ctcstudy.tools.newcase import new_case as scaffold

    written, key = scaffold(args.id, args.pseudonym, args.type)
    print(f"case {args.id} ({args.pseudonym}, {args.type}) added to config/cases.yaml; starter files:")
    for path in written:
        print(f"  {path}")
    print(f"reference data/raw/published/references.bib: {key} (give its real authors and year; keep a key that "
          "does not name the case: interview segments cite it beside their quotes)")
    print("manifest recorded. Next: fill in the files (README, 'Adding a case'), run `make manifest`, then `snakemake`.")


def refuse_restricted_raw(names_file: Path) -> None:
    """A restricted name in a tracked raw file (outside data/raw/restricted/), in its text or its
    name, is refused before anything runs, naming the file and line, never the name."""
    from ctcstudy.guards import attribution
    from ctcstudy.guards import manifest as integrity

    matcher = attribution.load_matcher(names_file)
    findings = attribution.scan_names(integrity.raw_files(), matcher) if matcher.names else []
    if findings:
        where, problem = findings[0].message.split(": ", 1)
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise InputError(where, f"holds {problem}{more}; pseudonymize it, or keep it under data/raw/restricted/")


def outside_checks(args) -> None:
    """Repeat the outside checks of the numbers the 2019 article quotes, where the data are present."""
    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.report.references import load
    from ctcstudy.verify import outside, published

    config = load_yaml(args.config)
    lines = outside.run(Path("."), published.load_claims(config["study"]["published_values"]),
                        load(config["study"]["references"]), config["verification"]["tolerances"])
    print("\n".join(lines))


def write_suites(args) -> None:
    from ctcstudy.checks import suites

    for path in suites.write_all(args.out_dir):
        print(path)


def outputs_table(args) -> None:
    from ctcstudy.registry import outputs_markdown

    print(outputs_markdown(args.registry), end="")


def parser() -> argparse.ArgumentParser:
    # @<file>: arguments one per line (the rules pass long settings this way, keeping the command
    # Snakemake echoes on a failure short).
    p = argparse.ArgumentParser(prog="python -m ctcstudy", fromfile_prefix_chars="@")
    p.add_argument("--log", help="write all output to this file; print only a refusal, one line per problem")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("ingest", help="read every raw dataset into tidy CSVs")
    s.add_argument("--spec", required=True, help="JSON: tables (kind -> raw files), interviews, interview_codebook, panel")
    s.add_argument("--out-dir", required=True)
    s.set_defaults(func=ingest)
    s = sub.add_parser("ingest-interviews", help="read a REFI-QDA project and codebook into tidy tables")
    s.add_argument("--qdpx", action="append", required=True, help="REFI-QDA project (repeatable)")
    s.add_argument("--qdc", required=True, help="the coding scheme's .qdc, or 'project' for the projects' own codes")
    s.add_argument("--code-differences", choices=["refuse", "accept"], default="refuse")
    s.add_argument("--out-dir", required=True)
    s.set_defaults(func=ingest_interviews)
    s = sub.add_parser("synthesize-panel", help="make the calibrated synthetic panel")
    s.add_argument("--settings", required=True, help="JSON of config panel")
    s.add_argument("--out", action="append", required=True, help=".sav or .dta path (repeatable)")
    s.set_defaults(func=synthesize_panel)
    s = sub.add_parser("ingest-panel", help="read a .sav or .dta panel into tidy tables")
    s.add_argument("--raw", required=True)
    s.add_argument("--out-dir", required=True)
    s.set_defaults(func=ingest_panel)
    s = sub.add_parser("validate", help="run every expectation suite (one great-expectations import, forked across --jobs)")
    s.add_argument("--dataset", action="append", required=True, metavar="NAME=TIDY_CSV=RAW_FILE")
    s.add_argument("--suites", required=True)
    s.add_argument("--parameters", required=True, help="JSON of suite parameters")
    s.add_argument("--values-from", action="append", default=[], metavar="PARAMETER=DATASET:COLUMN")
    s.add_argument("--references", help="BibTeX file whose keys source pointers must cite")
    s.add_argument("--enforce-selection", action="store_true",
                   help="refuse a case failing a selection criterion (config case_selection.enforce)")
    s.add_argument("--out-dir", required=True)
    s.add_argument("--jobs", type=int, default=1, help="validate in this many forked processes (one import)")
    s.add_argument("--ingest-spec", help="first run `ingest` with this spec (overlapping the great_expectations import)")
    s.add_argument("--ingest-out-dir", default="data/interim")
    s.set_defaults(func=validate)
    s = sub.add_parser("publish", help="copy validated files into place")
    s.add_argument("--copy", action="append", required=True, metavar="SRC=DST")
    s.set_defaults(func=publish)
    s = sub.add_parser("verify", help="compare regenerated values with the published ones")
    s.add_argument("--study", required=True)
    s.add_argument("--claims", required=True)
    s.add_argument("--output", action="append", default=[], metavar="ID=CSV")
    s.add_argument("--registry", default="workflow/registry.yaml", help="the outputs and the records each rests on")
    s.add_argument("--corrections", required=True)
    s.add_argument("--apply", action="append", default=[])
    s.add_argument("--tolerances", default="{}", help="JSON of config verification.tolerances")
    s.add_argument("--out", required=True)
    s.add_argument("--summary", required=True)
    s.add_argument("--numbers", required=True, help="folder for the regenerated numbers quoted in the text")
    s.add_argument("--profiles", help="tidy profiles (coded documents), compared with --questionnaire")
    s.add_argument("--questionnaire", help="tidy questionnaire records")
    s.add_argument("--compared", help="where to write the documents-vs-questionnaire comparison")
    s.add_argument("--references", help="BibTeX file: citations in claims.csv and the summary")
    s.add_argument("--references-out", help="where to write the references as CSV (for the report)")
    s.set_defaults(func=verify)
    s = sub.add_parser("leak-scan", help="scan outputs for restricted names and attributed quotes")
    s.add_argument("--scan", action="append", required=True, help="folder to scan (repeatable)")
    s.add_argument("--quarantine", default="quarantine", help="where leaking outputs are moved (git-ignored)")
    s.add_argument("--segments", required=True)
    s.add_argument("--cases-file", required=True)
    s.add_argument("--restricted", default="data/raw/restricted/names.csv",
                   help="restricted names CSV (kind, name[, acronym, variants]), used when present")
    s.add_argument("--unmade", help="JSON list of the files no rule makes (path, time, size): counted in the summary")
    s.add_argument("--out", required=True)
    s.set_defaults(func=leak_scan)
    s = sub.add_parser("scan-files", help="the commit guard: refuse files holding a restricted name or an attributed quote")
    s.add_argument("files", nargs="*")
    s.add_argument("--restricted", default="data/raw/restricted/names.csv")
    s.add_argument("--segments", default="data/processed/interview_segments.csv")
    s.add_argument("--cases-file", default="config/cases.yaml")
    s.set_defaults(func=scan_files)
    s = sub.add_parser("extract-text", help="write a document's text (plain or PDF) as UTF-8")
    s.add_argument("--document", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(func=extract_text)
    s = sub.add_parser("inspect-qdpx", help="check a REFI-QDA export before building: tool, position unit, "
                       "sources, codes, segments, what will be used or skipped")
    s.add_argument("file")
    s.add_argument("--json", action="store_true", help="machine-readable report")
    s.add_argument("--offset-unit", choices=["codepoint", "utf16", "codepoint_crlf_as_one"],
                   help="read positions in this unit instead of the one the project's origin implies")
    s.add_argument("--mapping-template", metavar="CSV", help="also write a mapping file to fill in (never overwrites)")
    s.set_defaults(func=inspect_qdpx)
    s = sub.add_parser("write-references", help="regenerate the README's References list from references.bib")
    s.add_argument("--bib", default="data/raw/published/references.bib")
    s.add_argument("--readme", default="README.md")
    s.set_defaults(func=write_references)
    s = sub.add_parser("new-case", help="start a case of your own: starter files, case list entry, reference")
    s.add_argument("--id", required=True, help="lower-case id, e.g. harbor_network")
    s.add_argument("--pseudonym", required=True, help="the name every table shows; never a real name")
    s.add_argument("--type", required=True, choices=["coalition", "single_organization"])
    s.set_defaults(func=new_case)
    s = sub.add_parser("notebook", help="run a notebook with papermill (parameters from a JSON file)")
    s.add_argument("notebook")
    s.add_argument("out")
    s.add_argument("--parameters", required=True, help="JSON file of the notebook's parameters")
    s.set_defaults(func=notebook)
    s = sub.add_parser("report", help="render the one HTML page of every result")
    s.add_argument("--registry", required=True)
    s.add_argument("--claims", required=True)
    s.add_argument("--validation", required=True, help="folder of validation results (JSON)")
    s.add_argument("--edges-file", required=True, help="JSON file: list of [rule, rule] pairs, the rule graph")
    s.add_argument("--numbers", required=True, help="index of the regenerated numbers (numbers.csv)")
    s.add_argument("--study", required=True, help="the study's title (config study.title)")
    s.add_argument("--references", help="references.csv written by verify (key, short, full, link)")
    s.add_argument("--cases-file", help="the case list: the report shows the page of each case listed, and no other")
    s.add_argument("--segments", help="interview segments: the closing summary counts what each coalition's tables use")
    s.add_argument("--leaders", help="interview leaders, with each interview's primary coder")
    s.add_argument("--out", required=True)
    s.set_defaults(func=report)
    s = sub.add_parser("pseudonymize", help="replace restricted names with keyed pseudonyms")
    s.add_argument("--names", required=True)
    s.add_argument("--document", action="append", default=[])
    s.add_argument("--out-dir", required=True)
    s.set_defaults(func=pseudonymize)
    s = sub.add_parser("manifest", help="check data/raw against its manifest (or --write it)")
    s.add_argument("--write", action="store_true", help="record the current raw files (after a deliberate change)")
    s.add_argument("--stamp", help="on success, write a stamp file here")
    s.add_argument("--restricted", default="data/raw/restricted/names.csv",
                   help="restricted names: a raw file holding one is refused")
    s.set_defaults(func=manifest)
    s = sub.add_parser("output-checksums", help="record the SHA-256 of every output (after a deliberate change)")
    s.add_argument("--write", required=True, help="the checksum file to write")
    s.set_defaults(func=output_checksums)
    s = sub.add_parser("outside-checks", help="repeat the checks against the cited works' own data (skipped "
                       "where the data are not downloaded)")
    s.add_argument("--config", default="config/config.yaml")
    s.set_defaults(func=outside_checks)
    s = sub.add_parser("write-suites", help="regenerate workflow/expectations/*.json from the codebook")
    s.add_argument("--out-dir", default="workflow/expectations")
    s.set_defaults(func=write_suites)
    s = sub.add_parser("outputs-table", help="print the README's table of outputs from the registry")
    s.add_argument("--registry", default="workflow/registry.yaml")
    s.set_defaults(func=outputs_table)
    return p


def refusals(exc: BaseException, log: str | None) -> list[str]:
    """The one line (or one line per problem) a user reads when a command refuses its input."""
    if isinstance(exc, InputErrors):
        return [f"ERROR: {line}" for line in exc.lines()]
    if isinstance(exc, InputError):
        return [f"ERROR: {exc}"]
    if isinstance(exc, ValidationFailed):  # one line per failed expectation, each naming its file
        return [f"ERROR: {line}" for line in str(exc).splitlines()]
    if isinstance(exc, LeakFound):
        return [f"ERROR: leak scan: {line}" for line in str(exc).splitlines()]
    if isinstance(exc, NotebookFailed):
        return [f"ERROR: {exc}"]
    where = f" (traceback in {log})" if log else ""
    return [f"ERROR: unexpected {type(exc).__name__}: {exc}{where}"]


class Redacting(io.TextIOBase):
    """A text stream whose every line is scanned for restricted names before it is written."""

    def __init__(self, stream, matcher):
        self.stream, self.matcher, self.pending = stream, matcher, ""

    def write(self, text: str) -> int:
        self.pending += text
        if "\n" in self.pending:
            done, _, self.pending = self.pending.rpartition("\n")
            self.stream.write(self.matcher.redact(done + "\n"))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.matcher.redact(self.pending))
            self.pending = ""
        self.stream.flush()

    def fileno(self) -> int:  # for libraries that ask; what they write there is theirs, not a message
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", "utf-8")


def restricted_matcher():
    """The matcher of the restricted names, when a list exists here and can be read (a command that
    needs a list it cannot read refuses on its own)."""
    from ctcstudy.guards.restricted import DEFAULT

    if not DEFAULT.is_file():
        return None
    from ctcstudy.guards import attribution

    try:
        return attribution.load_matcher(DEFAULT)
    except InputError:
        return None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    log = getattr(args, "log", None)
    user = sys.stderr
    if log:  # everything to the rule's log; only the refusal reaches the user, on one line
        Path(log).parent.mkdir(parents=True, exist_ok=True)
        user = os.fdopen(os.dup(2), "w")
        handle = open(log, "w", encoding="utf-8")
        sys.stdout.flush(), sys.stderr.flush()
        os.dup2(handle.fileno(), 1), os.dup2(handle.fileno(), 2)
    matcher, streams = restricted_matcher(), (sys.stdout, sys.stderr)
    if matcher:  # a name inside an error (a notebook's, a library's) is redacted before it is printed
        sys.stdout, sys.stderr = Redacting(sys.stdout, matcher), Redacting(sys.stderr, matcher)
        user = Redacting(user, matcher)
    try:
        return run(args, log, user)
    finally:
        sys.stdout.flush(), sys.stderr.flush()
        sys.stdout, sys.stderr = streams


def run(args, log: str | None, user) -> int:
    """The command; on a refusal its lines, bounded, to the log (and to the user unless the build
    repeats them at its end)."""
    console.CONSOLE = user if log else None
    try:
        args.func(args)
    except (InputError, ValidationFailed, LeakFound, NotebookFailed) as exc:
        lines = refusals(exc, log)
    except Exception as exc:  # noqa: BLE001  (a bug: the traceback goes to the log, one line to the user)
        import traceback

        print(traceback.format_exc(), file=sys.stderr)
        lines = refusals(exc, log)
    else:
        return 0
    lines = [bounded(line) for line in lines]
    sys.stdout.flush()
    for line in lines:
        print(line, file=sys.stderr)
        if log and not os.environ.get(REFUSALS_AT_END):
            print(line, file=user)
    sys.stderr.flush(), user.flush()
    return 1
