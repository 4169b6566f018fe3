# Last: scan everything under results/ and data/processed/ for restricted names and for coded
# quotes next to a case name. A hit fails the build, naming file and line.

RESTRICTED_NAMES = "data/raw/restricted/names.csv"


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
        "{PY} -m ctcstudy leak-scan --scan results --scan data/processed --segments {input.segments} "
        "--cases-file {input.cases} "
        + (f"--restricted {RESTRICTED_NAMES} " if Path(RESTRICTED_NAMES).is_file() else "")
        + "--out {output} " + on_error("{log}")
