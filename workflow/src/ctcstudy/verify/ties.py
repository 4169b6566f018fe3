"""What ties a number in a manuscript to a claim: the words that name the claim (its row and
column labels, its id, its case) found next to the number, or a table cell's labels.

A tie needs evidence. A number that merely equals some claim's value is never tied to it; a
number that several claims could name equally well is tied to none (and says which).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ctcstudy.verify.numbers import Number, numbers

STOP = {
    "a", "an", "and", "the", "of", "in", "on", "per", "for", "to", "by", "with", "or", "at", "as", "is", "are",
    "was", "were", "its", "their", "all", "any", "value", "mean", "number", "total", "count", "share",
}  # fmt: skip
PERCENT_TOLERANCES = ("pp", "about_pp")


def stem(word: str) -> str:
    """A crude stem, enough to meet 'interviewed' with 'interviews' and 'organizations' with
    'organization': lower case, a plural or verb ending dropped, then the first six letters."""
    word = word.lower()
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word[:6]


def stems(label: str) -> frozenset[str]:
    words = re.findall(r"[A-Za-z]+", label.replace("_", " "))
    return frozenset(stem(w) for w in words if w.lower() not in STOP and len(w) > 1)


def label_key(label: str) -> str:
    """A table label as compared: case, underscores, punctuation and spacing set aside."""
    label = label.replace("_", " ").replace("\u2019", "'").casefold()
    return " ".join(re.sub(r"[^\w&'/+%<>-]", " ", label).split())


@dataclass
class Claim:
    claim_id: str
    publication: str
    citation: str
    output: str
    row: str
    column: str
    published: str
    regenerated: str
    status: str
    basis: str
    tolerance: str
    case: str = ""  # the case the claim is about, when its row or column names one
    year: str = ""  # the year its row or column names
    subjects: list[frozenset[str]] = field(default_factory=list)  # any one of these names its measure

    @property
    def percent(self) -> bool:
        return self.tolerance in PERCENT_TOLERANCES

    @property
    def value(self) -> Number | None:
        return claim_value(self.regenerated)

    @property
    def reproducible(self) -> bool:
        return self.regenerated != "" or self.status != "not_reproducible"


def claim_value(written: str) -> Number | None:
    """A regenerated value as a number: '35', '2-3', '81.3', '>10', 'one'; None for a word or a mark."""
    text = str(written).strip()
    relation = ""
    for sign, name in ((">=", ">="), ("<=", "<="), (">", ">"), ("<", "<")):
        if text.startswith(sign):
            relation, text = name, text[len(sign) :].strip()
            break
    found = numbers(text)
    if len(found) != 1 or found[0].text != text:
        return None
    number = found[0]
    if relation:
        return Number(written, 0, len(written), "comparison", number.value, relation=relation, decimals=number.decimals)
    return number


def claims_from(claims: list[dict], cases: list[str]) -> list[Claim]:
    built = []
    folded = {c.casefold(): c for c in cases}
    for row in claims:
        claim = Claim(
            **{
                k: str(row.get(k, "") or "")
                for k in Claim.__dataclass_fields__
                if k not in ("case", "year", "subjects")
            }
        )
        labels = []
        for label in (claim.row, claim.column):
            if label.casefold() in folded:
                claim.case = folded[label.casefold()]
            elif re.fullmatch(r"(?:19|20)\d\d", label):
                claim.year = label
            elif label and label != claim.publication and label_key(label) not in ("value", "all waves"):
                labels.append(label.split("/")[-1])
        claim.subjects = [s for s in dict.fromkeys(stems(label) for label in labels) if s]
        if not claim.subjects:  # no labels (a number of the text): the words of its id's last part
            segments = [
                s for s in claim.claim_id.split(".")[1:] if not re.search(r"\d", s) and s not in _case_codes(cases)
            ]
            claim.subjects = [stems(segments[-1])] if segments and stems(segments[-1]) else []
        built.append(claim)
    return built


def _case_codes(cases: list[str]) -> set[str]:
    return {"".join(w[0] for w in c.split()).upper() for c in cases}


# -- running text --------------------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-\n[a-z]+)?|(?:19|20)\d\d")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z(\"“])")


@dataclass
class Sentence:
    start: int
    end: int
    numbers: list[Number]
    words: list[tuple[int, str]]  # (offset, word)
    cases: list[tuple[int, str]]  # (offset, case named)


def abbreviation(text: str, at: int) -> bool:
    """A full stop that ends no sentence: 'p.', 'et al.', 'e.g.', or a heading's number ('1. Cases')."""
    before = text[max(0, at - 6) : at + 1]
    if re.search(r"\b(?:p|pp|al|ch|e\.g|i\.e|cf|vs|no)\.\s*$", before, re.I):
        return True
    line = text[text.rfind("\n", 0, at) + 1 : at]
    return bool(re.fullmatch(r"\s*\d+(?:\.\d+)*\.", line))


def sentences(text: str, cases: list[str]) -> list[Sentence]:
    found, start = [], 0
    bounds = [m.end() for m in SENTENCE_END.finditer(text) if not abbreviation(text, m.start())]
    for end in [*bounds, len(text)]:
        chunk = text[start:end]
        words = [(start + m.start(), m.group().replace("-\n", "")) for m in WORD.finditer(chunk)]
        named = [
            (start + m.start(), case)
            for case in cases
            for m in re.finditer(r"\b" + r"\s+".join(map(re.escape, case.split())) + r"\b", chunk, re.I)
        ]
        found.append(Sentence(start, end, [_shift(n, start) for n in numbers(chunk)], words, named))
        start = end
    return found


def _shift(number: Number, by: int) -> Number:
    from dataclasses import replace

    return replace(number, start=number.start + by, end=number.end + by)


CLAUSE_BREAK = re.compile(r"[,;:()]|\s(?:and|but|while|whereas)\s")


def owner(offset: int, sentence: Sentence, text: str) -> Number | None:
    """The number a word belongs to: the nearest in its clause ('74% in 2008 and 81% in 2011'),
    else in its sentence; the one before it on a tie ('35 member organizations')."""
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text, sentence.start, sentence.end)]
    clause = [n for n in sentence.numbers if _clause(n.start, breaks) == _clause(offset, breaks)]
    best, distance = None, math.inf
    for number in clause or sentence.numbers:
        gap = number.start - offset if offset < number.start else offset - number.end
        gap = gap + 0.5 if offset < number.start else gap  # the number before its noun wins a tie
        if gap < distance:
            best, distance = number, gap
    return best


def _clause(offset: int, breaks: list[int]) -> int:
    import bisect

    return bisect.bisect_right(breaks, offset)


@dataclass
class Tie:
    claim: Claim | None
    evidence: str
    words: frozenset[str]  # the claim's measure words that tied it


def owned_words(number: Number, sentence: Sentence, text: str) -> set[str]:
    """The stems (and years) of the words of the sentence that belong to this number."""
    spans = [(n.start, n.end) for n in sentence.numbers] + [(at, at + len(case)) for at, case in sentence.cases]
    return {
        w if w.isdigit() else stem(w)
        for offset, w in sentence.words
        if not any(a <= offset < b for a, b in spans) and owner(offset, sentence, text) is number
    }  # a case's name ('Sector Bridge') names no measure


def tie(
    number: Number, sentence: Sentence, text: str, previous_case: str, claims: list[Claim], carried: set[str]
) -> Tie:
    """The one claim whose words this number owns in its sentence; or none, with why. A number
    owning no claim's words takes those of the number before it in the sentence, if any ('74% in
    2008 and 81% in 2011')."""
    owned = owned_words(number, sentence, text)
    found = _tie(number, sentence, owned, previous_case, claims)
    if found.claim is None and carried and not found.evidence.startswith("could be"):
        inherited = _tie(number, sentence, owned | carried, previous_case, claims)
        if inherited.claim is not None:
            return Tie(
                inherited.claim,
                inherited.evidence.replace("words near it", "words of the number before it"),
                inherited.words,
            )
    return found


def _tie(number: Number, sentence: Sentence, owned: set[str], previous_case: str, claims: list[Claim]) -> Tie:
    named = _case_of(number, sentence, previous_case)
    candidates = []
    for claim in claims:
        if not compatible(number, claim):
            continue
        if claim.case and claim.case != named[0]:
            continue
        if claim.year and claim.year not in owned:
            continue
        subject = best_subject(claim, owned)
        if subject is None:
            continue
        words = ", ".join(sorted(subject))
        where = f"; case {claim.case} {named[1]}" if claim.case else ""
        year = f"; year {claim.year} in the sentence" if claim.year else ""
        candidates.append(
            (len(subject) + bool(claim.case) + bool(claim.year), claim, f"words near it: {words}{where}{year}", subject)
        )
    if not candidates:
        return Tie(None, "no claim's words next to it", frozenset())
    candidates.sort(key=lambda c: -c[0])
    top = [c for c in candidates if c[0] == candidates[0][0]]
    if len(top) > 1:
        return Tie(None, "could be any of " + ", ".join(c[1].claim_id for c in top) + ": not tied", frozenset())
    return Tie(top[0][1], top[0][2], top[0][3])


def _case_of(number: Number, sentence: Sentence, previous_case: str) -> tuple[str, str]:
    """(case, how it was found): the one the sentence names, the nearest of several, or the one
    the previous sentence named when this one names none."""
    names = {case for _, case in sentence.cases}
    if len(names) == 1:
        return next(iter(names)), "named in the sentence"
    if len(names) > 1:
        nearest = min(sentence.cases, key=lambda c: abs(c[0] - number.start))
        return nearest[1], "named nearest to it"
    if previous_case:
        return previous_case, "named in the previous sentence"
    return "", ""


def best_subject(claim: Claim, owned: set[str]) -> frozenset[str] | None:
    """The claim's measure words this number owns: all of a two-word name, two of three or more."""
    best = None
    for subject in claim.subjects:
        hit = subject & owned
        if len(hit) >= min(len(subject), max(1, math.ceil(len(subject) * 2 / 3))) and (
            best is None or len(hit) > len(best)
        ):
            best = frozenset(hit)
    return best


def compatible(number: Number, claim: Claim) -> bool:
    """A range names a range, a share a share, a count a count."""
    value = claim.value if claim.reproducible else claim_value(claim.published)
    if value is None:
        return False
    if (number.kind == "range") != (value.kind == "range"):
        return False
    if number.percent or number.kind == "fraction":
        return claim.percent
    return not claim.percent
