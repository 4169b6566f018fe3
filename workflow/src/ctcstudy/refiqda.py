"""REFI-QDA projects (.qdpx) and codebooks (.qdc): a safe reader and a small writer.

A .qdpx is a zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``) and a
flat ``sources/`` folder; a .qdc is an uncompressed codebook (``urn:QDA-XML:codebook:1.0``).
The reader checks what the REFI-QDA schema requires (element order, required attributes,
GUIDs, every reference resolving), refuses unsafe zips (``..`` or absolute paths, links,
oversized or over-compressed members) and parses XML without DTDs or entities. Positions are
Unicode code points from 0, end-exclusive; a selection's ``name``, where given, must equal
the text it selects.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
import pandas as pd
from defusedxml import DefusedXmlException

from .errors import InputError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_ORDER = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs",
                 "Description", "NoteRef"]
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one XML file or source text
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, beyond which a member is treated as a zip bomb
GUID_NAMESPACE = uuid.UUID("6f1c9a52-3f0e-4d5b-9a57-2b1f3c0d4e11")


@dataclass
class Project:
    """Tidy tables of one project."""
    codes: pd.DataFrame  # guid, name, path, parent_guid, is_codable, description
    sources: pd.DataFrame  # guid, name, path, length
    cases: pd.DataFrame  # case guid, case name, one column per variable
    case_sources: pd.DataFrame  # case_guid, source_guid
    segments: pd.DataFrame  # segment guid, source, code path, start, end, coder, text, description
    users: pd.DataFrame  # guid, name
    texts: dict  # source guid -> text


def stable_guid(*parts: str) -> str:
    """A GUID derived from names, so a rebuilt project is byte-identical."""
    return str(uuid.uuid5(GUID_NAMESPACE, "/".join(parts)))


# ---------------------------------------------------------------- safe zip and XML


def member_is_unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name) is not None


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(path, f"not a readable .qdpx (zip) file ({exc})") from exc
    total = 0
    for info in archive.infolist():
        if member_is_unsafe(info.filename):
            raise InputError(path, "unsafe path in the archive (absolute or '..')", record=info.filename)
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise InputError(path, "symbolic link in the archive", record=info.filename)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
            raise InputError(path, "archive member too large or too compressed (possible zip bomb)", record=info.filename)
    return archive


def read_member(archive: zipfile.ZipFile, path: Path, name: str) -> bytes:
    """Read one member, never more than the limit whatever its header claims."""
    try:
        with archive.open(name) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except KeyError as exc:
        raise InputError(path, "member missing from the archive", record=name) from exc
    if len(data) > MAX_MEMBER_BYTES:
        raise InputError(path, "archive member larger than allowed", record=name)
    return data


def parse_xml(data: bytes, where: str) -> ET.Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(where, f"XML refused: DTDs and entity declarations are not allowed ({type(exc).__name__})") from exc
    except ET.ParseError as exc:
        raise InputError(where, f"malformed XML ({exc})") from exc


def decode_text(data: bytes, where: str, record: str) -> str:
    """UTF-8 (a byte-order mark is dropped); line endings kept, since positions count them."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"source text is not UTF-8 ({exc.reason} at byte {exc.start})", record=record) from exc


# ---------------------------------------------------------------- structure checks


class Checker:
    """Element-level checks that name the file and the element in every error."""

    def __init__(self, where: str, ns: str):
        self.where, self.ns = where, ns

    def tag(self, element: ET.Element) -> str:
        return element.tag.removeprefix(f"{{{self.ns}}}")

    def label(self, element: ET.Element) -> str:
        ident = element.get("guid") or element.get("targetGUID") or element.get("name")
        return f"<{self.tag(element)}{' ' + ident if ident else ''}>"

    def fail(self, element: ET.Element, problem: str, attribute: str = "-"):
        raise InputError(self.where, problem, record=self.label(element), field=attribute)

    def require(self, element: ET.Element, *attributes: str) -> list[str]:
        values = []
        for attribute in attributes:
            value = element.get(attribute)
            if value is None or value == "":
                self.fail(element, "required attribute missing", attribute)
            if attribute in ("guid", "targetGUID", "creatingUser") and not GUID.match(value):
                self.fail(element, f"not a GUID: {value!r}", attribute)
            values.append(value)
        return values

    def children(self, element: ET.Element, name: str) -> list[ET.Element]:
        return element.findall(f"{{{self.ns}}}{name}")

    def child(self, element: ET.Element, name: str) -> ET.Element | None:
        return element.find(f"{{{self.ns}}}{name}")

    def check_order(self, root: ET.Element, order: list[str]) -> None:
        position = -1
        for element in root:
            name = self.tag(element)
            if name not in order:
                self.fail(element, f"unexpected element in <{self.tag(root)}>")
            if order.index(name) < position or (order.index(name) == position and name != "NoteRef"):
                self.fail(element, f"elements of <{self.tag(root)}> out of order; required order: {', '.join(order)}")
            position = order.index(name)

    def resolve(self, ref: ET.Element, known, what: str) -> str:
        """The targetGUID of a reference element, which must name a known element."""
        target = self.require(ref, "targetGUID")[0]
        if target not in known:
            self.fail(ref, f"reference to an unknown {what}", "targetGUID")
        return target

    def reference(self, parent: ET.Element, name: str, known, what: str) -> str:
        """Resolve the required reference child ``name`` (e.g. CodeRef) of ``parent``."""
        ref = self.child(parent, name)
        if ref is None:
            self.fail(parent, f"{self.tag(parent)} without {name}")
        return self.resolve(ref, known, what)

    def integer(self, element: ET.Element, attribute: str) -> int:
        value = self.require(element, attribute)[0]
        if not re.fullmatch(r"\d+", value):
            self.fail(element, f"not a non-negative integer: {value!r}", attribute)
        return int(value)


def read_codes(checker: Checker, codes_element: ET.Element | None) -> pd.DataFrame:
    rows = []

    def walk(element: ET.Element, parent_guid: str | None, parent_path: str) -> None:
        for code in checker.children(element, "Code"):
            guid, name, codable = checker.require(code, "guid", "name", "isCodable")
            if codable not in ("true", "false"):
                checker.fail(code, f"isCodable must be true or false, not {codable!r}", "isCodable")
            path = f"{parent_path}/{name}" if parent_path else name
            description = checker.child(code, "Description")
            rows.append({"guid": guid, "name": name, "path": path, "parent_guid": parent_guid,
                         "is_codable": codable == "true",
                         "description": (description.text or "").strip() if description is not None else ""})
            walk(code, guid, path)

    if codes_element is not None:
        walk(codes_element, None, "")
    codes = pd.DataFrame(rows, columns=["guid", "name", "path", "parent_guid", "is_codable", "description"])
    duplicated = codes[codes["guid"].duplicated()]
    if len(duplicated):
        raise InputError(checker.where, "code GUID used twice", record=f"<Code {duplicated['guid'].iloc[0]}>", field="guid")
    return codes


def read_codebook(path: str | Path) -> pd.DataFrame:
    """A .qdc codebook: one row per code, with its hierarchy path."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    root = parse_xml(path.read_bytes(), str(path))
    checker = Checker(str(path), CODEBOOK_NS)
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise InputError(path, f"root element must be CodeBook in namespace {CODEBOOK_NS}", record=f"<{root.tag}>")
    return read_codes(checker, checker.child(root, "Codes"))


def read_qdpx(path: str | Path) -> Project:
    """Read a REFI-QDA project into tidy tables, checking structure and references."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    archive = open_zip(path)
    where = f"{path}!project.qde"
    root = parse_xml(read_member(archive, path, "project.qde"), where)
    checker = Checker(where, PROJECT_NS)
    if root.tag != f"{{{PROJECT_NS}}}Project":
        raise InputError(where, f"root element must be Project in namespace {PROJECT_NS}", record=f"<{root.tag}>")
    checker.require(root, "name")
    checker.check_order(root, PROJECT_ORDER)

    users = pd.DataFrame([dict(zip(("guid", "name"), checker.require(u, "guid", "name")))
                          for users in checker.children(root, "Users") for u in checker.children(users, "User")],
                         columns=["guid", "name"])
    user_names = dict(zip(users["guid"], users["name"]))
    codebook = checker.child(root, "CodeBook")
    codes = read_codes(checker, checker.child(codebook, "Codes") if codebook is not None else None)
    code_paths = dict(zip(codes["guid"], codes["path"]))
    variables = {}
    for block in checker.children(root, "Variables"):
        for variable in checker.children(block, "Variable"):
            guid, name, _ = checker.require(variable, "guid", "name", "typeOfVariable")
            variables[guid] = name

    sources, texts, segments = [], {}, []
    for block in checker.children(root, "Sources"):
        for source in block:
            if checker.tag(source) != "TextSource":
                checker.fail(source, "only TextSource is supported")
            guid, name = checker.require(source, "guid", "name")
            text = source_text(checker, archive, path, source)
            texts[guid] = text
            sources.append({"guid": guid, "name": name, "length": len(text)})
            segments += read_selections(checker, source, guid, name, text, user_names, code_paths)

    source_guids = {s["guid"] for s in sources}
    cases, case_sources = [], []
    for block in checker.children(root, "Cases"):
        for case in checker.children(block, "Case"):
            guid, name = checker.require(case, "guid", "name")
            row = {"case_guid": guid, "case": name}
            for value in checker.children(case, "VariableValue"):
                target = checker.reference(value, "VariableRef", variables, "Variable")
                text_value = checker.child(value, "TextValue")
                row[variables[target]] = (text_value.text or "") if text_value is not None else None
            for ref in checker.children(case, "SourceRef"):
                target = checker.resolve(ref, source_guids, "source")
                case_sources.append({"case_guid": guid, "source_guid": target})
            cases.append(row)
    return Project(
        codes=codes,
        sources=pd.DataFrame(sources, columns=["guid", "name", "length"]),
        cases=pd.DataFrame(cases),
        case_sources=pd.DataFrame(case_sources, columns=["case_guid", "source_guid"]),
        segments=pd.DataFrame(segments, columns=SEGMENT_COLUMNS),
        users=users,
        texts=texts,
    )


SEGMENT_COLUMNS = ["segment_guid", "source_guid", "source", "code_guid", "code_path", "start", "end",
                   "coder", "text", "source_length", "description"]


def source_text(checker: Checker, archive: zipfile.ZipFile, path: Path, source: ET.Element) -> str:
    inline = checker.child(source, "PlainTextContent")
    if inline is not None:
        return inline.text or ""
    reference = source.get("plainTextPath")
    if not reference:
        checker.fail(source, "TextSource needs plainTextPath or PlainTextContent", "plainTextPath")
    if not reference.startswith("internal://"):
        checker.fail(source, "only internal:// sources are supported", "plainTextPath")
    member = "sources/" + reference.removeprefix("internal://")
    if member_is_unsafe(member):
        checker.fail(source, "unsafe source path", "plainTextPath")
    return decode_text(read_member(archive, path, member), f"{path}!{member}", checker.label(source))


def read_selections(checker, source, source_guid, source_name, text, user_names, code_paths) -> list[dict]:
    rows = []
    for selection in checker.children(source, "PlainTextSelection"):
        guid = checker.require(selection, "guid")[0]
        start, end = checker.integer(selection, "startPosition"), checker.integer(selection, "endPosition")
        if not start <= end <= len(text):
            checker.fail(selection, f"positions {start}-{end} outside the source text (length {len(text)})",
                         "endPosition" if end > len(text) else "startPosition")
        selected = text[start:end]
        name = selection.get("name")
        if name is not None and name.strip() and name != selected:
            checker.fail(selection, f"selection name does not match the source text at {start}-{end}", "name")
        description = checker.child(selection, "Description")
        for coding in checker.children(selection, "Coding"):
            checker.require(coding, "guid")
            user = coding.get("creatingUser") or selection.get("creatingUser")
            if user is None:
                checker.fail(coding, "no creatingUser on Coding or its selection", "creatingUser")
            if user not in user_names:
                checker.fail(coding, f"creatingUser {user} is not a User of the project", "creatingUser")
            target = checker.reference(coding, "CodeRef", code_paths, "Code")
            rows.append({"segment_guid": guid, "source_guid": source_guid, "source": source_name,
                         "code_guid": target, "code_path": code_paths[target], "start": start, "end": end,
                         "coder": user_names[user], "text": selected, "source_length": len(text),
                         "description": (description.text or "").strip() if description is not None else ""})
    return rows


# ---------------------------------------------------------------- writer


def qualified(name: str, ns: str = PROJECT_NS) -> str:
    return f"{{{ns}}}{name}"


def code_elements(parent: ET.Element, codes: list[dict], ns: str) -> None:
    """codes: [{'guid', 'name', 'description', 'children': [...]}, ...] (isCodable for leaves)."""
    for code in codes:
        element = ET.SubElement(parent, qualified("Code", ns), guid=code["guid"], name=code["name"],
                                isCodable="false" if code.get("children") else "true")
        if code.get("description"):
            ET.SubElement(element, qualified("Description", ns)).text = code["description"]
        code_elements(element, code.get("children", []), ns)


def serialize(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_xml(codes: list[dict]) -> bytes:
    root = ET.Element(qualified("CodeBook", CODEBOOK_NS), origin="ctcstudy")
    code_elements(ET.SubElement(root, qualified("Codes", CODEBOOK_NS)), codes, CODEBOOK_NS)
    return serialize(root, CODEBOOK_NS)


def project_xml(name: str, users: list[dict], codes: list[dict], variables: list[dict], cases: list[dict],
                sources: list[dict]) -> bytes:
    """Build project.qde. sources: [{'guid', 'name', 'file', 'selections': [{'guid', 'start', 'end',
    'user', 'name', 'description', 'codings': [{'guid', 'code', 'user'}]}]}]; cases:
    [{'guid', 'name', 'values': {variable_guid: text}, 'sources': [guid]}]."""
    root = ET.Element(qualified("Project"), name=name, origin="ctcstudy")
    users_element = ET.SubElement(root, qualified("Users"))
    for user in users:
        ET.SubElement(users_element, qualified("User"), guid=user["guid"], name=user["name"])
    codebook = ET.SubElement(root, qualified("CodeBook"))
    code_elements(ET.SubElement(codebook, qualified("Codes")), codes, PROJECT_NS)
    variables_element = ET.SubElement(root, qualified("Variables"))
    for variable in variables:
        ET.SubElement(variables_element, qualified("Variable"), guid=variable["guid"], name=variable["name"],
                      typeOfVariable="Text")
    cases_element = ET.SubElement(root, qualified("Cases"))
    for case in cases:
        element = ET.SubElement(cases_element, qualified("Case"), guid=case["guid"], name=case["name"])
        for variable_guid, value in case["values"].items():
            holder = ET.SubElement(element, qualified("VariableValue"))
            ET.SubElement(holder, qualified("VariableRef"), targetGUID=variable_guid)
            ET.SubElement(holder, qualified("TextValue")).text = value
        for source_guid in case["sources"]:
            ET.SubElement(element, qualified("SourceRef"), targetGUID=source_guid)
    sources_element = ET.SubElement(root, qualified("Sources"))
    for source in sources:
        element = ET.SubElement(sources_element, qualified("TextSource"), guid=source["guid"], name=source["name"],
                                plainTextPath=f"internal://{source['file']}")
        for sel in source["selections"]:
            attributes = {"guid": sel["guid"], "startPosition": str(sel["start"]), "endPosition": str(sel["end"]),
                          "creatingUser": sel["user"]}
            if sel.get("name") is not None:
                attributes["name"] = sel["name"]
            selection = ET.SubElement(element, qualified("PlainTextSelection"), **attributes)
            if sel.get("description"):
                ET.SubElement(selection, qualified("Description")).text = sel["description"]
            for coding in sel["codings"]:
                coding_element = ET.SubElement(selection, qualified("Coding"), guid=coding["guid"],
                                               creatingUser=coding["user"])
                ET.SubElement(coding_element, qualified("CodeRef"), targetGUID=coding["code"])
    return serialize(root, PROJECT_NS)


def write_qdpx(path: str | Path, project: bytes, texts: dict[str, str]) -> None:
    """Zip project.qde and sources/<file> with fixed timestamps (byte-identical rebuilds)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("project.qde", project), *((f"sources/{f}", t.encode("utf-8")) for f, t in sorted(texts.items()))]:
            info = zipfile.ZipInfo(name, date_time=(2019, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
