"""Every reader of a raw format, fed mutated copies of valid inputs (hypothesis): it reads the
input or refuses it with the project's InputError naming file, record and field; never another
exception, never a hang. `make fuzz` runs 2,000 examples per reader; the suite runs a few."""

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT
from ctcstudy.errors import InputError

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=10_000, derandomize="FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
REFUSAL = re.compile(r"^.+: record .+, field .+: .+", re.S)


def seeds(tmp: Path) -> dict[str, tuple[Path, callable]]:
    """Valid inputs of every raw format, each with its reader."""
    import pyreadstat

    from ctcstudy import caselist, documents, interviews, published, references, surveys
    from ctcstudy.questionnaire import read_responses
    from ctcstudy.refiqda import read_codebook, read_qdpx
    from ctcstudy.tidy import read_raw_csv

    frame, _ = pyreadstat.read_sav(ROOT / "data/raw/questionnaire/leader_questionnaire.sav", user_missing=True)
    # Stata allows 32-character names: the one longer item is left out of this seed
    pyreadstat.write_dta(frame[[c for c in frame.columns if len(c) <= 32]], tmp / "questionnaire.dta")
    import survey_exports

    export, column_map = survey_exports.write("qualtrics", tmp / "survey")
    mapping = tmp / "mapping.csv"
    mapping.write_text("interview,leader,coalition,provenance,source\nInterview L01,L01,Sector Bridge,derived,"
                       "\"ctcstudy, x\"\n")

    def yaml_config(path):
        from ctcstudy.configcheck import validate

        validate(caselist.load_yaml(path), ROOT / "workflow/schemas/config.schema.yaml", str(path))

    def yaml_cases(path):
        from ctcstudy.configcheck import validate

        validate(caselist.load_yaml(path), ROOT / "workflow/schemas/cases.schema.yaml", str(path))

    return {
        "sav": (ROOT / "data/raw/questionnaire/leader_questionnaire.sav", read_responses),
        "dta": (tmp / "questionnaire.dta", read_responses),
        "qdpx": (ROOT / "data/raw/interviews/leader_interviews.qdpx", read_qdpx),
        "qdc": (ROOT / "data/raw/interviews/codebook.qdc", read_codebook),
        "case_facts_csv": (ROOT / "data/raw/cases/coalition_facts.csv", read_raw_csv),
        "inventory_csv": (ROOT / "data/raw/documents/inventory.csv", documents.read_inventory),
        "published_values_csv": (ROOT / "data/raw/published/published_values.csv", published.load_claims),
        "mapping_csv": (mapping, interviews.read_mapping),
        "survey_csv": (export, lambda path: surveys.read_survey(path, column_map)),
        "column_map_csv": (column_map, surveys.read_map),
        "references_bib": (ROOT / "data/raw/published/references.bib", references.load),
        "config_yaml": (ROOT / "config/config.yaml", yaml_config),
        "cases_yaml": (ROOT / "config/cases.yaml", yaml_cases),
    }


def bytes_mutation():
    """Truncation, byte flips, inserted bytes, or the text re-encoded as Latin-1."""
    return st.one_of(
        st.tuples(st.just("truncate"), st.floats(0, 1)),
        st.tuples(st.just("flip"), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=8)),
        st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=40)),
        st.tuples(st.just("latin1"), st.just(None)),
    )


def mutate(data: bytes, mutation) -> bytes:
    kind, arg = mutation[0], mutation[1]
    at = lambda f: min(int(f * len(data)), max(len(data) - 1, 0))  # noqa: E731
    if kind == "truncate":
        return data[:at(arg)]
    if kind == "flip":
        out = bytearray(data)
        for where, value in arg:
            if out:
                out[at(where)] = value
        return bytes(out)
    if kind == "insert":
        return data[:at(arg)] + mutation[2] + data[at(arg):]
    return data.decode("utf-8", "replace").encode("latin-1", "replace")


def zip_mutation():
    """Members added, renamed or oversized, or the project XML cut, stripped of an attribute or
    given an element twice."""
    return st.one_of(
        st.tuples(st.just("add"), st.sampled_from(["sources/x.txt", "Sources/extra.bin", "../evil.txt", "a.qde",
                                                    "project.qde.bak"]), st.binary(max_size=200)),
        st.tuples(st.just("rename"), st.sampled_from(["project.qde", "first source"]),
                  st.sampled_from(["Project.QDE", "other.qde", "sources/renamed.txt", "SOURCES/x.txt"])),
        st.tuples(st.just("oversize"), st.integers(1, 3)),
        st.tuples(st.just("xml"), st.sampled_from(["drop_attribute", "duplicate", "cut"]), st.floats(0, 1)),
        st.tuples(st.just("bytes"), bytes_mutation()),
    )


def mutate_zip(data: bytes, mutation) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    kind = mutation[0]
    if kind == "bytes":
        return mutate(data, mutation[1])
    if kind == "add":
        members[mutation[1]] = mutation[2]
    elif kind == "rename":
        old = mutation[1] if mutation[1] in members else next(n for n in members if n.startswith("sources/"))
        members[mutation[2]] = members.pop(old)
    elif kind == "oversize":
        members["sources/big.txt"] = b"a" * (mutation[1] * 1_000_000)
    else:
        xml = members["project.qde"].decode("utf-8")
        where = int(mutation[2] * len(xml))
        if mutation[1] == "cut":
            xml = xml[:where]
        elif mutation[1] == "drop_attribute":
            xml = re.sub(r'\s\w+="[^"]*"', "", xml[where:], count=1).join([xml[:where], ""]) if where else xml
            xml = xml if xml else "<"
        else:
            start = xml.find("<", where)
            end = xml.find(">", start)
            if start != -1 and end != -1:
                xml = xml[:end + 1] + xml[start:end + 1] + xml[end + 1:]
        members["project.qde"] = xml.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def outcome(read, path: Path) -> str:
    try:
        read(path)
    except InputError as exc:
        assert REFUSAL.match(str(exc)), str(exc)
        return "refused"
    return "read"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return seeds(tmp_path_factory.mktemp("seeds"))


FORMATS = ["sav", "dta", "qdc", "case_facts_csv", "inventory_csv", "published_values_csv", "mapping_csv", "survey_csv",
           "column_map_csv", "references_bib", "config_yaml", "cases_yaml"]


@pytest.mark.parametrize("name", FORMATS)
def test_reader_reads_or_refuses_mutated_bytes(inputs, tmp_path, name):
    seed, read = inputs[name]
    data = seed.read_bytes()
    assert outcome(read, seed) == "read"  # the seed itself is valid

    @FUZZ
    @given(mutation=bytes_mutation())
    def run(mutation):
        path = tmp_path / seed.name
        path.write_bytes(mutate(data, mutation))
        outcome(read, path)

    run()


def test_qdpx_reader_reads_or_refuses_mutated_archives(inputs, tmp_path):
    seed, read = inputs["qdpx"]
    data = seed.read_bytes()
    assert outcome(read, seed) == "read"

    @FUZZ
    @given(mutation=zip_mutation())
    def run(mutation):
        path = tmp_path / "p.qdpx"
        path.write_bytes(mutate_zip(data, mutation))
        outcome(read, path)

    run()
