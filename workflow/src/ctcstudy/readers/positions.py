"""Where a REFI-QDA selection starts and ends: the unit each tool counts in, and the evidence.

REFI-QDA 1.5 counts ``startPosition``/``endPosition`` in Unicode code points from 0, end
exclusive. Not every tool does:

- NVivo (Windows and Mac) counts UTF-16 code units: a character outside the Basic
  Multilingual Plane (an emoji, some CJK) counts twice, and CRLF counts as two;
- ATLAS.ti counts code points but treats each CRLF of the source text as one character;
- everyone else follows the specification.

The unit is chosen per project from its ``origin`` (or a configured override) and then
checked against the evidence the file itself carries: selection names that hold the coded
text (ATLAS.ti writes them, cut at 100 characters with an ellipsis) and whether segment
boundaries fall between words. A unit the evidence contradicts is refused, never used.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ctcstudy.errors import UnitRefused

CODEPOINT, UTF16, CODEPOINT_CRLF_AS_ONE = "codepoint", "utf16", "codepoint_crlf_as_one"
UNITS = (CODEPOINT, UTF16, CODEPOINT_CRLF_AS_ONE)
DESCRIBED = {
    CODEPOINT: "code points",
    UTF16: "UTF-16 code units",
    CODEPOINT_CRLF_AS_ONE: "code points with CRLF counted as one",
}
ELLIPSES = ("\u2026", "...")
MIN_BOUNDARIES = 4  # fewer evaluable boundaries than this say nothing about the unit
# Scripts written without spaces between words: a boundary next to them is not evidence.
NO_SPACE_SCRIPTS = [
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x19E0, 0x19FF),
    (0x2E80, 0x2FDF),
    (0x3040, 0x30FF),
    (0x3100, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
]


def unit_for_origin(origin: str | None) -> str:
    """The unit a tool writes, from the Project's ``origin`` attribute."""
    name = (origin or "").lower()
    if "nvivo" in name:
        return UTF16
    if "atlas" in name:
        return CODEPOINT_CRLF_AS_ONE
    return CODEPOINT


class Offsets:
    """Positions of one text in one unit, converted to code points."""

    def __init__(self, text: str, unit: str):
        self.text, self.unit = text, unit
        self.table = None  # unit position -> code point (-1 inside a surrogate pair); None: identity
        if unit == UTF16 and text and max(text) > "\uffff":
            self.table = []
            for index, char in enumerate(text):
                self.table.append(index)
                if ord(char) > 0xFFFF:
                    self.table.append(-1)
            self.table.append(len(text))
        elif unit == CODEPOINT_CRLF_AS_ONE and "\r\n" in text:
            self.table, index = [], 0
            while index < len(text):
                self.table.append(index)
                index += 2 if text.startswith("\r\n", index) else 1
            self.table.append(len(text))

    @property
    def length(self) -> int:
        return len(self.text) if self.table is None else len(self.table) - 1

    def problem(self, position: int) -> str | None:
        """Why a position cannot be read in this unit, or None."""
        if position > self.length:
            return f"is outside the source text (length {self.length} {DESCRIBED[self.unit]})"
        if self.table is not None and self.table[position] < 0:
            return "splits a surrogate pair (a character outside the Basic Multilingual Plane)"
        return None

    def codepoint(self, position: int) -> int:
        return position if self.table is None else self.table[position]

    def slice(self, start: int, end: int) -> str | None:
        if start > end or self.problem(start) or self.problem(end):
            return None
        return self.text[self.codepoint(start) : self.codepoint(end)]


def name_matches(name: str, selected: str) -> bool:
    """A selection name holds its text: equal up to whitespace, or a prefix cut with an ellipsis."""
    wanted, found = " ".join(name.split()), " ".join(selected.split())
    if wanted == found:
        return True
    for ellipsis in ELLIPSES:
        if wanted.endswith(ellipsis):
            prefix = wanted.removesuffix(ellipsis).rstrip()
            return bool(prefix) and found.startswith(prefix)
    return False


def no_space_script(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in NO_SPACE_SCRIPTS)


def word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def inside_word(text: str, position: int) -> bool | None:
    """True if the code point position splits a word, None where that is no evidence."""
    if position <= 0 or position >= len(text):
        return None
    before, after = text[position - 1], text[position]
    if no_space_script(before) or no_space_script(after):
        return None
    return word_char(before) and word_char(after)


@dataclass
class Selection:
    """A text selection as the file gives it: positions still in the file's unit."""

    source_guid: str
    start: int
    end: int
    name: str | None
    element: str  # e.g. <PlainTextSelection guid>, for messages


@dataclass
class Evidence:
    """What the file says about its unit, per candidate unit."""

    named: int = 0
    agreeing: dict = field(default_factory=dict)  # unit -> selection names matching their text
    inside_words: dict = field(default_factory=dict)  # unit -> (boundaries inside words, evaluable boundaries)


def gather(selections: list[Selection], texts: dict[str, str]) -> Evidence:
    evidence = Evidence(named=sum(bool(s.name and s.name.strip()) for s in selections))
    for unit in UNITS:
        offsets = {guid: Offsets(text, unit) for guid, text in texts.items()}
        agreeing, inside, evaluable = 0, 0, 0
        for s in selections:
            if s.source_guid not in offsets:
                continue
            o = offsets[s.source_guid]
            selected = o.slice(s.start, s.end)
            if s.name and s.name.strip() and selected is not None and name_matches(s.name, selected):
                agreeing += 1
            if selected is None:
                inside, evaluable = inside + 2, evaluable + 2  # an unreadable position counts against the unit
                continue
            for position in (o.codepoint(s.start), o.codepoint(s.end)):
                verdict = inside_word(o.text, position)
                if verdict is not None:
                    evaluable += 1
                    inside += verdict
        evidence.agreeing[unit], evidence.inside_words[unit] = agreeing, (inside, evaluable)
    return evidence


def implausible(evidence: Evidence, unit: str) -> bool:
    inside, evaluable = evidence.inside_words[unit]
    return evaluable >= MIN_BOUNDARIES and inside * 2 > evaluable


def names_support(evidence: Evidence, unit: str) -> bool:
    agreeing = evidence.agreeing[unit]
    return agreeing >= 2 and agreeing * 2 >= evidence.named


def choose(
    origin: str | None, override: str | None, selections: list[Selection], texts: dict[str, str]
) -> tuple[str, str, Evidence]:
    """(unit, why, evidence) for one project: the origin's unit (or the override) unless the
    selection names clearly say otherwise. UnitRefused where they contradict an override."""
    expected = override or unit_for_origin(origin)
    why = "set in the configuration" if override else f"origin {origin!r}" if origin else "no origin: the specification"
    evidence = gather(selections, texts)
    best = max(UNITS, key=lambda u: (evidence.agreeing[u], u == expected))
    if evidence.agreeing[best] > evidence.agreeing[expected] and names_support(evidence, best):
        counts = (
            f"{evidence.agreeing[best]} of {evidence.named} selection names match under {best}, "
            f"{evidence.agreeing[expected]} under {expected}"
        )
        if override and boundaries_favour(evidence, override, best):  # the user decided, and the words agree
            return (
                override,
                f"{why}, against the selection names ({counts}), as segment boundaries favour it "
                f"({boundaries(evidence, override)}; {boundaries(evidence, best)} under {best})",
                evidence,
            )
        if override:
            raise UnitRefused(f"offset_unit {override} set in the configuration contradicts the file: {counts}")
        return best, f"selection names ({counts}; {why} suggests {expected})", evidence
    if names_support(evidence, expected):
        why += f"; {evidence.agreeing[expected]} of {evidence.named} selection names agree"
    return expected, why, evidence


def boundaries(evidence: Evidence, unit: str) -> str:
    inside, evaluable = evidence.inside_words[unit]
    return f"{inside} of {evaluable} boundaries inside words"


def boundaries_favour(evidence: Evidence, unit: str, other: str) -> bool:
    """Clearly more segment boundaries split words under other than under unit (at least 3, a
    fifth of those evaluable, and twice as many)."""
    inside, evaluable = evidence.inside_words[other]
    return other != unit and inside >= max(3, evaluable // 5) and evidence.inside_words[unit][0] * 2 <= inside


def check_plausible(evidence: Evidence, unit: str, why: str) -> None:
    """Refuse a unit under which most segment boundaries split words, or clearly more of them
    than under another unit (a shift of one or two characters often lands a boundary on
    punctuation, so the comparison catches what the majority rule alone would miss). Selection
    names that support the unit outweigh a few split words (a coder may select parts of words),
    but where the boundaries clearly favour another unit the file contradicts itself: refused,
    never decided for one side silently."""
    inside, evaluable = evidence.inside_words[unit]
    best = min(UNITS, key=lambda u: (evidence.inside_words[u][0], u != unit))
    fewer = evidence.inside_words[best][0]
    clearly_worse = boundaries_favour(evidence, best, unit)
    if names_support(evidence, unit):
        if clearly_worse:
            raise UnitRefused(
                f"the file contradicts itself about the position unit: {evidence.agreeing[unit]} of "
                f"{evidence.named} selection names match their text read as {unit}, but so read "
                f"{inside} of {evaluable} segment boundaries fall inside words, read as {best} {fewer} "
                f"of {evidence.inside_words[best][1]}; check a few segments in the tool, then set "
                "offset_unit for this file"
            )
        return
    if not (implausible(evidence, unit) or clearly_worse):
        return
    hint = (
        f", read as {best} {fewer} of {evidence.inside_words[best][1]} (set offset_unit: {best} for this file "
        "if the tool counts that way)"
        if best != unit and fewer * 2 <= inside
        else ""
    )
    raise UnitRefused(
        f"positions read as {unit} ({why}) put {inside} of {evaluable} segment boundaries inside "
        f"words{hint}: the position unit is probably wrong"
    )
