"""The leader questionnaire as a file: SPSS .sav or Stata .dta with the codebook's variables
(written here too, with labels), or a survey tool's export through a column map."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ctcstudy.codebook.questionnaire import ITEM_BY_NAME, ITEMS
from ctcstudy.errors import InputError
from ctcstudy.readers import statfile


def write_sav(frame: pd.DataFrame, path: str | Path, file_label: str) -> None:
    """The questionnaire as SPSS: every item with its label, value labels and -9 user-missing,
    byte-identical for the same records."""
    import pyreadstat

    from ctcstudy.tools.synthetic_panel import FIXED_SAV_TIMESTAMP

    path = Path(path)
    numeric = [i for i in ITEMS if i.kind not in ("id", "text")]
    pyreadstat.write_sav(
        frame[[i.name for i in ITEMS]],
        str(path),
        file_label=file_label,
        column_labels={i.name: i.label for i in ITEMS},
        variable_value_labels={i.name: i.values for i in numeric if i.values},
        missing_ranges={i.name: i.missing for i in numeric if i.missing},
        variable_format={i.name: "F3.0" for i in numeric},
        variable_measure={i.name: ("scale" if i.kind == "count" else "nominal") for i in ITEMS},
    )
    data = bytearray(path.read_bytes())
    data[92:109] = FIXED_SAV_TIMESTAMP  # the writer stamps the wall clock; pinned, so rebuilds are identical
    path.write_bytes(bytes(data))


def read_responses(path: str | Path, column_map: str | Path | None = None) -> pd.DataFrame:
    """Read the questionnaire into a tidy frame: one row per responding leader.

    From SPSS (.sav) or Stata (.dta) with the codebook's variables, or from a survey tool's CSV
    or XLSX export through a column map (ctcstudy.readers.surveys). Codes stay as integers (user-missing
    -9 kept, not turned into NaN) so validation sees exactly what the file holds. Columns whose
    values are not all whole numbers are left as floats: validation then names the offending
    values instead of a cast hiding them.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    if path.suffix.lower() in (".csv", ".xlsx"):
        if column_map is None:
            raise InputError(
                path, "a survey export needs a column map (files.questionnaire_columns in config/cases.yaml)"
            )
        from ctcstudy.readers.surveys import read_survey

        return read_survey(path, column_map)
    frame, _labels = statfile.read(path, user_missing=True)
    if frame.empty:
        raise InputError(path, "the file holds no responses")
    for column in frame.columns:
        item = ITEM_BY_NAME.get(column)
        if item and item.kind in ("code", "count", "dichotomous") and not pd.api.types.is_numeric_dtype(frame[column]):
            bad = frame[pd.to_numeric(frame[column], errors="coerce").isna() & frame[column].notna()].iloc[0]
            record = f"respondent_id={bad['respondent_id']}" if "respondent_id" in frame.columns else "-"
            raise InputError(path, f"a number is required, not {bad[column]!r}", record=record, field=column)
    for column in frame.columns:
        values = frame[column]
        whole = values.dropna()  # a number too large for an integer is left for validation to name
        if pd.api.types.is_float_dtype(values) and whole.mod(1).eq(0).all() and whole.abs().le(2**53).all():
            frame[column] = values.astype("Int64")
    return frame
