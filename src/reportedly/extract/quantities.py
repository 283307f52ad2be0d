"""Figures: counts, ranges, bounds, vague amounts, ratios, percentages, money.

Numbers are found with regular expressions over ``an.parse_text`` (boilerplate
is blanked there), valued with :mod:`numerizer` plus a few rules of our own,
and then described with the spaCy parse: the noun a number counts (``unit``),
the casualty verb or noun it belongs to (``about``), whose it is (``side``) and
whether it is a running total or one event's toll (``scope``).

Low/best/high follow UCDP GED's three estimates; the conventions (see
docs/conflict.md) are:

* exact or approximate count ``N``: low = best = high = N
* lower bound ("at least N", "more than N"): low = best = N, high unknown
* upper bound ("up to N", "as many as N"): high = N, low and best unknown
* "nearly/almost N": best = high = N
* range "A to B": low = best = A (the conservative figure), high = B
* vague plurals (:data:`VAGUE`): low is ACLED's single conservative figure
  ("dozens" 12, "hundreds" 100), best the smallest plural (24, 200), high
  just under the next order of magnitude (99, 999).
"""

from __future__ import annotations

import re

from ..model import Quantity

# ---------------------------------------------------------------- lexicon
_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SMALL = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
          "bn": 1_000_000_000, "mn": 1_000_000, "dozen": 12}

_BY_LEN = sorted(_UNITS[1:], key=len, reverse=True)
_WORD = r"(?:(?:{})(?:-(?:{}))?|{})".format("|".join(_TENS), "|".join(_UNITS[1:10]), "|".join(_BY_LEN))
_SCALES = r"(?:hundred|thousand|million|billion|dozen)"
_WORDSEQ = (rf"(?:(?:half\s+a|a|an|{_WORD})\s+{_SCALES}|{_WORD})"
            rf"(?:(?:\s+and\s+|\s+|-)(?:{_WORD}|{_SCALES}))*")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(?:hundred|thousand|million|billion|bn|mn)\b)?"

# vague amounts: text -> (low, best, high); low is ACLED's conservative figure
VAGUE: dict[str, tuple[float, float, float]] = {
    "dozens": (12, 24, 99),
    "scores": (20, 40, 99),
    "hundreds": (100, 200, 999),
    "thousands": (1000, 2000, 9999),
    "tens of thousands": (10_000, 20_000, 99_999),
    "hundreds of thousands": (100_000, 200_000, 999_999),
    "millions": (1_000_000, 2_000_000, 9_999_999),
    "tens of millions": (10_000_000, 20_000_000, 99_999_999),
    "hundreds of millions": (100_000_000, 200_000_000, 999_999_999),
    "several dozen": (24, 36, 99),
    "a few dozen": (24, 36, 60),
    "several hundred": (200, 300, 900),
    "a few hundred": (200, 300, 500),
    "several thousand": (2000, 3000, 9000),
    "a few thousand": (2000, 3000, 5000),
}
_VAGUE_RE = r"(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions)|(?:several|a\s+few)\s+(?:dozen|hundred|thousand)|dozens|scores|hundreds|thousands|millions)"

_NUM = re.compile(
    rf"(?:(?<![\w\-/.:#@])(?P<digits>{_DIGITS})|(?<![\w])(?P<vague>{_VAGUE_RE})|(?<![\w])(?P<words>{_WORDSEQ}))(?![\w])",
    re.I,
)

# modifiers before a number
_LOWER = r"at\s+least|no\s+(?:fewer|less)\s+than|more\s+than|over|upwards\s+of|in\s+excess\s+of|a\s+minimum\s+of|above"
_UPPER = r"up\s+to|as\s+many\s+as|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than|under|a\s+maximum\s+of"
_NEAR = r"nearly|almost|close\s+to|just\s+under"
_APPROX = r"about|around|approximately|roughly|some|an\s+estimated|estimated|an\s+approximate|circa|~"
_MOD_RE = re.compile(rf"(?:(?P<lower>{_LOWER})|(?P<upper>{_UPPER})|(?P<near>{_NEAR})|(?P<approx>{_APPROX}))\s+$", re.I)

_CURRENCY_BEFORE = re.compile(r"(?:(?P<sym>US\$|\$|€|£)|(?P<code>USD|EUR|GBP)\s?)\s*$")
_CURRENCY_AFTER = re.compile(r"\s*(?P<cur>dollars|euros|pounds(?:\s+sterling)?|hryvnias?|rubles|roubles|shekels)\b", re.I)
_CUR_CODE = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "usd": "USD", "eur": "EUR", "gbp": "GBP",
             "dollars": "USD", "euros": "EUR", "pounds": "GBP", "pounds sterling": "GBP", "hryvnia": "UAH",
             "hryvnias": "UAH", "rubles": "RUB", "roubles": "RUB", "shekels": "ILS"}
_PERCENT_AFTER = re.compile(r"\s*(?:%|per\s*cent\b|percent\b)", re.I)
_MEASURE_AFTER = re.compile(r"\s*-?\s*(?P<u>square\s+kilomet(?:re|er)s?|sq\s+km|km2?|kilomet(?:re|er)s?|miles?|met(?:re|er)s|tonnes|tons|hectares)\b", re.I)
_DURATION_AFTER = re.compile(r"\s*-?\s*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|nights?)\b", re.I)
_APPROX_AFTER = re.compile(r"\s*or\s+so\b", re.I)

# spans that are never figures: urls, dates, times of day, phones, calibres, model names, identifiers
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_NOT_FIGURES = re.compile(
    "|".join([
        r"(?:https?://|www\.)\S+", r"\S+@\S+\.\w+",
        r"\b\d{4}-\d{1,2}-\d{1,2}\b", r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b", r"\b\d{2}-\d{2}-\d{2,4}\b",
        r"\b\d{1,2}/\d{1,2}\b",
        rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b(?!\s*(?:,\d{{3}}|people|soldiers|civilians))",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?",
        rf"\b{_MONTH}\s+\d{{4}}\b",
        r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|GMT|UTC|hrs|local)?(?!\d)",
        r"\b\d{1,2}\s*(?:[ap]\.m\.|[ap]m\b)", r"\b\d{4}\s*(?:GMT|UTC|hrs|hours\s+local|local\s+time)\b",
        r"(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?(?:[\s.-]\d{2,4}){2,}(?=\s|$|[.,;])",
        r"\b\d+(?:\.\d+)?\s?-?\s?(?:mm|millimet(?:re|er))\b", r"(?:\b\d+)?\.\d+[- ]?calib(?:re|er)\b",
        r"\b\d+(?:\.\d+)?[- ]calib(?:re|er)\b",
        r"\b[A-Z][A-Za-z]{0,5}-\d+[A-Za-z0-9]*(?:-[A-Z0-9]+)*\b",
        r"\b[A-Z]{1,4}\d+[A-Za-z0-9]*\b",
        r"\b(?:Leopard|Challenger|Abrams|Bradley|Resolution|Article|Route|Highway|Road|Flight|Brigade|Battalion|Regiment|"
        r"Division|Corps|Unit|Block|Building|Sector|Section|Chapter|Gate|Camp|Zone|No\.|Number|Phase|Level|Category|"
        r"Grade|District|Mark|Mk|Type|Model|Gen\.?|Room|Ward|Platform|Terminal|Kilometre|Km)\s+\d+[A-Za-z]?\b",
        r"\b(?:aged?|ages? of|ages)\s+(?:between\s+)?\d+(?:\s*(?:and|to|-|–)\s*\d+)?",
    ])
)
_YEAR_CONTEXT = re.compile(r"(?:\b(?:in|since|by|until|till|of|from|early|late|mid|before|after|during|year|the)\s*-?\s*)$", re.I)

# ---------------------------------------------------------------- description tables
_ABOUT = {
    "killed": "kill die dead death fatality slay execute massacre behead murder toll perish body corpse lynch",
    "wounded": "wound injure injured wounded hurt injury maim",
    "missing": "miss missing disappear unaccounted",
    "captured": "capture surrender prisoner pow imprison",
    "displaced": "displace flee fled evacuate uproot homeless refugee displacement",
    "destroyed": "destroy",
    "damaged": "damage",
    "abducted": "abduct kidnap hostage",
    "arrested": "arrest detain",
    "casualties": "lose loss casualty",
}
_ABOUT_OF = {lemma: about for about, words in _ABOUT.items() for lemma in words.split()}
_CIVILIAN_UNITS = {"civilians", "civilian", "children", "child", "women", "villagers", "residents", "patients",
                   "worshippers", "students", "refugees", "aid workers", "journalists", "passengers", "farmers"}
DEMONYMS = {
    "russian": "Russia", "ukrainian": "Ukraine", "israeli": "Israel", "palestinian": "Palestinians",
    "sudanese": "Sudan", "syrian": "Syria", "yemeni": "Yemen", "ethiopian": "Ethiopia", "malian": "Mali",
    "burkinabe": "Burkina Faso", "nigerien": "Niger", "nigerian": "Nigeria", "somali": "Somalia",
    "congolese": "DR Congo", "rwandan": "Rwanda", "american": "United States", "u.s.": "United States",
    "us": "United States", "british": "United Kingdom", "iranian": "Iran", "lebanese": "Lebanon",
    "tigrayan": "Tigray forces", "afghan": "Afghanistan", "iraqi": "Iraq", "turkish": "Turkey",
    "kurdish": "Kurds", "burmese": "Myanmar", "myanmar": "Myanmar", "chadian": "Chad", "libyan": "Libya",
    "belarusian": "Belarus", "chechen": "Chechnya", "french": "France", "german": "Germany",
    "eritrean": "Eritrea", "kenyan": "Kenya", "haitian": "Haiti", "houthi": "Houthis",
}
_SPEECH = {"say", "tell", "report", "announce", "claim", "add", "state", "confirm", "note", "write", "post",
           "estimate", "put", "cite", "accord"}
_CUMULATIVE = re.compile(r"\bsince\b|\bso far\b|\bto date\b|\bin total\b|\btotal\b|\boverall\b|\bcumulative\b|"
                         r"\bthroughout\b|\bin the (?:war|conflict)\b", re.I)
_EVENT_TIME = re.compile(r"\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\byesterday\b|"
                         r"\bovernight\b|\blast night\b|\btoday\b|\bthis morning\b|\bearlier\b|"
                         r"\b(?:attack|strike|raid|ambush|shelling|explosion|bombing|blast|assault|clash(?:es)?)\b", re.I)


# ---------------------------------------------------------------- values
def _word_value(text: str) -> float | None:
    """Value of a number in words ("two dozen", "one hundred and twenty")."""
    from numerizer import numerize

    t = re.sub(r"\s+", " ", text.lower().strip())
    dozen = 1
    if t.endswith("dozen"):
        dozen, t = 12, t[: -len("dozen")].strip()
        if t in ("a", "an", ""):
            return 12.0
        if t == "half a":
            return 6.0
    t = re.sub(r"^(?:a|an) (?=hundred|thousand|million|billion)", "one ", t)
    out = numerize(t).replace(",", "").strip()
    try:
        return float(out) * dozen
    except ValueError:
        pass
    total, cur = 0.0, 0.0  # fall back on our own reading
    for w in re.split(r"[\s-]+", t):
        if w in _SMALL:
            cur += _SMALL[w]
        elif w in _SCALE:
            cur = max(cur, 1) * _SCALE[w]
            if _SCALE[w] >= 1000:
                total, cur = total + cur, 0
        elif w != "and":
            return None
    return (total + cur) * dozen


def _digit_value(text: str) -> float:
    m = re.match(r"([\d,]+(?:\.\d+)?)\s*([a-z]*)", text.lower())
    value = float(m.group(1).replace(",", ""))
    return value * _SCALE.get(m.group(2), 1)


class _Atom:
    __slots__ = ("start", "end", "value", "vague", "word", "text")

    def __init__(self, m: re.Match):
        self.start, self.end, self.text = m.start(), m.end(), m.group(0)
        self.vague = None
        self.word = False
        if m.group("vague"):
            key = re.sub(r"\s+", " ", m.group("vague").lower())
            self.vague = VAGUE[key]
            self.value = self.vague[0]
        elif m.group("digits"):
            self.value = _digit_value(m.group("digits"))
        else:
            self.word = True
            self.value = _word_value(m.group("words"))


_COLON_RATIO = re.compile(r"(?<![\w:.,])(\d{1,3})\s?:\s?([1-9]\d?)(?![\d:]|\.\d|\s*(?:[ap]\.?m\b|GMT|UTC|hrs|local))")


def _colon_ratios(text: str) -> list[Quantity]:
    out = []
    for m in _COLON_RATIO.finditer(text):
        num, den = int(m.group(1)), int(m.group(2))
        if den > 10 or num < den:
            continue
        out.append(_q(text, m.start(), m.end(), "ratio", value=num / den))
    return out


_DASH_RANGE = re.compile(r"(?<![\w\-/.:#@])(\d{1,3}(?:,\d{3})+|\d+)\s?[-–]\s?(\d{1,3}(?:,\d{3})+|\d+)(?![\w\-/.:]|[-–]\d|,\d)")


def _not_figures(text: str) -> list[tuple[int, int]]:
    """Spans that hold digits but no figure (URLs, dates, ...)."""
    return [(m.start(), m.end()) for m in _NOT_FIGURES.finditer(text)]


def _dash_ranges(text: str, blocked: list[tuple[int, int]]) -> list[Quantity]:
    out = []
    for m in _DASH_RANGE.finditer(text):
        a, b = (float(g.replace(",", "")) for g in m.groups())
        if b <= a or any(s < m.end() and m.start() < e for s, e in blocked):
            continue
        if re.fullmatch(r"1[89]\d\d|20\d\d", m.group(1)):  # "2022-23": years
            continue
        out.append(_q(text, m.start(), m.end(), "range", low=a, best=a, high=b))
    return out


def _atoms(text: str, blocked: list[tuple[int, int]]) -> list[_Atom]:
    out = []
    for m in _NUM.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in blocked):
            continue
        a = _Atom(m)
        if a.value is None:
            continue
        out.append(a)
    return out


# ---------------------------------------------------------------- finding
def _q(text, start, end, kind, **kw) -> Quantity:
    return Quantity(id="", text=text[start:end], start=start, end=end, kind=kind, **kw)


def _count(atom: _Atom, before: str, text: str) -> tuple[Quantity, int]:
    """A count, bound or vague amount starting at ``atom`` with its modifier."""
    start, v = atom.start, atom.value
    low = best = high = v
    kind, approx = ("vague", False) if atom.vague else ("count", False)
    if atom.vague:
        low, best, high = atom.vague
    m = _MOD_RE.search(before)
    if m:
        start = m.start() + (len(text[: atom.start]) - len(before))
        if m.group("lower"):
            kind, high = "bound", None
            if atom.vague:
                best = low
        elif m.group("upper"):
            kind, low, best = "bound", None, None
        elif m.group("near"):
            kind, low, approx = "bound", None, True
        else:
            approx = True
    end = atom.end
    after = _APPROX_AFTER.match(text, end)
    if after:
        approx, end = True, after.end()
    return _q(text, start, end, kind, value=v, low=low, best=best, high=high, approximate=approx), end


def _find(text: str) -> list[Quantity]:
    not_figures = _not_figures(text)  # once per text: the pattern is slow
    found: list[Quantity] = _colon_ratios(text) + _dash_ranges(text, not_figures)
    atoms = _atoms(text, not_figures + [(q.start, q.end) for q in found])
    i = 0
    while i < len(atoms):
        a = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        gap = text[a.end: nxt.start] if nxt else ""
        before = text[max(0, a.start - 40): a.start]
        after = text[a.end: a.end + 80]
        # ratios: "five-to-one", "5 to 1", "5:1"
        if nxt and not a.vague and re.fullmatch(r"\s*-?\s*to\s*-?\s*|:", gap, re.I) and nxt.value == 1 and a.value > 1:
            start = a.start
            m = _MOD_RE.search(before)
            approx = bool(m and (m.group("approx") or m.group("near")))
            if approx:
                start = a.start - (len(before) - m.start())
            found.append(_q(text, start, nxt.end, "ratio", value=a.value, approximate=approx))
            i += 2
            continue
        # ranges: "between 20 and 30", "from 20 to 30", "20 to 30", "20-30"
        if nxt and not a.vague and not nxt.vague and nxt.value > a.value:
            between = re.search(r"\bbetween\s+$", before, re.I) and re.fullmatch(r"\s+and\s+", gap, re.I)
            to = re.fullmatch(r"\s*(?:to|-|–)\s*", gap, re.I) and not re.search(r"(?:ratio|odds)\s+of\s+$", before, re.I)
            if between or to:
                start = a.start
                lead = re.search(r"(?:between|from)\s+$", before, re.I)
                mod = _MOD_RE.search(before[: lead.start()] if lead else before)
                if lead:
                    start -= len(before) - lead.start()
                approx = bool(mod and mod.group("approx"))
                if mod:
                    start = a.start - (len(before) - mod.start())
                found.append(_q(text, start, nxt.end, "range", low=a.value, best=a.value, high=nxt.value,
                                approximate=approx))
                i += 2
                continue
        # "X soldiers for every Y"
        every = re.match(r"^((?:\s+[\w'’-]+){0,3}?)\s+for\s+(?:every|each)\s+((?:one|single|\d)\s+)?((?:[\w'’-]+\s+){0,2}?[\w'’-]+)", after, re.I)
        if every and not a.vague:
            q, _ = _count(a, before, text)
            q.kind, q.low, q.best, q.high = "ratio", None, None, None
            q.end = a.end + every.end()
            q.text = text[q.start: q.end]
            found.append(q)
            i += 1
            continue
        # money
        cb = _CURRENCY_BEFORE.search(text[max(0, a.start - 5): a.start])
        ca = _CURRENCY_AFTER.match(text, a.end)
        if (cb or ca) and not a.vague:
            q, end = _count(a, before[: len(before) - (len(cb.group(0)) if cb else 0)], text)
            if cb:
                q.start = min(q.start, a.start - len(cb.group(0)))
                cur = cb.group("sym") or cb.group("code")
            else:
                cur, end = ca.group("cur"), ca.end()
            q.kind = "money" if q.kind == "count" else q.kind
            q.unit = _CUR_CODE.get(cur.lower(), cur.upper())
            q.end, q.text = end, text[q.start: end]
            found.append(q)
            i += 1
            continue
        # percentages and measures
        pa = _PERCENT_AFTER.match(text, a.end)
        ma = _MEASURE_AFTER.match(text, a.end)
        if (pa or ma) and not a.vague:
            q, _ = _count(a, before, text)
            q.kind = "percent" if pa else "measure"
            q.unit = "percent" if pa else re.sub(r"\s+", " ", ma.group("u").lower())
            q.end = (pa or ma).end()
            q.text = text[q.start: q.end]
            found.append(q)
            i += 1
            continue
        if _DURATION_AFTER.match(text, a.end) or re.match(r"^\s*-\s*year|^-(?!to\b)[a-z]", after, re.I):
            i += 1
            continue
        # years: 4 digits, no comma, after "in/since/..." or not counting a plural noun
        if not a.word and re.fullmatch(r"1[89]\d\d|20\d\d", a.text) and (
            _YEAR_CONTEXT.search(before) or not re.match(r"^\s+[a-z]+s\b", after)
        ):
            i += 1
            continue
        q, _ = _count(a, before, text)
        found.append(q)
        i += 1
    return found


# ---------------------------------------------------------------- description (spaCy)
def _tokens(sdoc, start: int, end: int):
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _is_num(t) -> bool:
    return t.like_num or t.pos_ == "NUM" or t.lower_ in _VAGUE_WORDS


_VAGUE_WORDS = {"dozen", "dozens", "scores", "hundreds", "thousands", "millions", "hundred", "thousand", "million",
                "billion", "tens"}


def _root(tokens):
    """The number token of a figure: the last number whose head is not itself a number of the figure."""
    nums = [t for t in tokens if _is_num(t)]
    if not nums:
        return tokens[-1]
    first_block = []
    for t in tokens[tokens.index(nums[0]):]:
        if not (_is_num(t) or t.lower_ in ("and", "-", "a", "an", "half")):
            break
        first_block.append(t)
    ids = {t.i for t in first_block}
    tops = [t for t in first_block if t.head.i not in ids and _is_num(t)]
    return (tops or [nums[0]])[-1]


CAPITALS = {"moscow": "Russia", "kyiv": "Ukraine", "kiev": "Ukraine", "khartoum": "Sudan", "damascus": "Syria",
            "sanaa": "Yemen", "addis ababa": "Ethiopia", "bamako": "Mali", "niamey": "Niger",
            "ouagadougou": "Burkina Faso", "kinshasa": "DR Congo", "kigali": "Rwanda", "naypyitaw": "Myanmar",
            "washington": "United States", "tehran": "Iran", "jerusalem": "Israel", "mogadishu": "Somalia"}
_COMBATANT_NOUNS = {"fighter", "militant", "soldier", "troop", "gunman", "rebel", "insurgent", "member", "commander",
                    "operative", "jihadist", "militiaman"}


def party(text: str) -> str | None:
    """A party name for a nationality word, country or capital ("Russian", "Moscow's" -> Russia)."""
    w = text.lower().removesuffix("'s").removesuffix("’s").strip()
    for cand in (w, w[:-1] if w.endswith("s") else w):
        if cand in DEMONYMS:
            return DEMONYMS[cand]
        if cand in CAPITALS:
            return CAPITALS[cand]
    for country in DEMONYMS.values():
        if country.lower() == w:
            return country
    return None


def _side_of(tok) -> str | None:
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod", "poss"):
            p = party(c.text)
            if p:
                return p
            if c.ent_type_ in ("NORP", "GPE") or (c.ent_type_ == "ORG" and tok.lemma_.lower() in _COMBATANT_NOUNS):
                return c.text.removesuffix("'s").removesuffix("’s")
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and p.ent_type_ in ("GPE", "NORP"):
                    return party(p.text) or p.text
    return None


def _unit_of(noun) -> str:
    parts = [c.text for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1 and c.pos_ == "NOUN"]
    return " ".join(parts + [noun.text]).lower()


def _lem(t) -> str:
    return t.lemma_.lower()


def _verb_about(h) -> str | None:
    """About of a casualty verb; "killed or wounded" -> casualties."""
    about = _ABOUT_OF.get(_lem(h))
    if about is None:
        return None
    others = [c for c in h.children if c.dep_ == "conj"] + ([h.head] if h.dep_ == "conj" else [])
    joined_by_or = any(c.dep_ == "cc" and c.lower_ in ("or", "and/or") for v in [h, *others] for c in v.children)
    if joined_by_or and any(_ABOUT_OF.get(_lem(o)) not in (None, about) for o in others):
        return "casualties"
    return about


def _about_of(tok, noun) -> str | None:
    for t in [noun, tok] if noun is not None else [tok]:
        if _lem(t) in _ABOUT_OF and _lem(t) not in ("lose", "toll"):
            return _ABOUT_OF[_lem(t)]
        for c in t.children:
            if c.dep_ in ("acl", "relcl", "amod") and _lem(c) in _ABOUT_OF:
                return _ABOUT_OF[_lem(c)]
    x = noun if noun is not None else tok
    for _ in range(4):
        h = x.head
        if h.i == x.i:
            break
        lem = _lem(h)
        if lem in _ABOUT_OF:
            if lem == "toll" or any(_lem(c) == "toll" for c in h.children):
                return "killed"
            return _verb_about(h)
        if h.pos_ in ("VERB", "AUX"):
            # "the death toll rose to 45", "the toll stood at 45"
            if any(c.dep_ in ("nsubj", "nsubjpass") and _lem(c) in ("toll", "death", "casualty") for c in h.children):
                return "killed" if any(_lem(c) in ("toll", "death") for c in h.subtree) else "casualties"
            # "were feared dead", "were among the dead", "put losses at 1,500"
            for c in h.children:
                if c.i == x.i:
                    continue
                if c.dep_ in ("acomp", "oprd", "attr", "dobj", "xcomp") and _lem(c) in _ABOUT_OF:
                    return _ABOUT_OF[_lem(c)]
                if c.dep_ == "prep" and c.lower_ in ("among", "as"):
                    for p in c.children:
                        if p.dep_ == "pobj" and _lem(p) in _ABOUT_OF:
                            return _ABOUT_OF[_lem(p)]
            if lem not in ("be", "have", "include") and x.dep_ not in ("prep", "pobj"):
                break
        x = h
    return None


def _loss_noun(tok, noun):
    """The "losses" a figure is the size of ("put Ukrainian losses at 1,500")."""
    x = noun if noun is not None else tok
    if x.dep_ == "pobj" and x.head.dep_ == "prep":
        verb = x.head.head
        for c in verb.children:
            if c.dep_ == "dobj" and _lem(c) in _ABOUT_OF:
                return c
    return None


def _clause_text(tok) -> str:
    """The clause of a figure: its verb's subtree without coordinated clauses."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return tok.sent.text
    skip = {t.i for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for t in c.subtree}
    return " ".join(t.text for t in verb.subtree if t.i not in skip)


def _describe(an, q: Quantity) -> None:
    sdoc = an.sdoc
    toks = _tokens(sdoc, q.start, q.end)
    if not toks:
        return
    tok = _root(toks)
    noun = None
    if tok.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        noun = tok.head
    else:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                pobj = [p for p in c.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")]
                if pobj:
                    noun = pobj[0]
    if q.kind in ("money", "percent", "measure"):
        return
    if noun is not None and noun.i >= toks[0].i and noun.lemma_.lower() not in ("ratio", "rate"):
        q.unit = q.unit or _unit_of(noun)
    q.about = _about_of(tok, noun)
    if q.kind == "ratio":
        _describe_ratio(an, q, tok, noun)
        return
    side = _side_of(noun) if noun is not None else None
    loss = _loss_noun(tok, noun)
    if side is None and loss is not None:
        side = _side_of(loss)
    if side is None and noun is not None and (noun.ent_type_ == "NORP" or noun.lower_.rstrip("s") in DEMONYMS):
        side = party(noun.text) or noun.text
    if side is None and noun is None and tok.dep_ == "conj" and tok.head.pos_ == "NOUN":
        side = _side_of(tok.head)
        if side is None and tok.head.dep_ == "dobj" and _lem(tok.head.head) in ("lose", "suffer"):
            subj = [c for c in tok.head.head.children if c.dep_ == "nsubj" and c.ent_type_ in ("GPE", "NORP")]
            side = (party(subj[0].text) or subj[0].text) if subj else None
    if side is None and q.unit in _CIVILIAN_UNITS:
        side = "civilians"
    if side is None and q.about in ("casualties", "killed") and noun is not None and noun.dep_ == "dobj":
        subj = [c for c in noun.head.children if c.dep_ == "nsubj" and c.ent_type_ in ("GPE", "NORP")]
        if subj and noun.head.lemma_ in ("lose", "suffer"):
            side = party(subj[0].text) or subj[0].text
    q.side = side
    if q.about:
        if _CUMULATIVE.search(_clause_text(tok)):
            q.scope = "cumulative"
        elif _EVENT_TIME.search(tok.sent.text):
            q.scope = "event"


def _describe_ratio(an, q: Quantity, tok, noun) -> None:
    sent = tok.sent
    tail = an.parse_text[q.end: sent.end_char]
    m = re.match(r"^[\s-]*((?:death|loss|casualty|kill|casualties)\s+ratio)", tail, re.I)
    m = m or re.search(r"((?:death|loss|casualty|kill)\s+ratio)\b[^.;]{0,25}$", an.parse_text[max(sent.start_char, q.start - 60): q.start], re.I)
    if m:
        q.about = m.group(1).lower()
    elif re.search(r"\b(?:lost|los(?:e|es|ing)|losses|killed|casualties|deaths?)\b", sent.text, re.I):
        q.about = "loss ratio"
    else:
        q.about = "ratio"
    num_side = _side_of(noun) if noun is not None else None
    if num_side is None and noun is not None:
        head = noun.head
        while head.dep_ in ("xcomp", "ccomp", "conj") and head.head.i != head.i:
            head = head.head
        subj = [c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        for s in subj:
            num_side = _side_of(s) or party(s.text) or (s.text if s.ent_type_ in ("GPE", "NORP") else None)
    den_side = den_unit = None
    every = [t for t in _tokens(an.sdoc, q.start, q.end) if t.lower_ in ("every", "each")]
    if every:
        den = every[0].head
        den_side = _side_of(den) or party(den.text)
        den_unit = den.text.lower()
        if den.idx + len(den) > q.end and den.i - every[0].i <= 3:
            q.end = den.idx + len(den)
            q.text = an.text[q.start: q.end]
    if noun is not None:
        q.side = num_side
    if num_side or den_side or den_unit:
        q.compared = [num_side or q.unit or "", den_side or den_unit or ""]


# ---------------------------------------------------------------- filters on the parse
def _keep(an, q: Quantity) -> bool:
    if an.in_boilerplate(q.start, q.end):
        return False
    toks = _tokens(an.sdoc, q.start, q.end) if an.sdoc is not None else []
    if not toks:
        return True
    tok = _root(toks)
    low = q.text.lower()
    if low == "one":
        # "one" is usually a pronoun: keep it only when it counts a noun
        return tok.dep_ in ("nummod",) and not any(c.lower_ == "of" for c in tok.children)
    if q.kind == "count" and not any(ch.isdigit() for ch in q.text) and q.value is not None and q.value < 10:
        prev = an.sdoc[toks[0].i - 1] if toks[0].i > 0 else None
        if prev is not None and prev.lower_ in ("the", "these", "those", "both", "its", "their", "his", "her", "our"):
            return False
    nxt = an.sdoc[toks[-1].i + 1] if toks[-1].i + 1 < len(an.sdoc) else None
    if nxt is not None and nxt.tag_ == "JJS" and q.kind == "count":  # "the two largest prisons"
        return False
    if tok.ent_type_ in ("DATE", "TIME", "ORDINAL") and q.kind in ("count",) and not q.about:
        ent = [e for e in an.sdoc.ents if e.start <= tok.i < e.end]
        if ent and re.search(r"[a-z]", ent[0].text.replace(q.text, "")):
            return False
    return True


# ---------------------------------------------------------------- public
def extract_quantities(an) -> list[Quantity]:
    """Figures in the article, in text order, ids q1, q2, ..."""
    text = an.parse_text or an.text
    out = []
    for q in _find(text):
        q.text = an.text[q.start: q.end]
        if an.sdoc is not None:
            if not _keep(an, q):
                continue
            _describe(an, q)
        elif an.in_boilerplate(q.start, q.end):
            continue
        out.append(q)
    out.sort(key=lambda q: q.start)
    for n, q in enumerate(out, 1):
        q.id = f"q{n}"
    _same_as(out)
    return out


def _compatible(a, b) -> bool:
    return a is None or b is None or a == b


def _same_as(qs: list[Quantity]) -> None:
    """Mark a later statement of a figure already given (same value, same thing counted)."""
    for j, b in enumerate(qs):
        for a in qs[:j]:
            if a.same_as:
                continue
            same_kind = (a.kind == "ratio") == (b.kind == "ratio") and a.kind not in ("money", "measure") or a.kind == b.kind
            if not same_kind or (a.value, a.low, a.high) != (b.value, a.low if b.kind == "ratio" else b.low, a.high if b.kind == "ratio" else b.high):
                continue
            if a.kind != "ratio" and (a.value is not None and a.value < 3 or not (a.about or a.unit)):
                continue
            if a.kind != "ratio" and not (_compatible(a.about, b.about) and _compatible(a.unit, b.unit) and _compatible(a.side, b.side)):
                continue
            b.same_as = a.id
            if b.kind == "ratio":
                b.compared = b.compared or list(a.compared)
                b.side = b.side or a.side
            break


def link_quantities(an, quantities: list[Quantity]) -> list[Quantity]:
    """Attach each quantity to the claim whose content holds it; failing that,
    to a claim in the same sentence (the figure is part of what was said)."""
    for q in quantities:
        for c in an.claims:
            if c.content.start <= q.start and q.end <= c.content.end:
                q.claim = c.id
                break
            for s, e in c.content.spans or []:
                if s <= q.start and q.end <= e:
                    q.claim = c.id
                    break
            if q.claim:
                break
        if q.claim is None:
            for c in an.claims:
                if len(c.sentence) == 2 and c.sentence[0] <= q.start and q.end <= c.sentence[1]:
                    q.claim = c.id
                    break
    return quantities
