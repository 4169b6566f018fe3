"""Coalition documents as raw data: the inventory (one row per document) and its texts.

DOCUMENT_TYPES below are the six kinds of coalition document the study gathered (Foot, Sworn & Alejano-Steele (2019),
§Methods, data collection). The inventory names each document's coalition, kind, year, language, file and
SHA-256; the reader adds what it finds on disk (file present, actual checksum), so the
great-expectations suite can refuse a missing file or a changed text by record and field.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# The six kinds the study lists (mission, vision and goal statements are one kind).
DOCUMENT_TYPES = [
    "charter",
    "bylaws",
    "membership_agreement",
    "mission_vision_goals",
    "strategic_plan",
    "progress_report",
]
INVENTORY_COLUMNS = [
    "document_id",
    "coalition",
    "document_type",
    "year",
    "language",
    "file",
    "sha256",
    "provenance",
    "source",
]
FOUND_COLUMNS = ["file_found", "sha256_found", "characters"]
TEXT_SUFFIXES = (".txt", ".pdf")  # plain text, or a PDF with a text layer (read with pypdf)


def read_inventory(path: str | Path):
    """The inventory with, per row, whether its file exists and the checksum found on disk.

    Document paths are relative to the project folder (as in the inventory's `file` column).
    """
    import pandas as pd

    from ctcstudy.errors import InputError, raise_all
    from ctcstudy.readers.delimited import read_raw_csv

    table = read_raw_csv(path)
    files = table["file"] if "file" in table else [None] * len(table)
    # A missing document is named by its own path first (not by a later rule on its text), all at once.
    raise_all(
        [
            InputError(
                f,
                f"document file not found (listed in {path}, line {i + 2}, document_id "
                f"{table.loc[i, 'document_id'] if 'document_id' in table else '-'}); restore it, or fix the "
                "inventory's file column",
            )
            for i, f in zip(table.index, files)
            if isinstance(f, str) and not Path(f).is_file()
        ]
    )
    found = pd.DataFrame(
        [on_disk(Path(f) if isinstance(f, str) else None) for f in files], columns=FOUND_COLUMNS, index=table.index
    )
    return table.join(found)


def on_disk(path: Path | None) -> tuple[str, str | None, int]:
    """File present?, its SHA-256 and its length in characters of text: one read of the file."""
    if path is None or not path.is_file():
        return "no", None, 0
    data = path.read_bytes()
    return "yes", hashlib.sha256(data).hexdigest(), len(document_text(path, data).strip())


def document_text(path: str | Path, data: bytes | None = None) -> str:
    """A document's text: plain UTF-8, or the text layer of a PDF (pages separated by blank lines).

    A PDF without a text layer (a scan) gives no text; the inventory's suite then refuses it, so
    it has to be run through OCR first. An unreadable file is refused by name.
    """
    from ctcstudy.errors import InputError, undecodable

    path = Path(path)
    data = path.read_bytes() if data is None else data
    if path.suffix.lower() == ".pdf":
        import io

        import pypdf

        try:
            return "\n\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)
        except (pypdf.errors.PdfReadError, ValueError, OSError) as exc:
            raise InputError(path, f"not a readable PDF ({exc})") from exc
    from ctcstudy.errors import refuse_nul

    refuse_nul(path, data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise undecodable(path, data, exc) from exc


def write_documents(root: Path, folder: str, documents: list[dict], provenance: str, source: str | None = None) -> str:
    """Write texts and their inventory under root/folder (the shipped documents, new cases, fixtures).

    Each document: document_id, coalition, document_type, text, and its own source unless one
    `source` serves all. Returns the inventory's path relative to root, as the case list names it.
    """
    import csv

    (root / folder / "texts").mkdir(parents=True, exist_ok=True)
    rows = []
    for doc in documents:
        path = f"{folder}/texts/{doc['document_id']}.txt"
        data = doc["text"].encode("utf-8")
        (root / path).write_bytes(data)
        rows.append(
            {
                "document_id": doc["document_id"],
                "coalition": doc["coalition"],
                "document_type": doc["document_type"],
                "year": "",
                "language": "en",
                "file": path,
                "sha256": hashlib.sha256(data).hexdigest(),
                "provenance": provenance,
                "source": doc.get("source", source),
            }
        )
    inventory = f"{folder}/inventory.csv"
    with (root / inventory).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=INVENTORY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return inventory
