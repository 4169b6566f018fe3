"""The deposit: deposit/<name>-<version>/ and its zip, for QDR, Dataverse, Zenodo or openICPSR.

It holds datapackage.json (every table described, deposit.datapackage), codebook.xml, .html and .pdf
(DDI Codebook 2.5, deposit.ddi), ro-crate-metadata.json (which rule run made which file, deposit.crate), the replication package (code, config, data/raw/ without data/raw/restricted/, notebooks,
lock files, documentation, tests), the results of the build it follows, and the metadata files
(licences, citation, access). The zip's bytes depend only on its contents: members sorted, one
fixed time, fixed permissions. Everything packed is leak-scanned first; a hit is refused in one line.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

from ctcstudy.errors import LeakFound

FILES = [  # the replication package's own files at the top level
    "README.md",
    "ACCESS.md",
    "LICENSE",
    "LICENSE-DATA",
    "CITATION.cff",
    ".zenodo.json",
    "codemeta.json",
    "Makefile",
    "Snakefile",
    "pyproject.toml",
    "environment.yml",
    "requirements.lock",
    "requirements-slurm.lock",
    "requirements-validators.lock",
    ".gitignore",
    ".pre-commit-config.yaml",
]
FOLDERS = ["config", "workflow", "notebooks", "data/raw", "profiles", "docs", "tests", ".ci"]
RESULTS = ["results", "data/processed"]
ADDED = [  # the metadata the deposit adds at its top level
    Path("datapackage.json"),
    Path("codebook.xml"),
    Path("codebook.html"),
    Path("codebook.pdf"),
    Path("ro-crate-metadata.json"),
]
NEVER = {"restricted", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", ".snakemake_timestamp"}


def project(root: Path = Path(".")) -> dict:
    """pyproject.toml's [project] table: name, version, description, licence, dependencies."""
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def name_and_version(root: Path = Path(".")) -> str:
    table = project(root)
    return f"{table['name']}-{table['version']}"


def members(root: Path = Path(".")) -> list[Path]:
    """Every file the deposit holds, relative to the project folder, sorted."""
    found = [Path(f) for f in FILES if (root / f).is_file()]
    for folder in [*FOLDERS, *RESULTS]:
        for path in sorted((root / folder).rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not (NEVER & set(relative.parts)) and not path.name.endswith((".pyc", ".egg-info")):
                if not any(part.endswith(".egg-info") for part in relative.parts):
                    found.append(relative)
    return sorted(set(found), key=lambda p: p.as_posix())


def scan(root: Path, files: list[Path], segments: str, cases_file: str, restricted: str | None) -> None:
    """The leak scan over everything packed: a restricted name or an attributed quote anywhere in the
    deposit refuses it, one line per hit."""
    from ctcstudy.guards.leak_scan import scan_paths

    outputs = [root / f for f in files if f.parts[0] == "results" or f.as_posix().startswith("data/processed/")]
    hits = scan_paths([root / f for f in files], outputs, segments, cases_file, restricted)
    if hits:
        raise LeakFound("\n".join(f"deposit refused: {hit}" for hit in hits))


def write(out_dir: Path, root: Path = Path("."), scan_with: dict | None = None) -> tuple[Path, Path, int]:
    """deposit/<name>-<version>/ and .zip; returns them and the number of files."""
    files = members(root)
    if scan_with is not None:
        scan(root, files, **scan_with)
    name = name_and_version(root)
    folder, archive = out_dir / name, out_dir / f"{name}.zip"
    staging = out_dir / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for relative in files:
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / relative, target)
        describe_deposit(staging, files, root)
        if scan_with is not None:  # the metadata written from what was scanned is scanned too
            scan(staging, ADDED, **scan_with)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # no half-written deposit is left behind
        raise
    files = sorted([*files, *ADDED], key=lambda p: p.as_posix())
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    data = zipped(folder, files, name)
    tmp = archive.with_name(f".{archive.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, archive)
    return folder, archive, len(files)


def describe_deposit(staging: Path, files: list[Path], root: Path) -> None:
    """The metadata archives and tools read, written into the deposit (ADDED)."""
    from ctcstudy.deposit.crate import write as provenance
    from ctcstudy.deposit.datapackage import write as describe
    from ctcstudy.deposit.ddi import write as codebook

    describe(staging, files, staging / "datapackage.json")  # every table, typed and labelled
    codebook(staging, staging)  # the instruments' variables: DDI Codebook 2.5, and as a web page
    described = sorted([*files, *ADDED[:-1]], key=lambda p: p.as_posix())
    runs, unrecorded = provenance(staging, described, root)  # which rule run made which file, every SHA-256
    print(f"ro-crate-metadata.json: {runs} rule runs; {len(unrecorded)} deposited outputs with no recorded run")


def zipped(folder: Path, files: list[Path], name: str) -> bytes:
    """The zip of the folder: members sorted under <name>/, one fixed time, mode 644 (755 for the
    scripts people run)."""
    from ctcstudy.writers import zip_bytes

    return zip_bytes(
        [
            (
                f"{name}/{relative.as_posix()}",
                (folder / relative).read_bytes(),
                0o755 if executable(relative) else 0o644,
            )
            for relative in files
        ]
    )


def executable(relative: Path) -> bool:
    return relative.suffix == ".sh" or relative.as_posix() == ".ci/run"
