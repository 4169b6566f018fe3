"""Raw data stay as they were: a SHA-256 manifest of every raw file, checked before anything runs.

``make manifest`` (``python -m ctcstudy manifest --write``) records the current raw files after a
deliberate change; the first rule of every build checks them against it. Restricted
(identifiable) inputs under data/raw/restricted/ are never listed: they are not shipped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ctcstudy.errors import InputError

RAW = Path("data/raw")
MANIFEST = RAW / "MANIFEST.sha256"
EXCLUDED = {MANIFEST.name}
RESTRICTED = RAW / "restricted"


def raw_files(root: Path = RAW) -> list[Path]:
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.name not in EXCLUDED and RESTRICTED not in p.parents and p.name != ".gitkeep"
    )
    for path in files:
        refuse_control_characters(path)
    return files


def refuse_control_characters(path: Path) -> None:
    """A file name holding a line break, tab or other control character cannot be listed in the
    one-line-per-file manifest, nor named in a one-line refusal: refused, the characters shown escaped."""
    import unicodedata

    name = path.as_posix()
    if any(unicodedata.category(c) == "Cc" for c in name):
        shown = "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in name)
        raise InputError(
            shown, "a file name holding a control character (line break, tab ...) is refused: rename the file"
        )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render(root: Path = RAW) -> str:
    return "".join(f"{digest(p)}  {p.as_posix()}\n" for p in raw_files(root))


def write(root: Path = RAW, manifest: Path = MANIFEST) -> int:
    from ctcstudy.writers import atomic_write

    atomic_write(manifest, render(root))  # refused names are refused before anything is written
    return len(raw_files(root))


def check(root: Path = RAW, manifest: Path = MANIFEST) -> int:
    """Refuse any raw file that changed, disappeared or appeared since the manifest was written."""
    if not manifest.is_file():
        raise InputError(manifest, "raw-data manifest missing; write it with `make manifest`")
    recorded = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        checksum, _, name = line.partition("  ")
        recorded[name] = checksum
    present = {p.as_posix(): p for p in raw_files(root)}
    for name, checksum in recorded.items():
        if name not in present:
            raise InputError(name, "raw file listed in data/raw/MANIFEST.sha256 is missing")
        if digest(present[name]) != checksum:
            raise InputError(
                name,
                "raw file changed since data/raw/MANIFEST.sha256 was written; raw data are "
                "immutable: restore it, or record a deliberate change with `make manifest`",
            )
    for name in sorted(set(present) - set(recorded)):
        raise InputError(name, "raw file not in data/raw/MANIFEST.sha256; record it with `make manifest`")
    return len(recorded)


# What a rebuild needs: the workflow, its configuration, notebooks and raw data (nothing built).
# As a clone holds them (the empty output folders too: the leak scan counts every file it reads).
PROJECT_PATHS = [
    "Snakefile",
    "README.md",  # its dataset list, and pyproject.toml and the lock's versions: the replication report's
    "pyproject.toml",
    "requirements.lock",
    "LICENSE",  # and the metadata files the deposit packs
    "LICENSE-DATA",
    "CITATION.cff",
    ".zenodo.json",
    "codemeta.json",
    "ACCESS.md",
    "config",
    "workflow",
    "notebooks",
    "data/raw",
    "profiles",
    "results/.gitkeep",
    "data/processed/.gitkeep",
]


def copy_project(root: Path, dest: Path) -> Path:
    """A fresh copy of the project's inputs (for tests and benchmarks), timestamps kept."""
    import shutil

    for name in PROJECT_PATHS:
        src, target = root / name, dest / name
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "restricted"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


OUTPUT_FOLDERS = ("results", "data/processed")


def output_checksums(root: Path = Path(".")) -> dict[str, str]:
    """SHA-256 of every output, the executed notebooks included (written without run times)."""
    files = sorted(
        p for d in OUTPUT_FOLDERS for p in (root / d).rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def read_checksums(path: Path) -> dict[str, str]:
    return {name: digest for digest, name in (line.split("  ", 1) for line in path.read_text().splitlines())}


def checksum_lines(checksums: dict[str, str]) -> str:
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(checksums.items()))


def check_raw(restricted: Path, stamp: str | None = None) -> int:
    """The build's first step: raw files as recorded, none holding a restricted name."""
    from ctcstudy.guards.leak_scan import refuse_restricted_raw
    from ctcstudy.writers import atomic_write

    count = check()
    refuse_restricted_raw(restricted)
    if stamp:
        atomic_write(stamp, f"{count} raw files match data/raw/MANIFEST.sha256\n")
    return count
