# Fingerprints: of the package (every rule takes it as input, see common.smk) and of the raw
# data. Every raw file must match data/raw/MANIFEST.sha256 (record deliberate changes with
# `make manifest`). Nothing in this workflow writes under data/raw/.


rule package_fingerprint:
    input:
        PACKAGE_MODULES,
    output:
        PACKAGE,
    log:
        "logs/package_fingerprint.log",
    shell:
        "sha256sum workflow/src/ctcstudy/*.py workflow/src/ctcstudy/*/*.py > {output} 2> {log}"  # the inputs, by glob


RAW_FILES = [
    p.as_posix()
    for p in sorted(Path("data/raw").rglob("*"))
    if p.is_file() and "restricted" not in p.parts and p.name not in ("MANIFEST.sha256", ".gitkeep")
]
MANIFEST_OK = "data/interim/raw_manifest.ok"


rule check_manifest:
    input:
        package=PACKAGE,
        manifest="data/raw/MANIFEST.sha256",
        raw=RAW_FILES,
        # a raw file holding a restricted name is refused here, before anything runs
        restricted=[p for p in ["data/raw/restricted/names.csv"] if Path(p).is_file()],
    output:
        MANIFEST_OK,
    log:
        "logs/check_manifest.log",
    shell:
        "python -m ctcstudy --log {log} manifest --stamp {output} "


# Identifiable inputs, when a user has them: only under the git-ignored data/raw/restricted/.
# The names list is read (and refused when it cannot protect anything) while the workflow is read;
# a pseudonymized document's name holds '<kind>-<entry number>' where the original held a name.
RESTRICTED_NAMES = "data/raw/restricted/names.csv"
RESTRICTED_DOCUMENTS = sorted(p.as_posix() for p in Path("data/raw/restricted/documents").glob("*.txt"))
PSEUDONYMIZED = ["data/processed/pseudonymized/pseudonyms.csv"]
if Path(RESTRICTED_NAMES).is_file() or RESTRICTED_DOCUMENTS:  # (the name matcher is imported only then)
    from ctcstudy.guards import attribution
    from ctcstudy.guards import pseudonymize as pseudonyms

    RESTRICTED_MATCHER = refuse_and_exit(attribution.load_matcher, RESTRICTED_NAMES)
    PSEUDONYMIZED[:0] = [
        f"data/processed/pseudonymized/documents/{pseudonyms.file_name(Path(p).name, RESTRICTED_MATCHER)}"
        for p in RESTRICTED_DOCUMENTS
    ]
PSEUDONYMIZE = settings(
    "pseudonymize", documents=RESTRICTED_DOCUMENTS, names=RESTRICTED_NAMES, out_dir="data/processed/pseudonymized"
)


rule pseudonymize:
    input:
        settings=PSEUDONYMIZE,
        package=PACKAGE,
        names="data/raw/restricted/names.csv",
        documents=RESTRICTED_DOCUMENTS,
    output:
        PSEUDONYMIZED,
    log:
        "logs/pseudonymize.log",
    shell:
        "python -m ctcstudy --log {log} pseudonymize {input.settings}"
