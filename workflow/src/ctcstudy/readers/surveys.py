"""Questionnaire responses as survey tools export them: CSV or XLSX from Qualtrics, LimeSurvey,
KoboToolbox or Google Forms, mapped to the codebook's items by a column map.

What the tools write, and what is done about it:

- Qualtrics CSV: UTF-8 with a byte-order mark and two extra header rows under the column names
  (the question texts, then ``{"ImportId": ...}``); the ImportId row is the evidence, and both
  rows are dropped only when it is there.
- LimeSurvey CSV: question codes as headers; answers as codes or as full answer texts.
- KoboToolbox: CSV separated by semicolons, or XLSX; headers may carry the group path
  (``group_x/question``).
- Google Forms CSV: a Timestamp column and the question texts as headers; answers as labels.

The column map (CSV: ``item, column, value, blank``) names, for each codebook item, the column
that holds it or a constant ``value`` (for example the coalition's pseudonym, provenance and
source), and what a blank cell means: ``not reported`` (default, code -9) or ``no`` (0, for
"select all that apply" questions, where a blank is an unticked box; a ticked box may hold the
choice's text, as Qualtrics writes it by default). Answers may be codes or labels. Every wrong
answer of the file is refused at once, each naming file, row (the line in a CSV) and column.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ctcstudy.errors import InputError, csv_text, raise_all

MAP_COLUMNS = ["item", "column", "value", "blank"]
BLANKS = {"not reported": -9, "no": 0}


def read_map(path: str | Path) -> pd.DataFrame:
    from ctcstudy.readers.delimited import read_raw_csv

    table = read_raw_csv(path)
    missing = [c for c in ("item", "column", "value") if c not in table.columns]
    if missing:
        raise InputError(path, f"a column map has the columns {', '.join(MAP_COLUMNS)}", field=", ".join(missing))
    if "blank" not in table:
        table["blank"] = None
    table = table.astype(object).where(table.notna(), "")  # empty cells as '' (read_raw_csv gives missing)
    for line, row in enumerate(table.itertuples(index=False), start=2):
        if bool(row.column) == bool(row.value):
            raise InputError(
                path, "give either the export's column or a constant value", record=f"line {line}", field="column"
            )
        if row.blank and row.blank not in BLANKS:
            raise InputError(path, f"blank must be one of: {', '.join(BLANKS)}", record=f"line {line}", field="blank")
    return table[MAP_COLUMNS]


def read_export(path: Path) -> tuple[pd.DataFrame, int]:
    """The export's cells as text, and the file line of its first data row (for messages)."""
    if path.suffix.lower() == ".xlsx":
        try:
            table = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for a damaged workbook
            raise InputError(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
        first = 2
    else:
        text = csv_text(path)  # Qualtrics writes a byte-order mark
        head = text.split("\n", 1)[0]
        separator = ";" if head.count(";") > head.count(",") else ","  # KoboToolbox exports use semicolons
        try:
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=separator)
        except pd.errors.EmptyDataError as exc:
            raise InputError(path, "the file is empty") from exc
        except (pd.errors.ParserError, ValueError) as exc:
            raise InputError(path, f"not a well-formed CSV file ({exc})") from exc
        first = 2
    table.columns = [str(c).strip() for c in table.columns]
    if len(table) >= 2 and any(str(v).startswith('{"ImportId"') for v in table.iloc[1]):
        table, first = table.iloc[2:].reset_index(drop=True), first + 2  # Qualtrics' two extra header rows
    return table, first


def answer(item, raw: str, blank: str | None, ticked: str | None = None):
    """The code for one cell: a code, a label (any case), a number, or blank; in a "select all
    that apply" column, ticked is the choice text the tool writes for a ticked box."""
    text = raw.strip()
    if text == "":
        return BLANKS[blank or "not reported"]
    if ticked is not None and text == ticked:
        return next(code for code, label in item.values.items() if label.lower() == "yes")
    if item.kind == "count":
        number = pd.to_numeric(text, errors="coerce")
        if pd.isna(number) or number != int(number) or number < 0:
            raise ValueError(f"a whole number is required, not {raw!r}")
        return int(number)
    if item.kind in ("code", "dichotomous"):
        by_label = {label.lower(): code for code, label in item.values.items()}
        if text.lower() in by_label:
            return by_label[text.lower()]
        number = pd.to_numeric(text, errors="coerce")
        if not pd.isna(number) and number == int(number) and int(number) in item.values:
            return int(number)
        raise ValueError(
            f"answer {raw!r} is not one of: {', '.join(str(v) for v in item.values.values())} "
            f"(or their codes {', '.join(str(k) for k in item.values)})"
        )
    return text


def choice_texts(table: pd.DataFrame, mapped: dict, items: dict) -> dict[str, str]:
    """Column -> the text a "select all that apply" column (blank: no) holds for a ticked box.

    Qualtrics' default export ("Use choice text") writes the choice's text in a ticked box and
    leaves an unticked one empty. The evidence is the column itself: one text that is not an
    answer label, the same for every respondent. Two such texts in a column are not a choice
    text: those cells stay refused."""
    found = {}
    for name, row in mapped.items():
        item = items.get(name)
        if not row.column or row.blank != "no" or item is None or item.kind != "dichotomous":
            continue
        labels = {label.lower() for label in item.values.values()} | {str(code) for code in item.values}
        texts = {v.strip() for v in table[row.column].astype(str)} - {""}
        others = {t for t in texts if t.lower() not in labels}
        if len(others) == 1 and not texts - others:
            found[row.column] = others.pop()
    return found


def read_survey(path: str | Path, column_map: str | Path) -> pd.DataFrame:
    """One row per respondent with every codebook item, as read_responses gives it for a .sav."""
    from ctcstudy.codebook.questionnaire import ITEM_BY_NAME, ITEMS, NOT_REPORTED

    path, mapping = Path(path), read_map(column_map)
    if not path.is_file():
        raise InputError(path, "file not found")
    table, first = read_export(path)
    if table.empty:
        raise InputError(path, "the file holds no responses")
    mapped = {row.item: row for row in mapping.itertuples(index=False)}
    unknown = sorted(set(mapped) - set(ITEM_BY_NAME))
    if unknown:
        raise InputError(column_map, f"not an item of the codebook: {', '.join(unknown)}", field="item")
    for row in mapped.values():
        if row.column and row.column not in table.columns:
            raise InputError(
                path, f"no column {row.column!r} in the export (column map {column_map})", field=row.column
            )
    ticked = choice_texts(table, mapped, ITEM_BY_NAME)
    records, errors = [], []
    for offset, cells in enumerate(table.to_dict("records")):
        record = {}
        for item in ITEMS:
            row = mapped.get(item.name)
            if row is None:
                record[item.name] = NOT_REPORTED if item.kind in ("code", "count", "dichotomous") else None
                continue
            raw = row.value if row.value else cells[row.column]
            try:
                record[item.name] = answer(item, str(raw), row.blank, ticked.get(row.column))
            except ValueError as exc:  # every bad cell of the file is named, not only the first
                errors.append(
                    InputError(
                        path,
                        str(exc),
                        record=f"row {first + offset}",
                        field=row.column or item.name,
                        line=first + offset if path.suffix.lower() == ".csv" else None,
                    )
                )
        records.append(record)
    raise_all(errors)
    frame = pd.DataFrame(records)
    for item in ITEMS:
        if item.kind in ("code", "count", "dichotomous"):
            frame[item.name] = frame[item.name].astype("Int64")
    return frame[[i.name for i in ITEMS]]
