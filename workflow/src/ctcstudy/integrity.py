"""Raw data stay as they were: a SHA-256 manifest of every raw file, checked before anything runs.

``make manifest`` (``python -m ctcstudy manifest --write``) records the current raw files after a
deliberate change; the first rule of every build checks them against it. Restricted
(identifiable) inputs under data/raw/restricted/ are never listed: they are not shipped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import InputError

RAW = Path("data/raw")
MANIFEST = RAW / "MANIFEST.sha256"
EXCLUDED = {MANIFEST.name}
RESTRICTED = RAW / "restricted"


def raw_files(root: Path = RAW) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name not in EXCLUDED
                  and RESTRICTED not in p.parents and p.name != ".gitkeep")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render(root: Path = RAW) -> str:
    return "".join(f"{digest(p)}  {p.as_posix()}\n" for p in raw_files(root))


def write(root: Path = RAW, manifest: Path = MANIFEST) -> int:
    manifest.write_text(render(root), encoding="utf-8")
    return len(raw_files(root))


def check(root: Path = RAW, manifest: Path = MANIFEST) -> int:
    """Refuse any raw file that changed, disappeared or appeared since the manifest was written."""
    if not manifest.is_file():
        raise InputError(manifest, "raw-data manifest missing; write it with `make manifest`")
    recorded = {}
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        checksum, _, name = line.partition("  ")
        recorded[name] = checksum
    present = {p.as_posix(): p for p in raw_files(root)}
    for name, checksum in recorded.items():
        if name not in present:
            raise InputError(name, "raw file listed in data/raw/MANIFEST.sha256 is missing")
        if digest(present[name]) != checksum:
            raise InputError(name, "raw file changed since data/raw/MANIFEST.sha256 was written; raw data are "
                             "immutable: restore it, or record a deliberate change with `make manifest`")
    for name in sorted(set(present) - set(recorded)):
        raise InputError(name, "raw file not in data/raw/MANIFEST.sha256; record it with `make manifest`")
    return len(recorded)


# What a rebuild needs: the workflow, its configuration, notebooks and raw data (nothing built).
PROJECT_PATHS = ["Snakefile", "config", "workflow", "notebooks", "data/raw", "profiles"]


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
