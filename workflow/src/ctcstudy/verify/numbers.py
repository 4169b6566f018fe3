"""Number-bearing expressions in a manuscript's running text: what was written, and what it says.

Found: integers and decimals (thousands separators allowed), percentages, ranges ("2-3", "two or
three", "between 5 and 7"), "N of M", number words up to twenty, the fractions a prose paper
uses for shares ("two-thirds"), and comparisons ("more than 160", "nearly 500").

Not findings: years and year ranges (dates, not values) and cross-references ("Table 1", "p. 4",
"§3", "Q3.29"), which would otherwise bury the numbers that matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
FRACTIONS = {  # as a share in percent
    "half": 50.0,
    "one-half": 50.0,
    "one-third": 100 / 3,
    "two-thirds": 200 / 3,
    "one-quarter": 25.0,
    "one-fourth": 25.0,
    "three-quarters": 75.0,
    "three-fourths": 75.0,
}
# Comparison words -> the relation a value must bear to the number written.
COMPARISONS = {
    "more than": ">",
    "over": ">",
    "greater than": ">",
    "above": ">",
    "at least": ">=",
    "no fewer than": ">=",
    "fewer than": "<",
    "less than": "<",
    "under": "<",
    "below": "<",
    "at most": "<=",
    "up to": "<=",
    "no more than": "<=",
    "nearly": "~<",
    "almost": "~<",
    "about": "~",
    "approximately": "~",
    "around": "~",
    "roughly": "~",
    "some": "~",
}
REFERENCE_WORDS = r"(?:tables?|figures?|figs?\.|sections?|pp?\.|pages?|ch\.|chapters?|appendix|appendices|notes?|items?|waves?|steps?|criteri(?:on|a)|q|no\.|vol\.)"

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
WORD = "|".join(sorted(WORDS, key=len, reverse=True))
FRACTION = "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True))
VALUE = rf"(?:{DIGITS}|\b(?:{WORD})\b)"
PERCENT = r"(?:\s?%|\s(?:percent|per cent)\b)"
COMPARISON = "|".join(sorted(COMPARISONS, key=len, reverse=True)).replace(" ", r"\s+")
EXPRESSION = re.compile(
    rf"""
    (?P<comparison>\b(?:{COMPARISON})\s+)?
    (?:
        (?P<fraction>\b(?:{FRACTION})\b)
      | between\s+(?P<between_low>{VALUE})(?P<between_low_pct>{PERCENT})?\s+and\s+(?P<between_high>{VALUE})
      | (?P<low>{VALUE})(?P<low_pct>{PERCENT})?
        (?:
            (?:\s*(?P<dash>[-–—])\s*|\s+(?P<joiner>to|or)\s+)(?P<high>{VALUE})
          | \s+of\s+(?:the\s+)?(?P<total>{DIGITS}|\b(?:{WORD})\b)(?!\s*%)
        )?
    )
    (?P<pct>{PERCENT})?
    """,
    re.IGNORECASE | re.VERBOSE,
)
REFERENCE = re.compile(rf"(?:§|\b{REFERENCE_WORDS})\s*$", re.IGNORECASE)
NOT_A_NUMBER = re.compile(r"\b(?:no one|one another|one of a kind)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """One number-bearing expression: as written, where in its text, and its value(s)."""

    text: str
    start: int
    end: int
    kind: str  # integer, decimal, percent, range, n_of_m, word, fraction, comparison
    value: float | None  # the number (a range's: None)
    low: float | None = None  # a range's ends
    high: float | None = None
    relation: str = ""  # a comparison's: >, >=, <, <=, ~, ~<
    total: float | None = None  # "N of M": M
    decimals: int = 0  # digits written after the point: agreement is judged to that precision
    percent: bool = False


def as_float(written: str) -> float:
    word = written.lower()
    return float(WORDS[word]) if word in WORDS else float(written.replace(",", ""))


def decimals(written: str) -> int:
    return len(written.split(".", 1)[1]) if "." in written else 0


def is_year(written: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", written))


def numbers(text: str) -> list[Number]:
    """Every number-bearing expression of a text, in order."""
    found = []
    blanked = NOT_A_NUMBER.sub(lambda m: " " * len(m.group()), text)
    position = 0
    while match := EXPRESSION.search(blanked, position):
        position = match.end()
        if year_leads(match):  # "2008 to 81%": the year is a date; what follows is read again
            position = match.end("low")
            continue
        if apart(match):  # "one or five": two numbers, the second read again
            position = match.end("low")
        number = expression(match, text)
        if number is not None:
            found.append(number)
    return found


def apart(match: re.Match) -> bool:
    if not (match["joiner"] or "").lower() == "or":
        return False
    return as_float(match["high"]) != as_float(match["low"]) + 1


def year_leads(match: re.Match) -> bool:
    low, high = match["low"] or match["between_low"], match["high"] or match["between_high"]
    return bool(low and high and is_year(low) and not (is_year(high) or len(high) == 2 and high.isdigit()))


def expression(match: re.Match, text: str) -> Number | None:
    g = match.groupdict()
    start, end = match.span()
    if g["comparison"] and not (g["fraction"] or g["low"] or g["between_low"]):
        return None
    written = text[start:end].strip()
    start += len(text[start:end]) - len(text[start:end].lstrip())
    relation = COMPARISONS[" ".join(g["comparison"].lower().split())] if g["comparison"] else ""
    percent = bool(g["pct"] or g["low_pct"] or g["between_low_pct"])
    if g["fraction"]:
        share = FRACTIONS[g["fraction"].lower()]
        return Number(written, start, end, "fraction", share, relation=relation, decimals=1, percent=True)
    low_text, high_text = (g["between_low"], g["between_high"]) if g["between_low"] else (g["low"], g["high"])
    if preceded_by_reference(text, start) or inside_word(text, start, end) or heading_number(text, start, end):
        return None
    if high_text is not None:
        if is_year(low_text):
            return None  # 2008-2011, 2008-11: a period
        if g["dash"] and not (low_text[0].isdigit() and high_text[0].isdigit()):
            return None  # "one-third" handled above; "two-thirds"-like words are not ranges
        low, high = as_float(low_text), as_float(high_text)
        if g["joiner"] and g["joiner"].lower() == "or" and not high == low + 1:
            return single(written, start, start + len(low_text), low_text, relation, percent)
        return Number(
            written, start, end, "range", None, low, high, relation, decimals=decimals(high_text), percent=percent
        )
    if g["total"]:
        return Number(written, start, end, "n_of_m", as_float(low_text), relation=relation, total=as_float(g["total"]))
    if is_year(low_text) and not percent and not relation:
        return None
    return single(written, start, end, low_text, relation, percent)


def single(written: str, start: int, end: int, value_text: str, relation: str, percent: bool) -> Number:
    kind = "comparison" if relation else "percent" if percent else "word" if value_text.lower() in WORDS else None
    kind = kind or ("decimal" if "." in value_text else "integer")
    return Number(
        written[: end - start].strip(),
        start,
        end,
        kind,
        as_float(value_text),
        relation=relation,
        decimals=decimals(value_text),
        percent=percent,
    )


def heading_number(text: str, start: int, end: int) -> bool:
    """'1. Cases and data', '2.1 Findings' at the start of a line: a section's number."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and bool(re.match(r"\.?\s+[A-Z]", text[end : end + 3]))


def preceded_by_reference(text: str, start: int) -> bool:
    """'Table 1', 'p. 4', '§3', 'Q3.29': a pointer, not a value."""
    return bool(REFERENCE.search(text[max(0, start - 14) : start]))


def inside_word(text: str, start: int, end: int) -> bool:
    """A digit run glued to letters ('H2', 'R02', 'T1.sex'): an identifier, not a value."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalpha() or before == "_" or after.isalpha() and not text[start:end].strip()[-1:].isalpha()
