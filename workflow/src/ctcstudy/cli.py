"""The command line: ``python -m ctcstudy <command> ...``, one small function per command.

The build's steps (ingest, synthesize-panel, validate, publish, verify, notebook, report,
leak-scan, pseudonymize) each take one settings file, written by their rule
(ctcstudy.configuration.settings); the commands people type (new-case, inspect-qdpx, manifest,
scan-files, ...) take flags. Every command exits 0 on success, and 1 with one line per problem on
bad input, naming file, record and field (ctcstudy.console, ctcstudy.errors).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from ctcstudy import console
from ctcstudy.configuration import settings as typed
from ctcstudy.writers import atomic_write

# Heavy modules (pandas and what uses it) are imported inside the commands that need them, so
# light commands (manifest, publish, report) start fast: they sit on every build's critical path.


def ingest(args) -> None:
    from ctcstudy.ingest.run import ingest as run

    run(typed.load(args.settings, typed.Ingest))


def synthesize_panel(args) -> None:
    from ctcstudy.tools.synthetic_panel import synthesize

    spec = typed.load(args.settings, typed.SynthesizePanel)
    synthesize(dataclasses.asdict(spec), spec.out)


def validate(args) -> None:
    from ctcstudy.checks.gate import validate as run

    run(typed.load(args.settings, typed.Validate), args.jobs)


def publish(args) -> None:
    from ctcstudy.checks.gate import publish as run

    run(typed.load(args.settings, typed.Publish))


def verify(args) -> None:
    from ctcstudy.verify.run import verify as run

    run(typed.load(args.settings, typed.Verify))


def notebook(args) -> None:
    from ctcstudy.derive.notebooks import run

    run(args.notebook, args.out, args.parameters)


def report(args) -> None:
    from ctcstudy.report.page import write_report

    write_report(typed.load(args.settings, typed.Report), args.edges_file)


def leak_scan(args) -> None:
    from ctcstudy.guards.leak_scan import leak_scan as run

    run(typed.load(args.settings, typed.LeakScan))


def pseudonymize(args) -> None:
    from ctcstudy.guards.pseudonymize import pseudonymize_documents

    pseudonymize_documents(typed.load(args.settings, typed.Pseudonymize))


def scan_files(args) -> None:
    from ctcstudy.guards.leak_scan import scan_files as run

    run(args.files, args.restricted, args.cases_file, args.segments)


def manifest(args) -> None:
    from ctcstudy.guards import manifest as raw

    if args.write:
        print(f"data/raw/MANIFEST.sha256: {raw.write()} raw files recorded")
    else:
        print(f"{raw.check_raw(Path(args.restricted), args.stamp)} raw files match data/raw/MANIFEST.sha256")


def output_checksums(args) -> None:
    from ctcstudy.guards.manifest import checksum_lines
    from ctcstudy.guards.manifest import output_checksums as checksums

    atomic_write(Path(args.write), checksum_lines(checksums()))
    print(f"{args.write}: checksums of every output under results/ and data/processed/")


def new_case(args) -> None:
    """A student's own case: starter files, the case list entry, a reference and the manifest."""
    from ctcstudy.tools.newcase import new_case as scaffold

    written, key = scaffold(args.id, args.pseudonym, args.type)
    print(f"case {args.id} ({args.pseudonym}, {args.type}) added to config/cases.yaml; starter files:")
    for path in written:
        print(f"  {path}")
    print(
        f"reference data/raw/published/references.bib: {key} (give its real authors and year; keep a key that "
        "does not name the case: interview segments cite it beside their quotes)"
    )
    print(
        "manifest recorded. Next: fill in the files (README, 'Adding a case'), run `make manifest`, then `snakemake`."
    )


def inspect_qdpx(args) -> None:
    """What an export holds and what the pipeline will use or skip, before any build."""
    from ctcstudy.readers.refiqda import read_qdpx
    from ctcstudy.tools import inspect_qdpx as inspection

    project = read_qdpx(args.file, args.offset_unit)
    report = inspection.summary(project)
    print(inspection.as_json(report) if args.json else inspection.text(report), end="")
    if args.mapping_template:
        inspection.write_mapping_template(project, Path(args.mapping_template))
        print(f"mapping file to fill in: {args.mapping_template}", file=sys.stderr)


def replication_report(args) -> None:
    from ctcstudy.report.replication import write

    write(typed.load(args.settings, typed.ReplicationReport), args.edges_file)


def build_paper(args) -> None:
    """An author's paper typeset from the build, then checked like any manuscript."""
    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.readers.manuscripts import read
    from ctcstudy.report.paper import build
    from ctcstudy.verify import manuscript as checking

    outputs = {e["id"]: e for e in load_yaml("workflow/registry.yaml")["outputs"]}
    print(build(args.paper, args.out, "results/numbers/numbers.csv", outputs))
    checked = args.paper if args.paper.endswith(".tex") else args.out  # Typst: the PDF it made
    findings = checking.check(read(checked), built := checking.load_build(".", args.config))
    written = checking.write(Path(args.paper), findings, checking.missing_claims(findings, built), Path(args.check_dir))
    print(checking.as_text(Path(args.paper), findings, written), end="")


def new_manuscript(args) -> None:
    from ctcstudy.tools.new_manuscript import write

    for line in write(args.engine, Path(args.out)):
        print(line)


def check_manuscript(args) -> None:
    """Every number and table cell of a manuscript against the current build (verify.manuscript)."""
    import json

    from ctcstudy.readers.manuscripts import read
    from ctcstudy.verify import manuscript as checking

    paper = read(args.file)
    build = checking.load_build(".", args.config)
    findings = checking.check(paper, build)
    written = checking.write(paper.path, findings, checking.missing_claims(findings, build), Path(args.out_dir))
    if args.json:
        print(json.dumps(checking.as_json(findings), indent=1, ensure_ascii=False))
    else:
        print(checking.as_text(paper.path, findings, written), end="")
    differing = [f for f in findings if f.status == "differs"]
    if args.strict and differing:
        from ctcstudy.errors import ManuscriptDiffers

        raise ManuscriptDiffers("\n".join(checking.line(args.file, f) for f in differing))


def extract_text(args) -> None:
    """A coalition document's text (plain or PDF) as UTF-8, e.g. to import into a QDA tool."""
    from ctcstudy.readers.documents import document_text

    text = document_text(args.document)
    atomic_write(Path(args.out), text)
    print(f"{args.document}: {len(text)} characters -> {args.out}")


def outside_checks(args) -> None:
    from ctcstudy.verify.outside import run_from_config

    print("\n".join(run_from_config(args.config)))


def write_references(args) -> None:
    """Regenerate the README's References list from the BibTeX file."""
    from ctcstudy.report.references import load, readme_with_references

    readme, refs = Path(args.readme), load(args.bib)
    atomic_write(readme, readme_with_references(readme.read_text(encoding="utf-8"), refs))
    print(f"{readme}: {len(refs)} references from {args.bib}")


def write_data_files(args) -> None:
    """Regenerate the README's dataset list and ACCESS.md from workflow/data_files.yaml."""
    from ctcstudy.configuration import data_files

    entries, tiers = data_files.load(args.list)
    readme = Path(args.readme)
    atomic_write(readme, data_files.readme_with_table(readme.read_text(encoding="utf-8"), entries))
    atomic_write(Path(args.access), data_files.access_markdown(entries, tiers))
    print(f"{readme}, {args.access}: {len(entries)} data files from {args.list}")


def deposit(args) -> None:
    """deposit/<name>-<version>/ and its zip, everything in it leak-scanned first."""
    from ctcstudy.deposit.package import write

    restricted = args.restricted if Path(args.restricted).is_file() else None
    scan = {"segments": args.segments, "cases_file": args.cases_file, "restricted": restricted}
    folder, archive, count = write(Path(args.out_dir), Path("."), scan)
    print(f"{archive}: {count} files ({folder}/), leak-scanned")


def write_citation(args) -> None:
    """CITATION.cff, .zenodo.json and codemeta.json from config/citation.yaml, pyproject and references."""
    from ctcstudy.deposit.citation import files

    for name, text in files(Path(".")).items():
        atomic_write(Path(name), text)
        print(name)


def write_suites(args) -> None:
    from ctcstudy.checks import suites

    for path in suites.write_all(args.out_dir):
        print(path)


def outputs_table(args) -> None:
    from ctcstudy.registry import outputs_markdown

    print(outputs_markdown(args.registry), end="")


RESTRICTED = "data/raw/restricted/names.csv"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ctcstudy")
    p.add_argument("--log", help="write all output to this file; print only a refusal, one line per problem")
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, func, help: str, settings: bool = False):
        s = sub.add_parser(name, help=help)
        if settings:
            s.add_argument("settings", help="the step's settings file (JSON), written by its rule")
        s.set_defaults(func=func)
        return s

    command("ingest", ingest, "read every raw dataset into tidy CSVs", settings=True)
    command("synthesize-panel", synthesize_panel, "make the calibrated synthetic panel", settings=True)
    s = command("validate", validate, "read the raw files and run every expectation suite", settings=True)
    s.add_argument("--jobs", type=int, default=1, help="validate in this many forked processes (one import)")
    command("publish", publish, "copy validated files into place", settings=True)
    command("verify", verify, "compare regenerated values with the published ones", settings=True)
    s = command("notebook", notebook, "run a notebook with papermill (parameters from a JSON file)")
    s.add_argument("notebook")
    s.add_argument("out")
    s.add_argument("--parameters", required=True, help="JSON file of the notebook's parameters")
    s = command("report", report, "render the one HTML page of every result", settings=True)
    s.add_argument("--edges-file", required=True, help="JSON file: list of [rule, rule] pairs, the rule graph")
    s = command("replication-report", replication_report, "typeset the replication report (PDF)", settings=True)
    s.add_argument("--edges-file", required=True, help="JSON file: list of [rule, rule] pairs, the rule graph")
    command("leak-scan", leak_scan, "scan outputs for restricted names and attributed quotes", settings=True)
    command("pseudonymize", pseudonymize, "replace restricted names with keyed pseudonyms", settings=True)
    s = command(
        "scan-files", scan_files, "the commit guard: refuse files holding a restricted name or an attributed quote"
    )
    s.add_argument("files", nargs="*")
    s.add_argument("--restricted", default=RESTRICTED)
    s.add_argument("--segments", default="data/processed/interview_segments.csv")
    s.add_argument("--cases-file", default="config/cases.yaml")
    s = command("manifest", manifest, "check data/raw against its manifest (or --write it)")
    s.add_argument("--write", action="store_true", help="record the current raw files (after a deliberate change)")
    s.add_argument("--stamp", help="on success, write a stamp file here")
    s.add_argument("--restricted", default=RESTRICTED, help="restricted names: a raw file holding one is refused")
    s = command("output-checksums", output_checksums, "record the SHA-256 of every output (after a deliberate change)")
    s.add_argument("--write", required=True, help="the checksum file to write")
    s = command("new-case", new_case, "start a case of your own: starter files, case list entry, reference")
    s.add_argument("--id", required=True, help="lower-case id, e.g. harbor_network")
    s.add_argument("--pseudonym", required=True, help="the name every table shows; never a real name")
    s.add_argument("--type", required=True, choices=["coalition", "single_organization"])
    s = command(
        "inspect-qdpx",
        inspect_qdpx,
        "check a REFI-QDA export before building: tool, position unit, "
        "sources, codes, segments, what will be used or skipped",
    )
    s.add_argument("file")
    s.add_argument("--json", action="store_true", help="machine-readable report")
    s.add_argument(
        "--offset-unit",
        choices=["codepoint", "utf16", "codepoint_crlf_as_one"],
        help="read positions in this unit instead of the one the project's origin implies",
    )
    s.add_argument("--mapping-template", metavar="CSV", help="also write a mapping file to fill in (never overwrites)")
    s = command("build-paper", build_paper, "typeset an author's paper (.tex, .typ) from the build, then check it")
    s.add_argument("paper")
    s.add_argument("--out", required=True)
    s.add_argument("--check-dir", default="results/manuscript_check")
    s.add_argument("--config", default="config/config.yaml")
    s = command(
        "new-manuscript",
        new_manuscript,
        "write a starter paper that takes its tables, figure and numbers from the build",
    )
    s.add_argument("--engine", required=True, choices=["latex", "typst", "docx"])
    s.add_argument("--out", default="manuscript", help="folder for the paper (never overwrites one)")
    s = command(
        "check-manuscript",
        check_manuscript,
        "every number and table cell of a paper (.docx .tex .md .pdf) vs the build",
    )
    s.add_argument("file")
    s.add_argument("--json", action="store_true", help="print the findings as JSON")
    s.add_argument("--strict", action="store_true", help="exit 1 when any value differs (for an author's CI)")
    s.add_argument("--out-dir", default="results/manuscript_check", help="where <file stem>.csv and .md go")
    s.add_argument("--config", default="config/config.yaml")
    s = command("extract-text", extract_text, "write a document's text (plain or PDF) as UTF-8")
    s.add_argument("--document", required=True)
    s.add_argument("--out", required=True)
    s = command(
        "outside-checks",
        outside_checks,
        "repeat the checks against the cited works' own data (skipped where the data are not downloaded)",
    )
    s.add_argument("--config", default="config/config.yaml")
    s = command("write-references", write_references, "regenerate the README's References list from references.bib")
    s.add_argument("--bib", default="data/raw/published/references.bib")
    s.add_argument("--readme", default="README.md")
    s = command("write-data-files", write_data_files, "regenerate the README's dataset list and ACCESS.md")
    s.add_argument("--list", default="workflow/data_files.yaml")
    s.add_argument("--readme", default="README.md")
    s.add_argument("--access", default="ACCESS.md")
    s = command("deposit", deposit, "write the deposit for an archive: deposit/<name>-<version>/ and its zip")
    s.add_argument("--out-dir", default="deposit")
    s.add_argument("--restricted", default=RESTRICTED)
    s.add_argument("--segments", default="data/processed/interview_segments.csv")
    s.add_argument("--cases-file", default="config/cases.yaml")
    command("write-citation", write_citation, "write CITATION.cff, .zenodo.json, codemeta.json from their sources")
    s = command("write-suites", write_suites, "regenerate workflow/expectations/*.json from the codebook")
    s.add_argument("--out-dir", default="workflow/expectations")
    s = command("outputs-table", outputs_table, "print the README's table of outputs from the registry")
    s.add_argument("--registry", default="workflow/registry.yaml")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return console.run_command(lambda: args.func(args), args.log)
