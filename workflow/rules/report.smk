# The one page a reviewer opens: every table, figure and case page, the verification and the
# validation results and the rule graph, in one offline HTML file (results/report.html).
# Last: scan everything under results/ and data/processed/ (the report included) for restricted
# names and for coded quotes next to a case name. A hit fails the build, naming file and line.

REPORT = "results/report.html"
REPORT_SETTINGS = settings("report", study=config["study"]["title"], registry=REGISTRY_FILE,
                           claims="results/verification/claims.csv", validation="results/validation",
                           numbers="results/numbers/numbers.csv", references="results/verification/references.csv",
                           segments="data/processed/interview_segments.csv",
                           leaders="data/processed/interview_leaders.csv", cases_file=config["cases_file"], out=REPORT)


rule report:
    input:
        package=PACKAGE,
        registry=REGISTRY_FILE,
        claims="results/verification/claims.csv",
        references=rules.verify.output.references,
        numbers=rules.verify.output.numbers,
        outputs=[f for output_id in OUTPUTS for f in files_of(output_id)],
        captions=[entry["caption"] for entry in REGISTRY],
        validation=expand("results/validation/{dataset}.json", dataset=DATASETS),
        records=RECORD_TABLES,
        pseudonymized=PSEUDONYMIZED if Path(RESTRICTED_NAMES).is_file() else [],  # never ahead of that gate
        interviews=["data/processed/interview_segments.csv", "data/processed/interview_leaders.csv"],
        cases=config["cases_file"],
    output:
        REPORT,
    log:
        "logs/report.log",
    shell:
        "{PY} -m ctcstudy --log {log} report " + REPORT_SETTINGS + " --edges-file {RULE_GRAPH}"


# Files no rule makes (added by hand, left by a tool) are scanned too. Their names, sizes and times
# go into a settings file named in the command, so a new or changed one reruns the scan even in an
# otherwise up-to-date build; as a settings file, not as inputs, so a file a job removes in the
# same build (a stale case page) cannot stop the build as missing. Every other rule is defined by
# now (this file is included last); the scan's own output is named here.
def unmade_files():
    made = {str(f) for r in workflow.rules for f in r.output} | {"results/leak_scan.txt"}
    folders = tuple(f"{f}/" for f in made if Path(f).is_dir())  # directory outputs (results/numbers)
    found = (p for d in ("results", "data/processed") for p in Path(d).rglob("*") if p.is_file())
    unmade = (p for p in found if p.as_posix() not in made and not p.as_posix().startswith(folders) and p.name != ".gitkeep")
    return sorted([p.as_posix(), stat.st_mtime_ns, stat.st_size] for p in unmade for stat in [p.stat()])


UNMADE_LIST = settings_file("unmade", json.dumps(unmade_files()), ".json")
LEAK_SCAN = settings("leak_scan", scan=["results", "data/processed"], segments="data/processed/interview_segments.csv",
                     cases_file=config["cases_file"], unmade=UNMADE_LIST, out="results/leak_scan.txt",
                     restricted=RESTRICTED_NAMES if Path(RESTRICTED_NAMES).is_file() else None)


rule leak_scan:
    input:
        package=PACKAGE,
        outputs=[f for f in final_outputs() if f != "results/leak_scan.txt"],
        segments="data/processed/interview_segments.csv",
        cases=config["cases_file"],
        restricted=[RESTRICTED_NAMES] if Path(RESTRICTED_NAMES).is_file() else [],
    output:
        "results/leak_scan.txt",
    log:
        "logs/leak_scan.log",
    shell:
        "{PY} -m ctcstudy --log {log} leak-scan " + LEAK_SCAN
