"""REFI-QDA projects (.qdpx) and codebooks (.qdc): a reader that follows the schema, and a small writer.

A .qdpx is a zip holding one project file (``project.qde``, or ``<name>.qde`` as ATLAS.ti
writes it; XML in namespace ``urn:QDA-XML:project:1.0``) and a folder of sources, ``sources/``
or ``Sources/`` (NVivo for Windows). The reader follows Project.xsd rather than one tool:
optional attributes stay optional, every VariableValue type is read with its typed value, text
comes from a TextSource or from a PDFSource's plain-text Representation, other sources (picture,
audio, video) are listed with a warning and their codings counted, and codings on a whole
source are kept. Positions are converted to code points from the unit the tool counts in
(readers/positions.py), and refused where the file's own evidence contradicts that unit. Unsafe zips
(``..`` or absolute paths, links, oversized or over-compressed members) and XML with DTDs or
entities are refused. Every refusal names the file, the element and its GUID.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as SafeET
import pandas as pd
from defusedxml import DefusedXmlException

from ctcstudy.errors import InputError, UnitRefused, refuse_nul, undecodable
from ctcstudy.readers import positions

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_ORDER = [
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
    "Description",
    "NoteRef",
]
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one XML file or source text
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, beyond which a member is treated as a zip bomb
GUID_NAMESPACE = uuid.UUID("6f1c9a52-3f0e-4d5b-9a57-2b1f3c0d4e11")
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
VALUE_ELEMENTS = ["TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"]
TEXT_SOURCES = {"TextSource": "text", "PDFSource": "pdf"}
OTHER_SOURCES = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}
SOURCE_COLUMNS = ["guid", "name", "kind", "length", "codings", "read", "text_sha256", "content_sha256"]
SEGMENT_COLUMNS = [
    "segment_guid",
    "source_guid",
    "source",
    "code_guid",
    "code_path",
    "start",
    "end",
    "coder",
    "text",
    "source_length",
    "description",
]


@dataclass
class Project:
    """Tidy tables of one project."""

    codes: pd.DataFrame  # guid, name, path, parent_guid, is_codable, description
    sources: pd.DataFrame  # SOURCE_COLUMNS: every source, text or not; read says whether its text is used;
    # text_sha256 of the text as exported, content_sha256 of its content (line ends as LF)
    cases: pd.DataFrame  # case_guid, case, one column per variable (typed values)
    case_sources: pd.DataFrame  # case_guid, source_guid
    segments: pd.DataFrame  # SEGMENT_COLUMNS, start and end in code points
    users: pd.DataFrame  # guid, name
    texts: dict  # source guid -> text
    origin: str | None = None
    offset_unit: str = positions.CODEPOINT
    unit_reason: str = ""
    variables: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["guid", "name", "type"]))
    source_values: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["source_guid", "variable", "value"])
    )
    sets: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["set_guid", "set", "member", "target_guid"])
    )
    warnings: list = field(default_factory=list)
    path: str = ""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content(text: str) -> str:
    """A text as compared across exports: NVivo for Windows writes CRLF, NVivo for Mac LF (the
    byte-order mark is already gone: decode_text drops it)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error) as exc:
        raise InputError(path, f"not a readable .qdpx (zip) file ({exc})") from exc
    total = 0
    for info in archive.infolist():
        if member_is_unsafe(info.filename):
            raise InputError(path, "unsafe path in the archive (absolute or '..')", record=info.filename)
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise InputError(path, "symbolic link in the archive", record=info.filename)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > MAX_MEMBER_BYTES
            or total > MAX_TOTAL_BYTES
            or (info.file_size > 1_000_000 and ratio > MAX_RATIO)
        ):
            raise InputError(
                path, "archive member too large or too compressed (possible zip bomb)", record=info.filename
            )
    return archive


def read_member(archive: zipfile.ZipFile, path: Path, name: str) -> bytes:
    """Read one member, never more than the limit whatever its header claims."""
    try:
        with archive.open(name) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except KeyError as exc:
        raise InputError(path, "member missing from the archive", record=name) from exc
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error) as exc:
        raise InputError(path, f"archive member cannot be read ({exc})", record=name) from exc
    if len(data) > MAX_MEMBER_BYTES:
        raise InputError(path, "archive member larger than allowed", record=name)
    return data


def project_member(archive: zipfile.ZipFile, path: Path) -> str:
    """The one project file at the top of the archive: project.qde or <name>.qde (ATLAS.ti)."""
    found = sorted(n for n in archive.namelist() if "/" not in n and n.lower().endswith(".qde"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(path, "no project file (.qde) at the top of the archive; is this a REFI-QDA project export?")
    raise InputError(
        path, f"{len(found)} project files at the top of the archive ({', '.join(found)}); export one project per .qdpx"
    )


def source_member(archive: zipfile.ZipFile, name: str) -> str | None:
    """The archive member for internal://<name>, whatever the case of the source folder
    (NVivo for Windows writes Sources/, the others sources/)."""
    members = archive.namelist()
    for folder in ("sources", "Sources"):
        if f"{folder}/{name}" in members:
            return f"{folder}/{name}"
    folded = [m for m in members if m.lower() == f"sources/{name}".lower()]
    return folded[0] if len(folded) == 1 else None


def parse_xml(data: bytes, where: str) -> ET.Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            where, f"XML refused: DTDs and entity declarations are not allowed ({type(exc).__name__})"
        ) from exc
    except (ET.ParseError, LookupError, ValueError) as exc:  # LookupError: an unknown encoding declared
        raise InputError(where, f"malformed XML ({exc})") from exc


def decode_text(data: bytes, where: str, record: str) -> str:
    """UTF-8 (a byte-order mark is dropped: positions never count it); line endings kept."""
    refuse_nul(where, data, record)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise undecodable(where, data, exc, "source text is not UTF-8", record) from exc


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
            values.append(
                self.checked_guid(element, attribute, value) if attribute in ("guid", "targetGUID") else value
            )
        return values

    def checked_guid(self, element: ET.Element, attribute: str, value: str) -> str:
        """GUIDs are compared in lower case: MAXQDA writes them in upper case."""
        if not GUID.match(value):
            self.fail(element, f"not a GUID: {value!r}", attribute)
        return value.lower()

    def optional_guid(self, element: ET.Element, attribute: str) -> str | None:
        value = element.get(attribute)
        return self.checked_guid(element, attribute, value) if value else None

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

    def description(self, element: ET.Element) -> str:
        found = self.child(element, "Description")
        return (found.text or "").strip() if found is not None else ""


def read_codes(checker: Checker, codes_element: ET.Element | None) -> pd.DataFrame:
    rows = []

    def walk(element: ET.Element, parent_guid: str | None, parent_path: str) -> None:
        for code in checker.children(element, "Code"):
            guid, name, codable = checker.require(code, "guid", "name", "isCodable")
            if codable not in BOOLEANS:
                checker.fail(code, f"isCodable must be true or false, not {codable!r}", "isCodable")
            path = f"{parent_path}/{name}" if parent_path else name
            rows.append(
                {
                    "guid": guid,
                    "name": name,
                    "path": path,
                    "parent_guid": parent_guid,
                    "is_codable": BOOLEANS[codable],
                    "description": checker.description(code),
                }
            )
            walk(code, guid, path)

    if codes_element is not None:
        walk(codes_element, None, "")
    codes = pd.DataFrame(rows, columns=["guid", "name", "path", "parent_guid", "is_codable", "description"])
    duplicated = codes[codes["guid"].duplicated()]
    if len(duplicated):
        raise InputError(
            checker.where, "code GUID used twice", record=f"<Code {duplicated['guid'].iloc[0]}>", field="guid"
        )
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


def typed_value(checker: Checker, holder: ET.Element):
    """The value of a VariableValue, typed as its element says (Boolean, Integer, Float, Date,
    DateTime or Text); None when it holds no value."""
    for name in VALUE_ELEMENTS:
        element = checker.child(holder, name)
        if element is None:
            continue
        text = (element.text or "").strip()
        if name == "TextValue":
            return element.text or ""
        try:
            if name == "BooleanValue":
                return BOOLEANS[text.lower()]
            if name == "IntegerValue":
                return int(text)
            if name == "FloatValue":
                return float(text)
            if name == "DateValue":
                return dt.date.fromisoformat(text[:10])
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except (KeyError, ValueError):
            checker.fail(element, f"not a valid {name.removesuffix('Value')}: {text!r}")
    return None


def read_values(checker: Checker, holder: ET.Element, variables: dict) -> dict:
    """Variable name -> typed value for the VariableValue children of a case or source."""
    values = {}
    for value in checker.children(holder, "VariableValue"):
        target = checker.reference(value, "VariableRef", variables, "Variable")
        values[variables[target]] = typed_value(checker, value)
    return values


# ---------------------------------------------------------------- the project


def read_qdpx(path: str | Path, offset_unit: str | None = None) -> Project:
    """Read a REFI-QDA project into tidy tables, checking structure, references and positions.

    offset_unit overrides the unit chosen from the project's origin (positions.UNITS)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    archive = open_zip(path)
    member = project_member(archive, path)
    where = f"{path}!{member}"
    root = parse_xml(read_member(archive, path, member), where)
    checker = Checker(where, PROJECT_NS)
    if root.tag != f"{{{PROJECT_NS}}}Project":
        raise InputError(where, f"root element must be Project in namespace {PROJECT_NS}", record=f"<{root.tag}>")
    checker.check_order(root, PROJECT_ORDER)
    reader = ProjectReader(checker, archive, path, root)
    return reader.read(offset_unit)


class ProjectReader:
    """One pass over a parsed project.qde: the tables of a Project."""

    def __init__(self, checker: Checker, archive: zipfile.ZipFile, path: Path, root: ET.Element):
        self.c, self.archive, self.path, self.root = checker, archive, path, root
        self.warnings: list[str] = []

    def blocks(self, name: str, item: str) -> list[ET.Element]:
        return [e for block in self.c.children(self.root, name) for e in self.c.children(block, item)]

    def read(self, offset_unit: str | None) -> Project:
        users = self.read_users()
        codebook = self.c.child(self.root, "CodeBook")
        codes = read_codes(self.c, self.c.child(codebook, "Codes") if codebook is not None else None)
        variables = {}
        variable_rows = []
        for variable in self.blocks("Variables", "Variable"):
            guid, name, kind = self.c.require(variable, "guid", "name", "typeOfVariable")
            variables[guid] = name
            variable_rows.append({"guid": guid, "name": name, "type": kind})
        case_guids = {self.c.require(case, "guid")[0] for case in self.blocks("Cases", "Case")}
        # NVivo lists its cases as codes too (same GUID): coding a passage to one says whose it is.
        case_nodes = set(codes["guid"]) & case_guids
        codes = codes[~codes["guid"].isin(case_nodes)].reset_index(drop=True)
        self.users = dict(zip(users["guid"], users["name"]))
        self.code_paths = dict(zip(codes["guid"], codes["path"]))
        self.case_nodes = case_nodes
        sources, texts, pending, source_values = self.read_sources(variables)
        unit, why = self.decide_unit(offset_unit, pending, texts)
        segments = self.segments(pending, texts, unit, why)
        cases, case_sources = self.read_cases(variables, {s["guid"] for s in sources})
        return Project(
            codes=codes,
            sources=pd.DataFrame(sources, columns=SOURCE_COLUMNS),
            cases=pd.DataFrame(cases),
            case_sources=pd.DataFrame(case_sources, columns=["case_guid", "source_guid"]),
            segments=pd.DataFrame(segments, columns=SEGMENT_COLUMNS),
            users=users,
            texts=texts,
            origin=self.root.get("origin"),
            offset_unit=unit,
            unit_reason=why,
            variables=pd.DataFrame(variable_rows, columns=["guid", "name", "type"]),
            source_values=pd.DataFrame(source_values, columns=["source_guid", "variable", "value"]),
            sets=self.read_sets(),
            warnings=self.warnings,
            path=str(self.path),
        )

    def read_users(self) -> pd.DataFrame:
        rows = []
        for user in self.blocks("Users", "User"):
            guid = self.c.require(user, "guid")[0]
            rows.append({"guid": guid, "name": user.get("name") or f"user {guid}"})  # name is optional
        return pd.DataFrame(rows, columns=["guid", "name"])

    def read_cases(self, variables: dict, source_guids: set) -> tuple[list, list]:
        cases, links = [], []
        for case in self.blocks("Cases", "Case"):
            guid = self.c.require(case, "guid")[0]
            cases.append({"case_guid": guid, "case": case.get("name") or guid, **read_values(self.c, case, variables)})
            for ref in self.c.children(case, "SourceRef"):
                links.append({"case_guid": guid, "source_guid": self.c.resolve(ref, source_guids, "source")})
        return cases, links

    def read_sets(self) -> pd.DataFrame:
        rows = []
        for group in self.blocks("Sets", "Set"):
            guid, name = self.c.require(group, "guid")[0], group.get("name") or ""
            for member in group:
                if self.c.tag(member) in ("MemberCode", "MemberSource", "MemberNote"):
                    rows.append(
                        {
                            "set_guid": guid,
                            "set": name,
                            "member": self.c.tag(member),
                            "target_guid": self.c.require(member, "targetGUID")[0],
                        }
                    )
        return pd.DataFrame(rows, columns=["set_guid", "set", "member", "target_guid"])

    # ------------------------------------------------------------ sources

    def read_sources(self, variables: dict):
        sources, texts, pending, values = [], {}, [], []
        for block in self.c.children(self.root, "Sources"):
            for source in block:
                tag = self.c.tag(source)
                if tag not in TEXT_SOURCES and tag not in OTHER_SOURCES:
                    self.c.fail(source, "unexpected element in <Sources>")
                guid = self.c.require(source, "guid")[0]
                name = source.get("name") or source_file_name(source) or guid  # name is optional
                values += [
                    {"source_guid": guid, "variable": k, "value": v}
                    for k, v in read_values(self.c, source, variables).items()
                ]
                holder = source if tag == "TextSource" else self.c.child(source, "Representation")
                codings = sum(1 for _ in source.iter(f"{{{PROJECT_NS}}}Coding"))
                row = {
                    "guid": guid,
                    "name": name,
                    "kind": TEXT_SOURCES.get(tag) or OTHER_SOURCES[tag],
                    "length": None,
                    "codings": codings,
                    "read": False,
                    "text_sha256": None,
                    "content_sha256": None,
                }
                sources.append(row)
                if tag in OTHER_SOURCES or holder is None:
                    what = "PDF without a plain-text representation" if tag == "PDFSource" else f"{row['kind']} source"
                    self.warnings.append(
                        f"{self.c.where}: record <{tag} {guid}>: {what} {name!r} is not read; "
                        f"its {codings} coding(s) are counted only"
                    )
                    continue
                if codings == 0 and not (holder.get("plainTextPath") or "internal://").startswith("internal://"):
                    self.warnings.append(
                        f"{self.c.where}: record <{tag} {guid}>: uncoded source {name!r} with its "
                        "text outside the archive is not read"
                    )
                    continue
                text = self.source_text(holder)
                texts[guid] = text
                row.update(length=len(text), read=True, text_sha256=sha256(text), content_sha256=sha256(content(text)))
                pending += self.selections(holder, guid, name)
                pending += self.whole_source_codings(source, guid, name)
                if holder is not source:
                    pending += self.whole_source_codings(holder, guid, name)
                    other = [e for e in source if self.c.tag(e) == "PDFSelection"]
                    if other:
                        self.warnings.append(
                            f"{self.c.where}: record <PDFSource {guid}>: {len(other)} region "
                            f"selection(s) on the PDF page are not read; text selections are"
                        )
        return sources, texts, pending, values

    def source_text(self, holder: ET.Element) -> str:
        inline = self.c.child(holder, "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        reference = holder.get("plainTextPath")
        if not reference:
            self.c.fail(holder, "no text: neither plainTextPath nor PlainTextContent", "plainTextPath")
        if not reference.startswith("internal://"):
            self.c.fail(
                holder,
                f"the text {reference!r} is outside the archive; export the project with its "
                "sources included (internal://)",
                "plainTextPath",
            )
        name = reference.removeprefix("internal://")
        if member_is_unsafe(name):
            self.c.fail(holder, "unsafe source path", "plainTextPath")
        member = source_member(self.archive, name)
        if member is None:
            self.c.fail(holder, f"text file sources/{name} missing from the archive", "plainTextPath")
        return decode_text(read_member(self.archive, self.path, member), f"{self.path}!{member}", self.c.label(holder))

    def selections(self, holder: ET.Element, source_guid: str, source_name: str) -> list[dict]:
        found = []
        for selection in self.c.children(holder, "PlainTextSelection"):
            guid = self.c.require(selection, "guid")[0]
            start, end = self.c.integer(selection, "startPosition"), self.c.integer(selection, "endPosition")
            if start > end:
                self.c.fail(selection, f"startPosition {start} after endPosition {end}", "startPosition")
            found.append(
                {
                    "element": selection,
                    "guid": guid,
                    "source_guid": source_guid,
                    "source": source_name,
                    "start": start,
                    "end": end,
                    "name": selection.get("name"),
                    "whole": False,
                    "description": self.c.description(selection),
                    "codings": self.codings(selection, selection.get("creatingUser")),
                }
            )
        return found

    def whole_source_codings(self, holder: ET.Element, source_guid: str, source_name: str) -> list[dict]:
        """Codings on a whole source: kept as one segment covering its text."""
        codings = self.codings(holder, holder.get("creatingUser"))
        return [
            {
                "element": holder,
                "guid": guid,
                "source_guid": source_guid,
                "source": source_name,
                "start": None,
                "end": None,
                "name": None,
                "whole": True,
                "description": "",
                "codings": [(guid, code, coder)],
            }
            for guid, code, coder in codings
        ]

    def codings(self, parent: ET.Element, fallback_user: str | None) -> list[tuple]:
        """(coding guid, code guid, coder name) of each Coding child; case-node codings skipped."""
        found = []
        for coding in self.c.children(parent, "Coding"):
            guid = self.c.require(coding, "guid")[0]
            ref = self.c.child(coding, "CodeRef")
            if ref is not None and (ref.get("targetGUID") or "").lower() in self.case_nodes:
                continue
            code = self.c.reference(coding, "CodeRef", self.code_paths, "Code")
            found.append((guid, code, self.coder(coding, fallback_user)))
        return found

    def coder(self, coding: ET.Element, fallback_user: str | None) -> str:
        """Who coded: the Coding's creatingUser, else its selection's, else the project's only user."""
        user = self.c.optional_guid(coding, "creatingUser") or (fallback_user or "").lower() or None
        if user is None:
            if len(self.users) == 1:
                return next(iter(self.users.values()))
            if not self.users:
                return "unattributed"
            self.c.fail(
                coding,
                f"no creatingUser on the Coding or its selection, and the project has {len(self.users)} users",
                "creatingUser",
            )
        if not GUID.match(user):
            self.c.fail(coding, f"not a GUID: {user!r}", "creatingUser")
        if user not in self.users:
            self.c.fail(coding, f"creatingUser {user} is not a User of the project", "creatingUser")
        return self.users[user]

    # ------------------------------------------------------------ positions

    def decide_unit(self, override: str | None, pending: list[dict], texts: dict) -> tuple[str, str]:
        selections = [
            positions.Selection(p["source_guid"], p["start"], p["end"], p["name"], self.c.label(p["element"]))
            for p in pending
            if not p["whole"]
        ]
        try:
            unit, why, self.evidence = positions.choose(self.root.get("origin"), override, selections, texts)
        except UnitRefused as exc:
            raise InputError(self.c.where, str(exc), record=self.c.label(self.root), field="startPosition") from exc
        return unit, why

    def segments(self, pending: list[dict], texts: dict, unit: str, why: str) -> list[dict]:
        offsets = {guid: positions.Offsets(text, unit) for guid, text in texts.items()}
        rows = []
        for p in pending:
            o = offsets[p["source_guid"]]
            if p["whole"]:
                start, end = 0, len(o.text)
            else:
                for attribute in ("startPosition", "endPosition"):
                    value = p["start"] if attribute == "startPosition" else p["end"]
                    problem = o.problem(value)
                    if problem:
                        self.c.fail(
                            p["element"], f"{attribute} {value} {problem}; positions read as {unit} ({why})", attribute
                        )
                start, end = o.codepoint(p["start"]), o.codepoint(p["end"])
            rows += [
                {
                    "segment_guid": p["guid"],
                    "source_guid": p["source_guid"],
                    "source": p["source"],
                    "code_guid": code,
                    "code_path": self.code_paths[code],
                    "start": start,
                    "end": end,
                    "coder": coder,
                    "text": o.text[start:end],
                    "source_length": len(o.text),
                    "description": p["description"],
                }
                for _, code, coder in p["codings"]
            ]
        try:
            positions.check_plausible(self.evidence, unit, why)
        except UnitRefused as exc:
            raise InputError(self.c.where, str(exc), record=self.c.label(self.root), field="startPosition") from exc
        return rows


def source_file_name(source: ET.Element) -> str | None:
    reference = source.get("path") or source.get("plainTextPath")
    return PurePosixPath(reference.split("://", 1)[-1]).name if reference else None


# ---------------------------------------------------------------- writer


def qualified(name: str, ns: str = PROJECT_NS) -> str:
    return f"{{{ns}}}{name}"


def code_elements(parent: ET.Element, codes: list[dict], ns: str) -> None:
    """codes: [{'guid', 'name', 'description', 'children': [...]}, ...] (isCodable for leaves)."""
    for code in codes:
        element = ET.SubElement(
            parent,
            qualified("Code", ns),
            guid=code["guid"],
            name=code["name"],
            isCodable="false" if code.get("children") else "true",
        )
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


def project_xml(
    name: str, users: list[dict], codes: list[dict], variables: list[dict], cases: list[dict], sources: list[dict]
) -> bytes:
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
        ET.SubElement(
            variables_element,
            qualified("Variable"),
            guid=variable["guid"],
            name=variable["name"],
            typeOfVariable="Text",
        )
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
        element = ET.SubElement(
            sources_element,
            qualified("TextSource"),
            guid=source["guid"],
            name=source["name"],
            plainTextPath=f"internal://{source['file']}",
        )
        for sel in source["selections"]:
            attributes = {
                "guid": sel["guid"],
                "startPosition": str(sel["start"]),
                "endPosition": str(sel["end"]),
                "creatingUser": sel["user"],
            }
            if sel.get("name") is not None:
                attributes["name"] = sel["name"]
            selection = ET.SubElement(element, qualified("PlainTextSelection"), **attributes)
            if sel.get("description"):
                ET.SubElement(selection, qualified("Description")).text = sel["description"]
            for coding in sel["codings"]:
                coding_element = ET.SubElement(
                    selection, qualified("Coding"), guid=coding["guid"], creatingUser=coding["user"]
                )
                ET.SubElement(coding_element, qualified("CodeRef"), targetGUID=coding["code"])
    return serialize(root, PROJECT_NS)


def write_qdpx(path: str | Path, project: bytes, texts: dict[str, str]) -> None:
    """Zip project.qde and sources/<file> with fixed timestamps (byte-identical rebuilds)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [
            ("project.qde", project),
            *((f"sources/{f}", t.encode("utf-8")) for f, t in sorted(texts.items())),
        ]:
            info = zipfile.ZipInfo(name, date_time=(2019, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
