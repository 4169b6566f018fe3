"""A PDF manuscript with a text layer (pypdf): each page's text, its lines numbered.

A PDF keeps no table structure in its text, so its tables are found later, by the row labels of
the package's tables (verify.manuscript). A scan without a text layer, or an encrypted file, is
refused: it has to be run through OCR, or saved without a password, first.
"""

from __future__ import annotations

from pathlib import Path

from ctcstudy.errors import InputError
from ctcstudy.readers.manuscripts import Manuscript, Passage, joined, plain


def read(path: Path) -> Manuscript:
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise InputError(path, "an encrypted PDF; save it without a password first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (pypdf.errors.PdfReadError, pypdf.errors.PdfStreamError, ValueError, OSError, KeyError) as exc:
        raise InputError(path, f"not a readable PDF ({exc or type(exc).__name__})") from exc
    if not any(page.strip() for page in pages):
        raise InputError(path, f"no text layer on any of its {len(pages)} page(s) (a scan?): run it through OCR first")
    manuscript = Manuscript(path, "pdf")
    for number, page in enumerate(pages, 1):
        text, starts = joined([plain(line.rstrip()) for line in page.splitlines()])
        manuscript.passages.append(Passage(f"page {number}, line {{line}}", text, starts))
    return manuscript
