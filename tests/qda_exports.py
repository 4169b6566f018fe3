"""REFI-QDA exports as NVivo, ATLAS.ti, MAXQDA and QualCoder write them, for the tests.

Written by hand from each tool's documented behaviour and from exports discussed in public
issue threads, never with the package's own writer: what the reader meets in the field,
quirks included. Every export holds the same two interviews and four coded passages, with
characters outside the Basic Multilingual Plane before the passages, so a reader that counts
positions in the wrong unit returns the wrong texts. The quirks, per tool:

- NVivo for Windows: ``Sources/`` (capital S); texts in UTF-8 with a byte-order mark and
  CRLF line endings; positions in UTF-16 code units (CRLF counts two); empty selection
  names; a .docx beside each .txt; CRLF in the project file; its cases also listed as codes
  (same GUID), with a passage coded to one; a Boolean and an Integer case variable.
- NVivo for Mac: ``sources/``; UTF-16 positions; LF texts without a byte-order mark.
- ATLAS.ti: a project file named ``<project name>.qde``; CRLF in the project file and in the
  texts, positions counting each CRLF as one character; selection names holding the quoted
  text, cut at 100 characters with an ellipsis (one quotation renamed by its user);
  upper-case GUIDs; no cases; a PDF document read through its plain-text representation.
- MAXQDA: ``sources/``; upper-case GUIDs; one text source per survey respondent; nameless
  cases carrying document variables; a Set with MemberSource; descriptions on codes; a memo
  selection without a coding; a coded picture (listed and counted, not read).
- QualCoder: ``sources/``; texts written with a byte-order mark (utf-8-sig); code points.
"""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

NS = 'xmlns="urn:QDA-XML:project:1.0"'
SCHEMA = (
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:project:1.0 '
    'http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"'
)
STAMP = "2026-03-02T09:15:00Z"

# Two interviews; a passage is (text, code path). Emoji and a CJK Extension B character sit
# before the passages: each counts as two UTF-16 code units but one code point.
INTERVIEWS = {
    "S01": [
        "Interview S01 \U0001f91d summary",
        "",
        "We meet ministry staff \U0001f465 every quarter, and trust grew slowly.",
        "",
        "Officials asked for bribes \U0001f4b0 before approving shelters.",
    ],
    "S02": [
        "Interview S02 summary \U0002000b",
        "",
        "Grants from companies \U0001f3e2 would let us hire a lawyer.",
        "",
        "Taking state money could cost us our voice.",
    ],
}
PASSAGES = {
    "S01": [
        ("trust grew slowly", "Engagement practices/Trust building"),
        ("Officials asked for bribes \U0001f4b0 before approving shelters.", "Challenges/Corruption"),
    ],
    "S02": [
        ("Grants from companies \U0001f3e2 would let us hire a lawyer.", "Hopes/Funding"),
        ("could cost us our voice", "Fears/Independence"),
    ],
}
# What every reader must return, whatever the tool: (interview, code path) -> segment text.
EXPECTED = {(who, code): text for who, passages in PASSAGES.items() for text, code in passages}
CODE_TREE = {
    "Hopes": ["Funding"],
    "Fears": ["Independence"],
    "Challenges": ["Corruption"],
    "Engagement practices": ["Trust building"],
}
TOOLS = ["nvivo_windows", "nvivo_mac", "atlas_ti", "maxqda", "qualcoder"]


def guid(*parts: str, upper: bool = False) -> str:
    value = str(uuid.uuid5(uuid.NAMESPACE_URL, "qda-fixture/" + "/".join(parts)))
    return value.upper() if upper else value


def text_of(who: str, newline: str) -> str:
    return newline.join(INTERVIEWS[who])


def position(text: str, index: int, unit: str) -> int:
    """The tool's number for the code point index: UTF-16 units, ATLAS.ti's count, or code points."""
    if unit == "utf16":
        return len(text[:index].encode("utf-16-le")) // 2
    if unit == "crlf_as_one":
        return index - text[:index].count("\r\n")
    return index


def span(text: str, passage: str, unit: str) -> tuple[int, int]:
    start = text.index(passage)
    return position(text, start, unit), position(text, start + len(passage), unit)


def codes_xml(g, describe: bool = False) -> str:
    lines = ["<Codes>"]
    for theme, children in CODE_TREE.items():
        lines.append(f'<Code guid="{g("code", theme)}" name="{theme}" isCodable="false" color="#1f77b4">')
        if describe:
            lines.append(f"<Description>Theme: {theme.lower()}</Description>")
        for child in children:
            lines.append(f'<Code guid="{g("code", theme, child)}" name="{child}" isCodable="true" color="#ff7f0e">')
            if describe:
                lines.append(f"<Description>Passages about {child.lower()}</Description>")
            lines.append("</Code>")
        lines.append("</Code>")
    lines.append("</Codes>")
    return "".join(lines)


def code_guid(g, path: str) -> str:
    return g("code", *path.split("/"))


def selection_xml(
    g, who: str, text: str, passage: str, code: str, unit: str, user: str, name: str | None, number: int
) -> str:
    start, end = span(text, passage, unit)
    name_attr = f" name={quoteattr(name)}" if name is not None else ""
    return (
        f'<PlainTextSelection guid="{g("sel", who, str(number))}"{name_attr} startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{user}" creationDateTime="{STAMP}">'
        f'<Coding guid="{g("coding", who, str(number))}" creatingUser="{user}" creationDateTime="{STAMP}">'
        f'<CodeRef targetGUID="{code_guid(g, code)}"/></Coding></PlainTextSelection>'
    )


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 3, 2, 9, 15, 0)), data)
    return buffer.getvalue()


# ---------------------------------------------------------------- one writer per tool


def nvivo(windows: bool, project: str | None = None, user_name: str = "Ana Souza") -> dict[str, bytes]:
    """project: a name shared by two exports of one NVivo project (the same GUIDs), e.g. from NVivo
    for Windows and NVivo for Mac, each stamping the codings with the user who exported."""

    def g(*parts):  # every tool makes its own GUIDs
        return guid(project or ("nvivo_windows" if windows else "nvivo_mac"), *parts)

    user = g("user", "nvivo") if user_name == "Ana Souza" else g("user", user_name)
    newline, folder = ("\r\n", "Sources") if windows else ("\n", "sources")
    origin = "NVivo for Windows 12.6" if windows else "NVivo 12 For Mac"
    texts = {who: text_of(who, newline) for who in INTERVIEWS}
    case_guids = {who: g("case", who) for who in INTERVIEWS}
    # NVivo lists cases as codes too, under the same GUID.
    case_codes = "".join(f'<Code guid="{case_guids[w]}" name="Case {w}" isCodable="true"/>' for w in INTERVIEWS)
    codes = codes_xml(g).replace("</Codes>", case_codes + "</Codes>")
    sources, members = [], {}
    for who, text in texts.items():
        source = g("source", who)
        selections = [selection_xml(g, who, text, p, c, "utf16", user, "", i) for i, (p, c) in enumerate(PASSAGES[who])]
        start, end = span(text, INTERVIEWS[who][0], "utf16")  # the header line coded to the case node
        selections.append(
            f'<PlainTextSelection guid="{g("sel", who, "case")}" name="" startPosition="{start}" '
            f'endPosition="{end}" creatingUser="{user}" creationDateTime="{STAMP}">'
            f'<Coding guid="{g("coding", who, "case")}" creatingUser="{user}" creationDateTime="{STAMP}">'
            f'<CodeRef targetGUID="{case_guids[who]}"/></Coding></PlainTextSelection>'
        )
        rich = f' richTextPath="internal://{source}.docx"' if windows else ""
        sources.append(
            f'<TextSource guid="{source}" name="Interview {who}"{rich} plainTextPath="internal://{source}.txt" '
            f'creatingUser="{user}" creationDateTime="{STAMP}">{"".join(selections)}</TextSource>'
        )
        members[f"{folder}/{source}.txt"] = (("\ufeff" + text) if windows else text).encode("utf-8")
        if windows:
            members[f"{folder}/{source}.docx"] = zip_bytes({"word/document.xml": b"<w:document/>"})
    variables = (
        f'<Variables><Variable guid="{g("var", "consent")}" name="Consent recorded" typeOfVariable="Boolean"/>'
        f'<Variable guid="{g("var", "years")}" name="Years in post" typeOfVariable="Integer"/></Variables>'
    )
    cases = "".join(
        f'<Case guid="{case_guids[w]}" name="Case {w}">'
        f'<VariableValue><VariableRef targetGUID="{g("var", "consent")}"/><BooleanValue>true</BooleanValue></VariableValue>'
        f'<VariableValue><VariableRef targetGUID="{g("var", "years")}"/><IntegerValue>{4 + i}</IntegerValue></VariableValue>'
        f'<SourceRef targetGUID="{g("source", w)}"/></Case>'
        for i, w in enumerate(INTERVIEWS)
    )
    xml = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        f'name="Coalition interviews" origin="{origin}" creatingUserGUID="{user}" creationDateTime="{STAMP}" '
        f'basePath="" {NS}>\n<Users><User guid="{user}" name="{user_name}"/></Users>\n<CodeBook>{codes}</CodeBook>\n'
        f"{variables}\n<Cases>{cases}</Cases>\n<Sources>{''.join(sources)}</Sources>\n</Project>\n"
    )
    if windows:  # .NET's XmlWriter on Windows ends lines with CRLF
        xml = xml.replace("\n", "\r\n")
    return {"project.qde": xml.encode("utf-8"), **members}


def atlas_ti() -> dict[str, bytes]:
    def g(*parts):
        return guid("atlas_ti", *parts, upper=True)

    user = g("user", "atlas")
    texts = {who: text_of(who, "\r\n") for who in INTERVIEWS}
    sources, members = [], {}
    for who, text in texts.items():
        source = g("source", who)
        selections = []
        for i, (passage, code) in enumerate(PASSAGES[who]):
            name = passage if len(passage) <= 100 else passage[:100] + "..."
            if (who, i) == ("S02", 1):
                name = "voice at risk"  # renamed by its user in the Quotation Manager
            selections.append(selection_xml(g, who, text, passage, code, "crlf_as_one", user, name, i))
        sources.append(
            f'<TextSource guid="{source}" name="Interview {who}.txt" plainTextPath="internal://{source}.txt" '
            f'creatingUser="{user}" creationDateTime="{STAMP}">{"".join(selections)}</TextSource>'
        )
        members[f"sources/{source}.txt"] = text.encode("utf-8")
    # A PDF document, coded through its plain-text representation (a long quotation: name cut at 100).
    pdf_text = "Annual report \U0001f4c4 2025\r\n\r\n" + "The coalition trained " + "officials " * 12 + "in trust work."
    passage = pdf_text[pdf_text.index("The coalition") :]
    pdf, representation = g("pdf"), g("pdf", "representation")
    start, end = span(pdf_text, passage, "crlf_as_one")
    sources.append(
        f'<PDFSource guid="{pdf}" name="Annual report.pdf" path="internal://{pdf}.pdf" creatingUser="{user}">'
        f'<Representation guid="{representation}" name="Representation_for_Annual report.pdf" '
        f'plainTextPath="internal://{representation}.txt" creatingUser="{user}">'
        f'<PlainTextSelection guid="{g("sel", "pdf")}" name={quoteattr(passage[:100] + "...")} startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{user}"><Coding guid="{g("coding", "pdf")}" creatingUser="{user}">'
        f'<CodeRef targetGUID="{code_guid(g, "Engagement practices/Trust building")}"/></Coding></PlainTextSelection>'
        f"</Representation></PDFSource>"
    )
    members[f"sources/{pdf}.pdf"] = b"%PDF-1.4\n%fixture\n"
    members[f"sources/{representation}.txt"] = pdf_text.encode("utf-8")
    xml = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project {SCHEMA} name="Coalition interviews" '
        f'origin="ATLAS.ti Win 26.1.1" creatingUserGUID="{user}" creationDateTime="{STAMP}" {NS}>\n'
        f'  <Users>\n    <User guid="{user}" name="Ana Souza" />\n  </Users>\n'
        f"  <CodeBook>{codes_xml(g)}</CodeBook>\n  <Sources>{''.join(sources)}</Sources>\n</Project>\n"
    )
    return {"Coalition interviews.qde": xml.replace("\n", "\r\n").encode("utf-8"), **members}


def maxqda() -> dict[str, bytes]:
    def g(*parts):
        return guid("maxqda", *parts, upper=True)

    user = g("user", "maxqda")
    sources, members, cases, set_members = [], {}, [], []
    for number, (who, lines) in enumerate(INTERVIEWS.items(), start=1):
        text = "\n".join(lines)
        source = g("source", who)
        selections = [
            selection_xml(g, who, text, p, c, "codepoint", user, None, i) for i, (p, c) in enumerate(PASSAGES[who])
        ]
        # A memo on a passage, without a coding.
        selections.append(
            f'<PlainTextSelection guid="{g("memo", who)}" startPosition="0" endPosition="5" '
            f'creatingUser="{user}" creationDateTime="{STAMP}"><Description>check wording</Description>'
            f"</PlainTextSelection>"
        )
        sources.append(
            f'<TextSource guid="{source}" name="Respondent {number}" plainTextPath="internal://{source}.txt" '
            f'creatingUser="{user}" creationDateTime="{STAMP}">{"".join(selections)}</TextSource>'
        )
        members[f"sources/{source}.txt"] = text.encode("utf-8")
        cases.append(
            f'<Case guid="{g("case", who)}"><VariableValue><VariableRef targetGUID="{g("var", "wave")}"/>'
            f'<FloatValue>1.5</FloatValue></VariableValue><VariableValue><VariableRef targetGUID="{g("var", "date")}"/>'
            f'<DateValue>2026-02-1{number}</DateValue></VariableValue><SourceRef targetGUID="{source}"/></Case>'
        )
        set_members.append(f'<MemberSource targetGUID="{source}"/>')
    picture = g("picture")
    sources.append(
        f'<PictureSource guid="{picture}" name="Shelter poster" path="internal://{picture}.png" '
        f'creatingUser="{user}"><PictureSelection guid="{g("picsel")}" firstX="1" firstY="1" secondX="9" '
        f'secondY="9" creatingUser="{user}"><Coding guid="{g("coding", "pic")}" creatingUser="{user}">'
        f'<CodeRef targetGUID="{code_guid(g, "Hopes/Funding")}"/></Coding></PictureSelection></PictureSource>'
    )
    members[f"sources/{picture}.png"] = b"\x89PNG\r\n\x1a\n"
    variables = (
        f'<Variables><Variable guid="{g("var", "wave")}" name="Survey wave" typeOfVariable="Float"/>'
        f'<Variable guid="{g("var", "date")}" name="Answered on" typeOfVariable="Date"/></Variables>'
    )
    sets = f'<Sets><Set guid="{g("set")}" name="Survey respondents">{"".join(set_members)}</Set></Sets>'
    xml = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project origin="MAXQDA 24 (Release 24.7.0)" {SCHEMA} '
        f'name="Survey answers" {NS}><Users><User guid="{user}" name="Ana Souza"/></Users>'
        f"<CodeBook>{codes_xml(g, describe=True)}</CodeBook>{variables}<Cases>{''.join(cases)}</Cases>"
        f"<Sources>{''.join(sources)}</Sources>{sets}</Project>"
    )
    return {"project.qde": xml.encode("utf-8"), **members}


def qualcoder() -> dict[str, bytes]:
    def g(*parts):
        return guid("qualcoder", *parts)

    user = g("user", "qualcoder")
    sources, members = [], {}
    for who in INTERVIEWS:
        text = text_of(who, "\n")
        source = g("source", who)
        selections = [
            selection_xml(g, who, text, p, c, "codepoint", user, None, i) for i, (p, c) in enumerate(PASSAGES[who])
        ]
        sources.append(
            f'<TextSource guid="{source}" name="interview_{who}.txt" plainTextPath="internal://{source}.txt" '
            f'creatingUser="{user}" creationDateTime="{STAMP}">{"".join(selections)}</TextSource>'
        )
        members[f"sources/{source}.txt"] = text.encode("utf-8-sig")
    xml = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project {SCHEMA} name="interviews" origin="QualCoder 3.6" '
        f'creatingUserGUID="{user}" creationDateTime="{STAMP}" {NS}>\n<Users>\n<User guid="{user}" name="ana"/>\n'
        f"</Users>\n<CodeBook>\n{codes_xml(g)}\n</CodeBook>\n<Sources>\n{''.join(sources)}\n</Sources>\n</Project>\n"
    )
    return {"project.qde": xml.encode("utf-8"), **members}


WRITERS = {
    "nvivo_windows": lambda **o: nvivo(True, **o),
    "nvivo_mac": lambda **o: nvivo(False, **o),
    "atlas_ti": atlas_ti,
    "maxqda": maxqda,
    "qualcoder": qualcoder,
}
CODERS = {
    "nvivo_windows": "Ana Souza",
    "nvivo_mac": "Ana Souza",
    "atlas_ti": "Ana Souza",
    "maxqda": "Ana Souza",
    "qualcoder": "ana",
}


def write(tool: str, path: Path, **options) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zip_bytes(WRITERS[tool](**options) if options else WRITERS[tool]()))
    return path


def mapping(
    tool: str, coalition: str, citation: str = "ctcstudy, student fieldwork 2026", provenance: str = "synthetic"
) -> str:
    """The mapping file a student fills in after inspect-qdpx: one row per interview source."""
    names = {"S01": "Interview S01", "S02": "Interview S02"}
    if tool == "atlas_ti":
        names = {w: f"Interview {w}.txt" for w in INTERVIEWS}
    elif tool == "maxqda":  # by GUID for the first respondent, by name for the second
        names = {"S01": guid("maxqda", "source", "S01", upper=True), "S02": "Respondent 2"}
    elif tool == "qualcoder":
        names = {w: f"interview_{w}.txt" for w in INTERVIEWS}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["interview", "leader", "coalition", "provenance", "source"])
    writer.writerows([names[w], f"Student leader {w}", coalition, provenance, f"{citation} ({w})"] for w in INTERVIEWS)
    if tool == "atlas_ti":  # a coded report in the same project: not an interview, so not read
        writer.writerow(["Annual report.pdf", "-", "", "", ""])
    return out.getvalue()


def rezip(path: Path, edit_member: str | None = None, edit=None, extra: dict | None = None) -> Path:
    """Rewrite an export with one member changed (edit: bytes -> bytes) or members added."""
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    if edit_member:
        members[edit_member] = edit(members[edit_member])
    members.update(extra or {})
    path.write_bytes(zip_bytes(members))
    return path


def padded(path: Path) -> Path:
    """Every text gets a closing paragraph, so positions read in the wrong unit stay inside the
    text and only the word boundaries can tell (as in a long real interview)."""
    with zipfile.ZipFile(path) as archive:
        texts = [n for n in archive.namelist() if n.lower().startswith("sources/") and n.endswith(".txt")]
    for name in texts:
        rezip(path, name, lambda data: data + b"\n\nClosing remarks about the whole interview today.")
    return path
