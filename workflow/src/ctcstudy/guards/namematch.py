"""One normalizer, and the name patterns built on it: shared by the leak scan, the raw-data gate,
the commit guard, the pseudonymizer and the redaction of error messages, so a variant one of them
catches is caught (or replaced) by all.

Normalized text keeps one character per position where it can (so a hit maps back to its line
and span in the original): lower case, diacritics removed, look-alike letters (Unicode's
confusables data) folded to Latin, everything but letters and digits a space. Before folding,
markup and escapes are read as what they show:

- LaTeX commands and braces are spaces (``\\emph{Maria}``), accents and special letters their
  letter (``\\'{o}``, ``{\\"a}``, ``\\ss``);
- HTML and XML tags are spaces (attribute values are searched separately); entities their character;
- Unicode format characters (zero-width space, soft hyphen, joiners) are removed;
- a hyphen followed by a line break joins the word (``Okon-`` / ``kwo``);
- percent-encoding (``%20``, ``%C3%B3``) and JSON ``\\u`` escapes are decoded.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from ctcstudy.guards.restricted import RestrictedName

LATEX_LETTERS = {
    "ss": "ss",
    "ae": "ae",
    "AE": "ae",
    "oe": "oe",
    "OE": "oe",
    "aa": "a",
    "AA": "a",
    "o": "o",
    "O": "o",
    "l": "l",
    "L": "l",
    "i": "i",
    "j": "j",
}
# Order matters: the first alternative that matches at a position wins.
TOKEN = re.compile(
    r"(?=[\\{&<%\-\u2010\u2011\u00ad])(?:"
    + "|".join(
        [
            r"(?P<json>(?:\\u[0-9a-fA-F]{4})+)",  # JSON and Python escapes, surrogate pairs included
            r"\{\\[`'^\"~=.cvuHkrdbt]\s*\{?(?P<braced>[A-Za-z])\}?\}",  # {\'o}  {\"{a}}
            r"\\[`'^\"~=.](?:\{(?P<accent1>[A-Za-z])\}|(?P<accent2>[A-Za-z]))",  # \'o  \'{o}
            r"\\[cvuHkrdbt]\{(?P<accent3>[A-Za-z])\}",  # \c{c}  \v{s}
            r"\\(?P<letter>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\{\})?",  # \ss  \o{}
            r"\\[ntr](?=[A-Z])",  # an escaped line break or tab before a capital: "Maria\nOkonkwo" in a string
            r"\\(?P<command>[a-z][A-Za-z]*)\*?",  # any other LaTeX command: a space
            r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",  # HTML entities
            r"</?[a-z][a-z0-9]*(?::[a-z][\w.-]*)?(?:\s[^<>]*)?/?>",  # HTML and XML tags (lower-case names)
            r"(?P<percent>(?:%[0-9A-Fa-f]{2})+)",  # percent-encoding
            r"[-\u2010\u2011\u00ad](?<=\S.)\r?\n[ \t]*(?=\S)",  # a word hyphenated across a line break
        ]
    )
    + ")"
)  # the lookahead lets the regex engine skip to a possible token: 7x faster on plain text
# "\\n", "\\t", "\\r" before a word are an escaped line break or tab (a string printed with repr, a
# CSV cell holding JSON) unless the word makes a LaTeX command; a wrong guess adds a word, never drops one.
LATEX_NTR = set(
    """newline newpage noindent nobreak nolinebreak nopagebreak normalsize normalfont nocite nonumber
newcommand newenvironment numberline nolinkurl not ne neq nu nabla neg ni notin nmid natural
textbf textit texttt textsc textrm textsf textsl textup textmd textnormal textless textgreater textbackslash
textasciitilde textbar textbullet textdegree textsuperscript textsubscript textcolor textwidth textheight text
tiny today tt ttfamily tabular tableofcontents thanks title thinspace times to top toprule tfrac tag theta tau
triangle textquoteright textquoteleft textendash textemdash textquotedblleft textquotedblright textregistered
texttrademark textcopyright textsection textparagraph tabularnewline tablename therefore
ref rm rmfamily raggedright raggedleft rule rho rightarrow rangle rceil rfloor renewcommand renewenvironment
resizebox raisebox rotatebox right relax""".split()
)
JSON_STRING_ESCAPE = re.compile(r"\\[nrtbf\"/\\]")  # inside .json and .ipynb files: a space


@lru_cache(maxsize=1)
def confusables() -> dict[str, str]:
    """Non-Latin look-alike letter -> the Latin letter it imitates (e.g. Cyrillic 'а' -> 'a'),
    from Unicode's confusables data as the confusable-homoglyphs package ships it."""
    from confusable_homoglyphs.confusables import confusables_data

    latin = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    table: dict[str, str] = {}
    for char, glyphs in sorted(confusables_data.items()):
        if len(char) != 1 or char.isascii():
            continue
        letters = sorted({g["c"].lower() for g in glyphs if g["c"] in latin})
        if letters:  # a character like several letters takes the one its Unicode name says
            said = unicodedata.name(char, "").rsplit(" ", 1)[-1].lower()
            table[char] = said if said in letters else letters[0]
    return table


class FoldTable(dict):
    """str.translate table: every character -> its folded form, computed once per character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if unicodedata.category(char) == "Cf":  # zero-width space, soft hyphen, joiners, marks
            value = ""
        else:
            plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            plain = "".join(confusables().get(c, c) for c in plain)
            value = "".join(c if c.isalnum() else " " for c in plain.casefold())
        self[code] = value
        return value


FOLD = FoldTable({c: (chr(c).lower() if chr(c).isalnum() else " ") for c in range(128)})
ASCII_FOLD = bytes(ord(FOLD[c]) for c in range(128)) + b" " * 128  # bytes.translate: 20x a dict's speed
# The same on UTF-8: ASCII bytes folded, every other byte (of a multi-byte character) kept.
UTF8_ASCII_FOLD = bytes(ord(FOLD[c]) for c in range(128)) + bytes(range(128, 256))
ASCII_BYTES = bytes(range(128))
RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


def fold(text: str) -> str:
    """Folded text without markup handling (for names and for the text a token stands for)."""
    if text.isascii():
        return text.encode("ascii").translate(ASCII_FOLD).decode("ascii")
    return "".join(fold(run) if run.isascii() else run.translate(FOLD) for run in RUNS.findall(text))


def token_text(match: re.Match) -> str:
    """What a markup or escape token stands for, folded."""
    groups = match.groupdict()
    if groups["json"]:
        raw = match.group()
        try:
            return fold(
                raw.encode("ascii")
                .decode("unicode_escape", "strict")
                .encode("utf-16", "surrogatepass")
                .decode("utf-16")
            )
        except (UnicodeDecodeError, UnicodeEncodeError):
            return " "
    for key in ("braced", "accent1", "accent2", "accent3"):
        if groups[key]:
            return groups[key].lower()
    if groups["letter"]:
        return LATEX_LETTERS[groups["letter"]]
    if groups["percent"]:
        try:
            return fold(unquote_to_bytes(groups["percent"]).decode("utf-8"))
        except UnicodeDecodeError:
            return fold(groups["percent"])  # not percent-encoding after all: the characters as they are
    command = groups["command"]
    if command and command[0] in "ntr" and command not in LATEX_NTR:
        return " " + fold(command[1:])
    raw = match.group()
    if raw.startswith("&"):
        return fold(html.unescape(raw))
    if raw[0] in "-\u2010\u2011\u00ad":
        return ""  # the hyphenated word joined
    return " "


@dataclass
class Normalized:
    """Folded text and the map back to the original: segments of the normalized text, each
    either linear (one character per character) or standing for a whole original span."""

    text: str
    starts: list[int]  # segment start in the normalized text
    origins: list[int]  # segment start in the original
    ends: list[int]  # segment end in the original
    linear: list[bool]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalized text[start:end]."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, end - 1) - 1
        begin = self.origins[first] + (start - self.starts[first] if self.linear[first] else 0)
        finish = self.origins[last] + (end - self.starts[last]) if self.linear[last] else self.ends[last]
        return begin, finish


HYPHEN_BREAK = re.compile(r"[-\u2010\u2011\u00ad]\r?\n")


VIEWS_KEPT: dict[tuple[str, bool], list[Normalized]] = {}  # small texts met again (the same part of 25 Word files)
KEPT_UP_TO = 1_000_000  # characters: a larger text is normalized each time rather than held


def views(text: str, json_strings: bool = False) -> list[Normalized]:
    """The normalized text; where a hyphen ends a line, also read with that hyphen as a space, since
    it may join a word broken there ("Okon-/kwo") or separate two ("Maria-/Okonkwo"). A text seen
    before in this run is normalized once: every file holding it is still scanned and named."""
    key = (hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest(), json_strings)
    if key in VIEWS_KEPT:
        return VIEWS_KEPT[key]
    joined = normalize(text, json_strings)
    found = [joined, normalize(text, json_strings, join_hyphens=False)] if HYPHEN_BREAK.search(text) else [joined]
    if len(text) <= KEPT_UP_TO:
        VIEWS_KEPT[key] = found
    return found


def normalize(text: str, json_strings: bool = False, join_hyphens: bool = True) -> Normalized:
    """The normalized text with its map back (json_strings: also read \\n, \\" ... as in JSON)."""
    parts: list[str] = []
    norm = Normalized("", [], [], [], [])
    length = 0

    def segment(out: str, begin: int, end: int, linear: bool) -> None:
        nonlocal length
        if not out:
            return
        norm.starts.append(length), norm.origins.append(begin), norm.ends.append(end), norm.linear.append(linear)
        parts.append(out)
        length += len(out)

    def plain(chunk: str, at: int) -> None:
        if chunk.isascii():
            segment(fold(chunk), at, at + len(chunk), True)
            return
        data = chunk.encode("utf-8")
        others = set(data.translate(None, ASCII_BYTES).decode("utf-8"))
        if all(len(FOLD[ord(c)]) == 1 for c in others):  # one character each: one linear segment
            for char in others:  # (a large table: C-level replacing, not a loop per character)
                data = data.replace(char.encode("utf-8"), FOLD[ord(char)].encode("utf-8"))
            segment(data.translate(UTF8_ASCII_FOLD).decode("utf-8"), at, at + len(chunk), True)
            return
        for run in RUNS.finditer(chunk):
            piece, begin = run.group(), at + run.start()
            if piece.isascii() or all(len(FOLD[ord(c)]) == 1 for c in piece):
                segment(fold(piece), begin, begin + len(piece), True)
                continue
            for i, char in enumerate(piece):  # ß, ligatures, format characters: another length
                folded = FOLD[ord(char)]
                segment(folded, begin + i, begin + i + 1, len(folded) == 1)

    pattern = TOKEN if not json_strings else JSON_TOKEN
    position = 0
    for match in pattern.finditer(text):
        plain(text[position : match.start()], position)
        out = token_text(match)
        if not out and not join_hyphens and match.group()[0] in "-\u2010\u2011\u00ad":
            out = " "
        if out:
            segment(out, match.start(), match.end(), False)
        position = match.end()
    plain(text[position:], position)
    norm.text = "".join(parts)
    return norm


JSON_TOKEN = re.compile(JSON_STRING_ESCAPE.pattern + "|" + TOKEN.pattern)


# Name patterns ------------------------------------------------------------------------------

PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "del",
    "della",
    "da",
    "di",
    "du",
    "dos",
    "das",
    "la",
    "le",
    "ter",
    "ten",
    "bin",
    "ibn",
    "al",
    "el",
    "st",
}
ABBREVIATIONS = [
    ("foundation", "fdn", "fdtn", "fndn"),
    ("association", "assn", "assoc"),
    ("international", "intl", "int"),
    ("incorporated", "inc"),
    ("corporation", "corp"),
    ("company", "co"),
    ("limited", "ltd"),
    ("organization", "organisation", "org"),
    ("society", "soc"),
    ("institute", "inst"),
    ("department", "dept"),
    ("university", "univ"),
    ("center", "centre", "ctr"),
    ("committee", "cttee"),
    ("national", "natl"),
    ("services", "svcs"),
    ("brothers", "bros"),
    ("saint", "st"),
    ("mount", "mt"),
    ("fort", "ft"),
]
ALTERNATIVES = {word: group for group in ABBREVIATIONS for word in group}
SEP = " +"


def spelling(token: str) -> str:
    """A name token as written, hyphenated or not: 'Nguyen-Lambert' -> nguyen lambert | nguyenlambert."""
    parts = [re.escape(w) for w in fold(token).split()]
    if len(parts) > 1:
        return f"(?:{SEP.join(parts)}|{''.join(parts)})"
    return parts[0] if parts else ""


def person_forms(name: str) -> list[str]:
    tokens = [t for t in name.split() if fold(t).split()]
    if len(tokens) < 2:
        return [SEP.join(spelling(t) for t in tokens)] if tokens else []
    split = len(tokens) - 1  # the surname: the last token with the particles before it (van der Berg)
    while split > 1 and fold(tokens[split - 1]).strip() in PARTICLES:
        split -= 1
    given, middle, surname = tokens[0], tokens[1:split], tokens[split:]
    g, initial = spelling(given), fold(given).split()[0][0]
    s = SEP.join(spelling(t) for t in surname)
    mid = "(?:" + SEP + "(?:" + "".join(f"{spelling(m)}|" for m in middle) + "[a-z]" + ")){0,2}"
    forms = [
        f"{g}{mid}{SEP}{s}",  # Maria Okonkwo, Maria A. Okonkwo
        f"{initial}(?:{SEP}[a-z]){{0,2}}{SEP}{s}",  # M. Okonkwo, T. Nguyen-Lambert, M. A. Okonkwo
        f"{s}{SEP}{g}{mid}",  # Okonkwo, Maria (A.)
        f"{s}{SEP}{initial}(?:{SEP}[a-z])?",
    ]  # Okonkwo M.
    if len(surname) > 1:  # Berg, Jan van der
        forms.append(f"{spelling(surname[-1])}{SEP}{g}{mid}{SEP}{SEP.join(spelling(t) for t in surname[:-1])}")
    return forms


def word_forms(name: str) -> list[str]:
    """An organization or place: each word or its common abbreviation; 'and'/'&' and a leading
    'The' optional."""
    parts, optional_next = [], False
    for position, token in enumerate(name.split()):
        folded = fold(token).split()
        if not folded or folded == ["and"]:
            optional_next = True  # '&' folds to nothing, 'and' may be written '&'
            continue
        if position == 0 and folded == ["the"]:
            continue
        for word in folded:
            group = ALTERNATIVES.get(word, (word,))
            alt = "(?:" + "|".join(re.escape(w) for w in group) + ")" if len(group) > 1 else re.escape(word)
            parts.append(("(?:and +)?" if optional_next and parts else "") + alt)
            optional_next = False
    return [SEP.join(parts)] if parts else []


def acronym_forms(acronym: str) -> list[str]:
    letters = "".join(fold(acronym).split())
    if not letters:
        return []
    return [re.escape(letters)] + ([SEP.join(letters)] if len(letters) > 1 else [])


@dataclass
class NamePattern:
    entry: RestrictedName
    regex: re.Pattern
    anchors: tuple[str, ...]  # a match holds one of these; a text holding none is skipped

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.anchors and not any(a in text for a in self.anchors):
            return []
        found, position = [], 0
        while (match := self.regex.search(text, position)) is not None:
            start, end = match.span()
            if start and text[start - 1].isalnum():  # inside a word: not this name
                position = start + 1
                continue
            found.append((start, end))
            position = end
        return found


def compile_name(entry: RestrictedName) -> NamePattern:
    spellings = (entry.name, *entry.variants)
    forms = [f for s in spellings for f in (person_forms(s) if entry.kind == "person" else word_forms(s))]
    forms += [f for a in entry.acronyms for f in acronym_forms(a)]
    regex = re.compile("(?:" + "|".join(forms) + r")(?![^\W_])")
    anchors: tuple[str, ...] = ()
    if entry.kind == "person" and not entry.acronyms:  # every person form holds the surname's last word
        anchors = tuple(fold(s.split()[-1]).split()[-1] for s in spellings if fold(s).split())
    return NamePattern(entry, regex, anchors)


@dataclass
class Hit:
    start: int  # span in the original text
    end: int
    entry: RestrictedName

    def line(self, text: str) -> int:
        return text.count("\n", 0, self.start) + 1


class Matcher:
    """Every restricted name's patterns; finds, redacts and replaces them in any text."""

    def __init__(self, names: list[RestrictedName]):
        self.names = names
        self.patterns = [compile_name(n) for n in names]

    def hits(self, text: str, json_strings: bool = False, norms: list[Normalized] | None = None) -> list[Hit]:
        """Every occurrence, as non-overlapping original spans (the longer match wins), plus
        those inside tag attribute values (alt, title, author ...)."""
        if not self.patterns or not text:
            return []
        norms = norms or views(text, json_strings)
        found = [
            Hit(*norm.original(s, e), p.entry) for norm in norms for p in self.patterns for s, e in p.spans(norm.text)
        ]
        found += self.attribute_hits(text)
        return non_overlapping(found)

    def attribute_hits(self, text: str) -> list[Hit]:
        if "=" not in text or "<" not in text:
            return []
        values = [
            (tag.start() + m.start(m.lastindex), m.group(m.lastindex))
            for tag in TAG.finditer(text)
            for m in ATTRIBUTE.finditer(tag.group())
            if m.group(1).lower() not in GEOMETRY
        ]
        if not values:
            return []
        joined = "\n".join(v for _, v in values)  # one search; each value keeps its own offset
        bases = [0]
        for _, value in values[:-1]:
            bases.append(bases[-1] + len(value) + 1)
        hits = []
        for norm, pattern in ((n, p) for n in views(joined) for p in self.patterns):
            for s, e in pattern.spans(norm.text):
                start, end = norm.original(s, e)
                index = bisect.bisect_right(bases, start) - 1
                offset = values[index][0] + (start - bases[index])
                hits.append(Hit(offset, offset + (end - start), pattern.entry))
        return hits

    def redact(self, text: str) -> str:
        """The text with every restricted name replaced by its entry number (for messages and logs)."""
        return self.replace(text, lambda entry: f"[restricted name #{entry.number}]")

    def replace(self, text: str, replacement) -> str:
        for hit in sorted(self.hits(text), key=lambda h: -h.start):
            text = text[: hit.start] + replacement(hit.entry) + text[hit.end :]
        return text


TAG = re.compile(r"<[A-Za-z][^<>]*>")
ATTRIBUTE = re.compile(r"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")  # lastindex: the value
# Attributes that hold coordinates and styles, never words a reader sees.
GEOMETRY = {
    "d",
    "points",
    "transform",
    "style",
    "x",
    "y",
    "dx",
    "dy",
    "x1",
    "x2",
    "y1",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "viewbox",
    "fill",
    "stroke",
    "stroke-width",
    "clip-path",
    "opacity",
    "version",
    "xmlns",
    "xmlns:xlink",
    "xmlns:w",
    "font-size",
    "font-family",
    "class",
    "id",
}


def non_overlapping(hits: list[Hit]) -> list[Hit]:
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept
