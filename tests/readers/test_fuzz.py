"""Every reader of a raw format, fed mutated copies of valid inputs (hypothesis): it reads the
input or refuses it with the project's InputError naming file (and record and field where known); never another
exception, never a hang. `make fuzz` runs 2,000 examples per reader; the suite runs a few."""

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from conftest import CASES, CONFIG, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctcstudy.configuration import datasets as register
from ctcstudy.errors import InputError

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=10_000,
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def seeds(tmp: Path) -> dict[str, tuple[Path, callable]]:
    """Valid inputs of every raw format, each with its reader."""
    import pyreadstat

    from ctcstudy.configuration import caselist
    from ctcstudy.guards import restricted
    from ctcstudy.ingest import interviews
    from ctcstudy.readers import surveys
    from ctcstudy.readers.questionnaire import read_responses
    from ctcstudy.readers.refiqda import read_codebook, read_qdpx
    from ctcstudy.report import references

    frame, _ = pyreadstat.read_sav(ROOT / "data/raw/questionnaire/leader_questionnaire.sav", user_missing=True)
    # Stata allows 32-character names: the one longer item is left out of this seed
    pyreadstat.write_dta(frame[[c for c in frame.columns if len(c) <= 32]], tmp / "questionnaire.dta")
    import survey_exports

    export, column_map = survey_exports.write("qualtrics", tmp / "survey")
    names = tmp / "names.csv"
    names.write_text("kind,name,acronym\nperson,Maria Okonkwo,\norganization,Sunrise Shelter Foundation,SSF\n")
    mapping = tmp / "mapping.csv"
    mapping.write_text(
        'interview,leader,coalition,provenance,source\nInterview L01,L01,Sector Bridge,derived,"ctcstudy, x"\n'
    )

    def yaml_config(path):
        from ctcstudy.configuration.schemas import validate

        validate(caselist.load_yaml(path), ROOT / "workflow/schemas/config.schema.yaml", str(path))

    def yaml_cases(path):
        from ctcstudy.configuration.schemas import validate

        validate(caselist.load_yaml(path), caselist.schema(ROOT / "workflow/schemas/cases.schema.yaml"), str(path))

    return {
        "dta": (tmp / "questionnaire.dta", read_responses),
        "qdpx": (ROOT / "data/raw/interviews/leader_interviews.qdpx", read_qdpx),
        "qdc": (ROOT / "data/raw/interviews/codebook.qdc", read_codebook),
        "mapping_csv": (mapping, interviews.read_mapping),
        "survey_csv": (export, lambda path: surveys.read_survey(path, column_map)),
        "column_map_csv": (column_map, surveys.read_map),
        "references_bib": (ROOT / "data/raw/published/references.bib", references.load),
        "config_yaml": (ROOT / "config/config.yaml", yaml_config),
        "cases_yaml": (ROOT / "config/cases.yaml", yaml_cases),
        "restricted_names_csv": (names, restricted.load),
    }


def registered_seed(dataset: str, tmp: Path) -> tuple[Path, callable]:
    """A valid raw file of a registered dataset (the shipped one; the panel made by its generator),
    with the reader the register names."""
    read = register.reader(dataset)
    if dataset == "panel":
        from ctcstudy.tools.synthetic_panel import synthesize

        tmp.mkdir(parents=True, exist_ok=True)
        synthesize(CONFIG["panel"], [str(tmp / "panel.sav")])
        return tmp / "panel.sav", read
    files = (
        register.raw_files(CASES, CONFIG)
        if "tables" not in register.entry(dataset)
        else {
            dataset: [
                p for c in CASES["cases"] for p in [c["files"].get(register.entry(dataset)["from"]["case_files"])] if p
            ]
        }
    )
    return ROOT / files[dataset][0], read


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
        return data[: at(arg)]
    if kind == "flip":
        out = bytearray(data)
        for where, value in arg:
            if out:
                out[at(where)] = value
        return bytes(out)
    if kind == "insert":
        return data[: at(arg)] + mutation[2] + data[at(arg) :]
    return data.decode("utf-8", "replace").encode("latin-1", "replace")


def zip_mutation():
    """Members added, renamed or oversized, or the project XML cut, stripped of an attribute or
    given an element twice."""
    return st.one_of(
        st.tuples(
            st.just("add"),
            st.sampled_from(["sources/x.txt", "Sources/extra.bin", "../evil.txt", "a.qde", "project.qde.bak"]),
            st.binary(max_size=200),
        ),
        st.tuples(
            st.just("rename"),
            st.sampled_from(["project.qde", "first source"]),
            st.sampled_from(["Project.QDE", "other.qde", "sources/renamed.txt", "SOURCES/x.txt"]),
        ),
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
                xml = xml[: end + 1] + xml[start : end + 1] + xml[end + 1 :]
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
        message = str(exc)  # file first, the problem last, record and field between where known
        assert message.startswith(exc.path) and message.endswith(exc.problem) and exc.problem, message
        assert (f"record {exc.record}" in message) == (exc.record != "-"), message
        assert (f"field {exc.field}" in message) == (exc.field != "-"), message
        return "refused"
    return "read"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return seeds(tmp_path_factory.mktemp("seeds"))


# Formats beside the register's datasets (fuzzed below, each through the reader the register names).
FORMATS = [
    "dta",
    "qdc",
    "mapping_csv",
    "survey_csv",
    "column_map_csv",
    "references_bib",
    "config_yaml",
    "cases_yaml",
    "restricted_names_csv",
]


@pytest.mark.parametrize("name", FORMATS)
def test_reader_reads_or_refuses_mutated_bytes(inputs, tmp_path, name):
    fuzz_bytes(*inputs[name], tmp_path)


def fuzz_bytes(seed: Path, read, tmp_path: Path) -> None:
    """The seed is read; every mutation of its bytes is read or refused in the project's way."""
    data = seed.read_bytes()
    assert outcome(read, seed) == "read"  # the seed itself is valid

    @FUZZ
    @given(mutation=bytes_mutation())
    def run(mutation):
        path = tmp_path / seed.name
        path.write_bytes(mutate(data, mutation))
        outcome(read, path)

    run()


@pytest.mark.parametrize("dataset", [e["id"] for e in register.load()])
def test_every_registered_reader_reads_or_refuses_mutated_bytes(tmp_path, dataset):
    fuzz_bytes(*registered_seed(dataset, tmp_path / "seed"), tmp_path)


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


# Name variants: forms a person or tool may write, built from the classes the scanner promises to catch
# (markup, format characters, encodings, look-alikes, wraps), each checked against the scanner.
VARIANT_NAMES = [
    ("person", "Maria Okonkwo"),
    ("person", "Thanh Nguyen-Lambert"),
    ("person", "Jan van der Berg"),
    ("organization", "Sunrise Shelter Foundation"),
]
LOOK_ALIKES = {
    "a": "\u0430",
    "e": "\u0435",
    "o": "\u043e",
    "p": "\u0440",
    "c": "\u0441",
    "x": "\u0445",
    "M": "\u041c",
    "O": "\u041e",
    "A": "\u0391",
    "T": "\u0422",
    "B": "\u0412",
    "H": "\u041d",
    "N": "\u039d",
    "K": "\u039a",
    "L": "\u13de",
    "S": "\u0405",
    "J": "\u0408",
    "F": "\u03dc",
}
FORMAT_CHARACTERS = ["\u200b", "\u00ad", "\u200d", "\u2060", "\ufeff", "\u200c"]
SEPARATORS = [" ", "  ", "\n", "\r\n    ", "~", "&nbsp;", "\u00a0", "-", "_", ", ", "%20", "\\n"]
WRAPS = [
    "{}",
    "\\emph{{{}}}",
    "\\textbf{{{}}}",
    "{{\\em {}}}",
    "<em>{}</em>",
    "<b>{}</b>",
    '<span class="x">{}</span>',
    "\\textless{{}}{}\\textgreater{{}}",
]
CONTEXTS = ["{}", '"{}",2019,derived', "| {} | chair |", '{{"note": "{}"}}', "<td>{}</td>", "Interviewed {}."]


def forms(kind: str, name: str) -> list[list[str]]:
    words = name.split()
    if kind != "person":
        return [words, words[:-1] + ["Fdn."]]
    first, last = words[0], words[-1]
    surname = words[1:] if len(words) > 2 and words[1][0].islower() else [last]
    return [words, [*surname, first], [first[0] + ".", *surname], [first, "A.", *surname], [*surname, first[0] + "."]]


@st.composite
def letter(draw, char: str):
    how = draw(
        st.sampled_from(
            ["plain", "plain", "plain", "entity", "hex_entity", "percent", "json", "look_alike", "format", "combining"]
        )
    )
    if how == "entity":
        return f"&#{ord(char)};"
    if how == "hex_entity":
        return f"&#x{ord(char):x};"
    if how == "percent":
        return "".join(f"%{b:02X}" for b in char.encode())
    if how == "json":
        return f"\\u{ord(char):04x}"
    if how == "look_alike" and char in LOOK_ALIKES:
        return LOOK_ALIKES[char]
    if how == "format":
        return char + draw(st.sampled_from(FORMAT_CHARACTERS))
    if how == "combining" and char.isalpha():
        return char + "\u0301"
    return char


@st.composite
def word(draw, text: str, broken: bool):
    """A word as written; format characters go between its letters, never after its last (a soft
    hyphen there, before a line break, is a hyphenation point of the next word's)."""
    case = draw(st.sampled_from([str, str.upper, str.lower]))
    text = case(text)
    letters = [draw(letter(c)) for c in text[:-1]] + [
        draw(letter(text[-1]).filter(lambda drawn: drawn[-1] not in FORMAT_CHARACTERS))
    ]
    if broken and len(text) > 4 and text.isalpha():  # hyphenated across a line break
        cut = draw(st.integers(2, len(text) - 2))
        letters.insert(cut, draw(st.sampled_from(["-\n", "\u00ad\n", "-\r\n  "])))
    return "".join(letters)


@st.composite
def name_variant(draw):
    number = draw(st.integers(0, len(VARIANT_NAMES) - 1))
    kind, name = VARIANT_NAMES[number]
    words = draw(st.sampled_from(forms(kind, name)))
    broken = draw(st.integers(-1, len(words) - 1))  # one word at most hyphenated across a line break
    written = [draw(word(w, i == broken)) for i, w in enumerate(words)]
    joined = written[0]
    for w in written[1:]:
        joined += draw(st.sampled_from(SEPARATORS)) + w
    wrapped = draw(st.sampled_from(WRAPS)).format(joined)
    return number + 1, draw(st.sampled_from(CONTEXTS)).format(wrapped)


VARIANT_EXAMPLES = max(EXAMPLES, 100)


def test_generated_name_variants_are_caught():
    from ctcstudy.guards.attribution import find_names
    from ctcstudy.guards.restricted import RestrictedName

    names = [RestrictedName(i, kind, name) for i, (kind, name) in enumerate(VARIANT_NAMES, 1)]

    @settings(max_examples=VARIANT_EXAMPLES, deadline=10_000, derandomize="FUZZ_EXAMPLES" not in os.environ)
    @given(variant=name_variant())
    def run(variant):
        number, text = variant
        assert number in [hit[1] for hit in find_names(f"Before.\n{text}\nAfter.", names)], repr(text)

    run()
