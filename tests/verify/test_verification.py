import pandas as pd

from ctcstudy.verify.claims import summary, verify

CLAIMS = pd.DataFrame(
    [
        {
            "claim_id": "a",
            "source": "s",
            "output": "t",
            "row": "X",
            "column": "n",
            "published": "7",
            "note": "",
            "basis": "derived",
            "basis_why": "typed from this value",
        },
        {
            "claim_id": "b",
            "source": "s",
            "output": "t",
            "row": "Y",
            "column": "n",
            "published": "6",
            "note": "the other table disagrees",
            "basis": "internal cross-check",
            "basis_why": "counted from the other table",
        },
        {"claim_id": "c", "source": "s", "output": "", "row": "", "column": "", "published": "54", "note": ""},
        {"claim_id": "d", "source": "s", "output": "t", "row": "Z", "column": "n", "published": "1", "note": ""},
        {"claim_id": "e", "source": "s", "output": "u", "row": "X", "column": "n", "published": "1", "note": ""},
    ]
).fillna("")
TABLE = pd.DataFrame({"coalition": ["X", "Y"], "n": ["7", "7"]})


def test_statuses():
    result = verify(CLAIMS, {"t": TABLE}, {"t": "derived"}).set_index("claim_id")
    assert result["status"].to_dict() == {
        "a": "match",
        "b": "mismatch",
        "c": "not_reproducible",
        "d": "not_reproducible",
        "e": "not_reproducible",
    }
    assert result.loc["b", "regenerated"] == "7"
    assert result.loc["b", "note"] == "the other table disagrees"
    assert result.loc["d", "note"] == "t has no cell (Z, n)"
    assert result.loc["e", "note"] == "output u was not built"
    assert result["basis"].to_dict() == {
        "a": "derived",
        "b": "internal cross-check",
        "c": "unknown",
        "d": "unknown",
        "e": "unknown",
    }  # nothing recorded: unknown, never a check
    assert result.loc["b", "basis_why"] == "counted from the other table"


def test_synthetic_records_never_count_as_a_match():
    result = verify(CLAIMS.iloc[:1], {"t": TABLE}, {"t": "synthetic"})
    assert result.loc[0, "status"] == "synthetic"
    assert "synthetic records" in result.loc[0, "note"]


def test_summary_lists_counts_and_mismatches():
    result = verify(CLAIMS, {"t": TABLE}, {"t": "derived"})
    text = summary(result, "study", {"t": "derived"})
    assert "| match | 1 |" in text and "| mismatch | 1 |" in text and "| not_reproducible | 3 |" in text
    assert "- `b` (s): published '6', regenerated '7'. the other table disagrees" in text
    assert (
        "cross-checks: 1 internal cross-checks (1 mismatch), 0 external checks (none); then 1 derived, 0 "
        "synthetic, 3 unknown." in text
    )
    assert "not a check against the confidential original responses" in text
