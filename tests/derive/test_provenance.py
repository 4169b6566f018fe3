"""What each output rests on, read from its records: the same pairs whichever way a table is read,
and a cache that follows the table's changes."""

import pytest

from ctcstudy import provenance

ROWS = "case,provenance,source\nSamaj,published,x\nSector Bridge,,x\nSector Bridge,synthetic,x\n"


def pairs(tmp_path, monkeypatch, large: bool, via: bool = False, cache: str = ""):
    table = tmp_path / "records.csv"
    if not table.exists():
        table.write_text(ROWS if not via else "segment,leader,provenance\ns1,L1,derived\ns2,L2,\n", encoding="utf-8")
    mapping = tmp_path / "leaders.csv"
    mapping.write_text("leader,case\nL1,Covenant Alliance\nL2,Samaj\n", encoding="utf-8")
    monkeypatch.setattr(provenance, "LARGE_TABLE", -1 if large else 10**12)
    provenance.kinds_by_case.cache_clear()
    if via:
        return provenance.kinds_by_case(str(table), "case", str(mapping), "leader", cache)
    return provenance.kinds_by_case(str(table), "case", "", "", cache)


@pytest.mark.parametrize("via", [False, True])
def test_a_large_table_read_with_pandas_gives_the_same_pairs(tmp_path, monkeypatch, via):
    small = pairs(tmp_path, monkeypatch, large=False, via=via)
    assert pairs(tmp_path, monkeypatch, large=True, via=via) == small
    expected = (
        (("Covenant Alliance", "derived"), ("Samaj", "published"))
        if via
        else (("Samaj", "published"), ("Sector Bridge", "published"), ("Sector Bridge", "synthetic"))
    )
    assert small == expected


def test_the_cache_is_read_by_the_next_job_and_follows_a_changed_table(tmp_path, monkeypatch):
    cache = str(tmp_path / "cache")
    first = pairs(tmp_path, monkeypatch, large=False, cache=cache)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    assert pairs(tmp_path, monkeypatch, large=False, cache=cache) == first  # from the cache
    (tmp_path / "records.csv").write_text(ROWS + "Samaj,synthetic,x\n", encoding="utf-8")
    assert ("Samaj", "synthetic") in pairs(tmp_path, monkeypatch, large=False, cache=cache)
