"""Time expressions resolved against the publication date.

Rules of our own cover what wire reporting uses and dateparser does not
resolve ("late Monday", "since August", "earlier this month", "overnight",
"in recent days", "the year-long war"); dateparser (with ``RELATIVE_BASE``
set to the publication date) handles the remaining absolute dates that
spaCy marks as DATE. Conventions:

* a bare weekday is the most recent such day on or before publication (the
  publication day included); with "last" strictly before; with "next", or
  in a future clause ("will meet on Thursday"), the next one after;
* a month or day without a year is the most recent one on or before
  publication (the next one in a future clause);
* "since X" starts at X and has ``end_date`` = publication date;
* "this week" starts on the Monday of the publication week; weeks are
  written as the date of their Monday, months as YYYY-MM, years as YYYY;
* part-of-day expressions ("late Monday", "overnight", "this morning") have
  precision ``part-of-day`` and a date at day granularity; a bare
  "overnight" is the night before publication (date = publication - 1 day,
  end_date = publication);
* durations ("year-long", "for three weeks") have basis and precision
  ``duration`` and no date;
* without a publication date nothing relative is resolved (date None,
  precision "unknown").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import TimeRef

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12})
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3, "few": 3,
           "some": 3, "many": 6, "couple of": 2, "a couple of": 2}

_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH_FULL = r"January|February|March|April|May|June|July|August|September|October|November|December"
_MON = r"(?:" + _MONTH_FULL + r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_PART = r"(?P<part>morning|afternoon|evening|night)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUM = r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few|" \
       r"some|many|a couple of|couple of)"
_UNIT = r"(?P<unit>day|week|month|year|decade|hour)s?"
_FUTURE = re.compile(r"\b(?:will|would|'ll|shall|plans? to|planned to|expected to|scheduled|due to|set to|"
                     r"is to|are to|going to|next)\b[^.;]*$", re.I)

PATTERNS: list[tuple[str, re.Pattern]] = [(name, re.compile(rx)) for name, rx in [
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    ("mdy", r"(?:" + _WD + r",?\s+)?(?P<mon>" + _MON + r")\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
            r"(?:\s*[-\u2013]\s*(?P<d2>[0-3]?\d)\b)?\b(?!\s*(?:%|mm|km))"
            r"(?:,?\s+" + _YEAR + r"\b)?"),
    ("dmy", r"(?:" + _WD + r",?\s+)?(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>" + _MON
            + r")(?:,?\s+" + _YEAR + r"\b)?"),
    ("since", r"\b[Ss]ince\s+(?:(?P<mod>early|mid-?|late)\s*)?(?P<mon>" + _MONTH_FULL + r")(?:\s+" + _YEAR
              + r")?\b"),
    ("since_year", r"\b[Ss]ince\s+(?:(?:early|mid-?|late)\s*)?" + _YEAR + r"\b"),
    ("since_wd", r"\b[Ss]ince\s+(?:last\s+)?" + _WD),
    ("monyear", r"(?:\b(?P<mod>[Ee]arly|[Mm]id-?|[Ll]ate|[Tt]he end of|[Tt]he beginning of|[Tt]he start of)\s*)?"
                r"(?P<mon>" + _MONTH_FULL + r"),?\s+" + _YEAR + r"\b"),
    ("mon", r"(?:\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+|\b(?P<mod>[Ee]arly|[Mm]id-?|[Ll]ate|[Tt]he end of|"
            r"[Tt]he beginning of|[Tt]he start of)\s*|\b(?P<prep>[Ii]n|[Uu]ntil|[Bb]y|[Dd]uring|[Tt]hrough|[Ff]rom)"
            r"\s+)?(?P<mon>" + _MONTH_FULL + r")\b(?!\s+\d)"),
    ("overnight_wd", r"\b(?:[Oo]vernight|[Ll]ate|[Ee]arly|(?:[Ii]n\s+)?the early hours of|(?:at|before) dawn on|"
                     r"(?:[Oo]n\s+)?the (?:night|evening|morning) of)\s+(?:on\s+)?" + _WD
                     + r"(?:\s+(?:into|to)\s+\w+day)?"),
    ("wd", r"\b(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+)?" + _WD + r"(?:\s+" + _PART + r")?"
           r"(?:\s+(?:into|to)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?"),
    ("overnight", r"\b[Oo]vernight\b(?!\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"),
    ("dayword", r"\b(?P<w>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast night|[Tt]his (?:morning|afternoon|"
                r"evening)|[Ee]arlier today|[Ll]ater today|[Tt]he day before yesterday)\b"),
    ("period", r"\b(?P<mod>[Ee]arlier |[Ll]ater |[Ee]arly |[Ll]ate )?(?P<rel>this|last|next|[Tt]his|[Ll]ast|[Nn]ext|"
               r"the past|the previous|the last|[Tt]he coming)\s+(?P<per>week|weekend|month|year)\b"),
    ("weekend", r"\b(?:[Oo]ver|[Aa]t|[Oo]n|[Dd]uring)\s+the\s+weekend\b"),
    ("recent", r"(?i)\b(?:in|over|during|within)\s+(?:the\s+)?(?:recent|past|last|previous)\s+(?:(?P<n>\d+|few|several|"
               r"two|three|four|five|six|seven|ten|twelve)\s+)?(?P<unit>hours|days|weeks|months|years)\b"),
    ("recent2", r"(?i)\b(?:in|over|during|within)\s+(?:the\s+)?(?:past|last)\s+(?P<n>24|48|72)\s+hours\b"),
    ("ago", r"\b" + _NUM + r"\s+" + _UNIT + r"\s+ago\b"),
    ("long", r"\b(?:(?P<num2>\d+|two|three|four|five|six|seven|eight|nine|ten|several|many)[- ])?"
             r"(?P<unit2>day|week|month|year|decade)s?-long\b"),
    ("dur_for", r"\b(?:for|in|over|after|within|nearly|almost|more than)\s+(?:the\s+)?(?:next\s+|past\s+)?"
                r"(?:" + _NUM + r"\s+)?(?P<unit>days|weeks|months|years|decades|hours)\b(?!\s+ago)"),
    ("dur_adj", r"\b(?P<num2>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several)-"
                r"(?P<unit2>day|week|month|year)\b(?!-old)(?=\s+(?:war|siege|battle|offensive|conflict|campaign|"
                r"ceasefire|truce|blockade|occupation|fight|fighting|standoff|operation|pause|war's|assault))"),
    ("year", r"\b(?:(?P<prep>[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Oo]f|[Dd]uring|[Tt]hrough|[Bb]efore|[Aa]fter|"
             r"[Ee]arly|[Ll]ate|[Mm]id-?|[Ee]nd of|[Ss]ummer|[Ww]inter|[Ss]pring|[Aa]utumn|[Ff]all)\s*)?" + _YEAR
             + r"\b(?![-\u2013]\d)(?!\s*(?:%|mm|km|troops|soldiers|people))(?!\s+\d)"),
]]


@dataclass
class _Hit:
    start: int
    end: int
    date: str | None
    precision: str
    basis: str
    end_date: str | None = None


def _fmt(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _month_on_or_before(month: int, pub: date, future: bool) -> date:
    y = pub.year
    if future:
        return date(y if month >= pub.month else y + 1, month, 1)
    return date(y if month <= pub.month else y - 1, month, 1)


def _weekday(wd: int, pub: date, rel: str | None, future: bool) -> date:
    back = (pub.weekday() - wd) % 7
    if rel == "last" or rel == "past":
        return pub - timedelta(days=back or 7)
    if rel == "next" or (future and back):
        return pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
    if rel == "this":
        return pub - timedelta(days=pub.weekday()) + timedelta(days=wd)
    return pub - timedelta(days=back)


def _mon(tok: str) -> int:
    return MONTHS[tok.lower().rstrip(".")]


def _num(s: str | None, default: int = 1) -> int:
    if not s:
        return default
    s = s.lower()
    return int(s) if s.isdigit() else NUMBERS.get(s, default)


def _shift(pub: date, n: int, unit: str) -> tuple[date, str]:
    unit = unit.rstrip("s")
    if unit == "hour":
        return pub - timedelta(days=max(1, n // 24)), "day"
    if unit == "day":
        return pub - timedelta(days=n), "day"
    if unit == "week":
        return pub - timedelta(weeks=n), "week"
    if unit == "month":
        m = pub.month - n
        y = pub.year + (m - 1) // 12
        return date(y, (m - 1) % 12 + 1, 1), "month"
    if unit == "decade":
        return date(pub.year - 10 * n, 1, 1), "year"
    return date(pub.year - n, 1, 1), "year"


def _resolve(kind: str, m: re.Match, pub: date | None, future: bool) -> _Hit | None:  # noqa: C901
    g = m.groupdict()
    s, e = m.start(), m.end()
    pubs = pub.isoformat() if pub else None

    def rel(d: date | None, precision: str, end: str | None = None, basis: str = "relative") -> _Hit:
        if d is None:
            return _Hit(s, e, None, "unknown", basis)
        return _Hit(s, e, _fmt(d, precision), precision, basis, end)

    if kind == "iso":
        try:
            return _Hit(s, e, date(int(g["y"]), int(g["m"]), int(g["d"])).isoformat(), "day", "absolute")
        except ValueError:
            return None
    if kind in ("mdy", "dmy"):
        try:
            mon, d = _mon(g["mon"]), int(g["d"])
            if g.get("year"):
                d0 = date(int(g["year"]), mon, d)
                end = d0.replace(day=int(g["d2"])).isoformat() if g.get("d2") else None
                return _Hit(s, e, d0.isoformat(), "day", "absolute", end)
            if pub is None:
                return rel(None, "day")
            cand = date(pub.year, mon, d)
            if future and cand < pub:
                cand = date(pub.year + 1, mon, d)
            elif not future and cand > pub + timedelta(days=7):
                cand = date(pub.year - 1, mon, d)
            end = cand.replace(day=int(g["d2"])).isoformat() if g.get("d2") else None  # "March 5-6"
            return rel(cand, "day", end)
        except (ValueError, KeyError):
            return None
    if kind == "monyear":
        return _Hit(s, e, f"{int(g['year']):04d}-{_mon(g['mon']):02d}", "month", "absolute")
    if kind == "since":
        mon = _mon(g["mon"])
        if g.get("year"):
            return _Hit(s, e, f"{int(g['year']):04d}-{mon:02d}", "month", "absolute", pubs)
        return rel(_month_on_or_before(mon, pub, False) if pub else None, "month", pubs)
    if kind == "since_year":
        return _Hit(s, e, g["year"], "year", "absolute", pubs)
    if kind == "since_wd":
        wd = WEEKDAYS.index(g["wd"].lower())
        return rel(_weekday(wd, pub, "last" if "last" in m.group(0) else None, False) if pub else None, "day", pubs)
    if kind == "mon":
        word = m.group("mon")
        if word in ("May", "March") and not (g.get("rel") or g.get("mod") or g.get("prep")):
            return None  # the modal verb / the verb
        if not (g.get("rel") or g.get("mod") or g.get("prep")) and m.start() > 0:
            pass
        if pub is None:
            return rel(None, "month")
        mon = _mon(word)
        r = (g.get("rel") or "").lower()
        if r == "last":
            d = date(pub.year - 1 if mon >= pub.month else pub.year, mon, 1)
        elif r == "next":
            d = date(pub.year + 1 if mon <= pub.month else pub.year, mon, 1)
        else:
            d = _month_on_or_before(mon, pub, future)
        return rel(d, "month")
    if kind in ("wd", "overnight_wd"):
        wd = WEEKDAYS.index(g["wd"].lower())
        r = (g.get("rel") or "").lower() or None
        part = g.get("part") or kind == "overnight_wd"
        if pub is None:
            return rel(None, "day")
        d = _weekday(wd, pub, r, future)
        return rel(d, "part-of-day" if part else "day")
    if kind == "overnight":
        if pub is None:
            return rel(None, "part-of-day")
        return rel(pub - timedelta(days=1), "part-of-day", pubs)
    if kind == "dayword":
        w = g["w"].lower()
        if pub is None:
            return rel(None, "day")
        if w in ("yesterday", "last night"):
            return rel(pub - timedelta(days=1), "day" if w == "yesterday" else "part-of-day")
        if w == "the day before yesterday":
            return rel(pub - timedelta(days=2), "day")
        if w == "tomorrow":
            return rel(pub + timedelta(days=1), "day")
        return rel(pub, "day" if w in ("today", "earlier today", "later today") else "part-of-day")
    if kind == "period":
        r = g["rel"].lower()
        per = g["per"]
        mod = (g.get("mod") or "").strip().lower()
        if pub is None:
            return rel(None, per if per != "weekend" else "day")
        if per == "weekend":
            sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
            if r in ("next", "the coming"):
                sat = sat + timedelta(days=7)
            elif r in ("last", "the past", "the previous", "the last") and pub.weekday() >= 5:
                sat = sat - timedelta(days=7)
            return rel(sat, "day", _fmt(min(sat + timedelta(days=1), pub) if r != "next" else sat
                                       + timedelta(days=1), "day"))
        if per == "week":
            monday = pub - timedelta(days=pub.weekday())
            if r == "this":
                return rel(monday, "week", pubs if mod != "later" else None)
            if r == "last" or r == "the previous":
                return rel(monday - timedelta(days=7), "week", _fmt(monday - timedelta(days=1), "day"))
            if r in ("the past", "the last"):
                return rel(pub - timedelta(days=7), "week", pubs)
            return rel(monday + timedelta(days=7), "week")
        if per == "month":
            if r == "this":
                return rel(pub.replace(day=1), "month", pubs if mod == "earlier" else None)
            if r in ("last", "the previous"):
                return rel(_shift(pub, 1, "month")[0], "month")
            if r in ("the past", "the last"):
                return rel(pub - timedelta(days=30), "month", pubs)
            m2 = pub.month % 12 + 1
            return rel(date(pub.year + (pub.month == 12), m2, 1), "month")
        # year
        if r == "this":
            return rel(date(pub.year, 1, 1), "year", pubs if mod == "earlier" else None)
        if r in ("last", "the previous"):
            return rel(date(pub.year - 1, 1, 1), "year")
        if r in ("the past", "the last"):
            return rel(pub - timedelta(days=365), "year", pubs)
        return rel(date(pub.year + 1, 1, 1), "year")
    if kind == "weekend":
        if pub is None:
            return rel(None, "day")
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7)
        return rel(sat, "day", _fmt(min(sat + timedelta(days=1), pub), "day"))
    if kind in ("recent", "recent2"):
        unit = g["unit"] if kind == "recent" else "hours"
        n = _num(g.get("n"), 3 if kind == "recent" else 24)
        if unit == "hours":
            n = max(1, n)
            return rel(pub - timedelta(days=max(1, n // 24)) if pub else None, "day", pubs)
        if not g.get("n") and unit == "days":  # "in recent days": about a week
            return rel(pub - timedelta(days=7) if pub else None, "week", pubs)
        if pub is None:
            return rel(None, "unknown")
        d, prec = _shift(pub, n, unit)
        return rel(d, prec, pubs)
    if kind == "ago":
        if pub is None:
            return rel(None, "unknown")
        d, prec = _shift(pub, _num(g.get("num")), g["unit"])
        return rel(d, prec)
    if kind in ("long", "dur_for", "dur_adj"):
        return _Hit(s, e, None, "duration", "duration")
    if kind == "year":
        y = int(g["year"])
        if not g.get("prep") and (pub is None or abs(y - pub.year) > 30):
            return None
        return _Hit(s, e, f"{y:04d}", "year", "absolute")
    return None


def _dateparser_hits(an, taken, pub: date | None) -> list[_Hit]:
    """Absolute dates in spaCy DATE entities that our rules did not cover."""
    out = []
    doc = an.sdoc
    if doc is None:
        return out
    for ent in doc.ents:
        if ent.label_ != "DATE" or any(a < ent.end_char and ent.start_char < b for a, b in taken):
            continue
        t = ent.text
        if not (re.search(r"\b(?:19|20)\d\d\b", t) and re.search(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|" + _MON, t)):
            continue
        if an.in_boilerplate(ent.start_char, ent.end_char):
            continue
        from datetime import datetime

        import dateparser
        from dateparser.date import DateDataParser

        settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        if pub:
            settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
        try:
            dd = DateDataParser(languages=["en"], settings=settings).get_date_data(t)
        except Exception:  # pragma: no cover - dateparser edge cases
            continue
        if dd is None or dd.date_obj is None:
            continue
        period = dd.period or "day"
        prec = {"day": "day", "month": "month", "year": "year", "week": "week"}.get(period, "day")
        out.append(_Hit(ent.start_char, ent.end_char, _fmt(dd.date_obj.date(), prec), prec, "absolute"))
        del dateparser
    return out


def _spacy_date(an, s: int, e: int) -> bool:
    doc = an.sdoc
    if doc is None:
        return False
    span = doc.char_span(s, e, alignment_mode="expand")
    return span is not None and all(t.ent_type_ == "DATE" for t in span)


def _future(text: str, s: int) -> bool:
    start = max(text.rfind(".", 0, s), text.rfind("\n", 0, s), s - 80)
    return bool(_FUTURE.search(text[start + 1:s]))


def extract_times(an) -> list[TimeRef]:
    text = an.parse_text or an.text
    pub = None
    if an.document.published.date:
        try:
            pub = date.fromisoformat(an.document.published.date[:10])
        except ValueError:
            pub = None
    hits: list[_Hit] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            if an.in_boilerplate(m.start(), m.end()):
                continue
            h = _resolve(kind, m, pub, _future(text, m.start()))
            if h is not None and kind == "year" and not m.group("prep") and (
                    not _spacy_date(an, m.start(), m.end()) or re.search(r"\d\s+$", text[max(0, m.start() - 3):m.start()])
                    or re.match(r"\s+[a-z]+s\b", text[m.end():m.end() + 20])):
                continue  # a bare four-digit number is a year only when the parser says DATE and it counts nothing
            if h is not None:
                hits.append(h)
    # keep the longest of overlapping hits (earlier patterns win ties)
    hits.sort(key=lambda h: (-(h.end - h.start), h.start))
    kept: list[_Hit] = []
    for h in hits:
        if not any(k.start < h.end and h.start < k.end for k in kept):
            kept.append(h)
    kept += _dateparser_hits(an, [(k.start, k.end) for k in kept], pub)
    kept.sort(key=lambda h: h.start)
    out = []
    for i, h in enumerate(kept, start=1):
        s, e = h.start, h.end
        # drop leading prepositions from the span ("in August" -> "August"), keep "since"
        m = re.match(r"(?:in|on|by|from|until|during|through|of|over|within|for)\s+", an.text[s:e], re.I)
        if m and m.end() < e - s:
            s += m.end()
        out.append(TimeRef(id=f"t{i}", text=an.text[s:e], start=s, end=e, date=h.date, precision=h.precision,
                           basis=h.basis, end_date=h.end_date))
    return out
