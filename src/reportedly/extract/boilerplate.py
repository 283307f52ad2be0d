"""Boilerplate: the parts of a scraped page that are not the story.

Line-based: each kind is a small set of patterns over a whole line (or a
run of lines). The record keeps every span; the parser sees them blanked.
"""

from __future__ import annotations

import re

from ..model import Boilerplate

URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+[^\s<>\"'()\[\]{}.,;:!?]", re.IGNORECASE)

_RELATED = re.compile(
    r"^\s*(?:related(?:\s+(?:article|story|stories|content|coverage|reading|news))?|read\s+(?:more|also|next)"
    r"|see\s+also|more\s+on\s+this(?:\s+story)?|recommended|most\s+read|also\s+read|watch|listen)\s*[:|>\-–—]\s*\S",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\s*(?:\(?(?:with\s+)?(?:additional\s+)?(?:reporting|writing|editing)\s+by\b.*"
    r"|[A-Z][\w.&'’ -]{1,60}?\s+contributed(?:\s+(?:reporting|to\s+this\s+(?:report|story|article)))?\s*\.?\)?"
    r"|(?:with|—|–|-)\s*(?:AFP|AP|Reuters|dpa|AFP,\s*AP|ANSA|EFE|Xinhua|TASS|Interfax|UPI)\.?"
    r"|(?:compiled|written)\s+by\s+.+"
    r"|copyright\s.+|©.+|all rights reserved\.?)\s*$",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"^\s*(?:share(?:\s+this(?:\s+(?:article|story|page))?)?(?:\s+on\s+\w+)?|tweet|email|print"
    r"|(?:subscribe|sign\s+up)\b.*(?:newsletter|updates|free|today|here|now).*"
    r"|follow\s+us\s+on\b.*|click\s+here\b.*|advertisement|sponsored(?:\s+content)?"
    r"|(?:we|you)\s+(?:rely|depend)\s+on\s+(?:readers|your\s+support)\b.*|support\s+(?:our|independent)\s+journalism\b.*"
    r"|comments?\s*\(\d+\)|\d+\s+comments?|skip\s+to\s+(?:main\s+)?content)\s*[.!]?\s*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^\s*(?:\(?(?:photo|image|picture|video|file\s+photo)\s*(?:credit)?\s*[:|]\s*.+|.+\s/\s(?:AFP|Reuters|AP|Getty\s+Images|EPA)\s*)$",
    re.IGNORECASE,
)

# Agencies a credit line may name; used to read credits out of credit lines.
AGENCIES = {
    "afp": "AFP",
    "agence france-presse": "AFP",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "reuters": "Reuters",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "interfax": "Interfax",
    "upi": "UPI",
    "bloomberg": "Bloomberg",
}


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def classify_line(line: str) -> str | None:
    """The boilerplate kind of one line, or None for story text."""
    stripped = line.strip()
    if not stripped:
        return None
    without_urls = URL_RE.sub("", stripped).strip(" \t,;|·•-–—")
    if URL_RE.search(stripped) and not without_urls:
        return "url-list"
    if _RELATED.match(stripped):
        return "related"
    if len(stripped) <= 200 and _CREDIT.match(stripped):
        return "credit"
    if len(stripped) <= 160 and _SHARE.match(stripped):
        return "share"
    if len(stripped) <= 300 and _CAPTION.match(stripped):
        return "caption"
    return None


def find_boilerplate(text: str) -> list[Boilerplate]:
    """Every boilerplate line, adjacent lines of one kind merged."""
    out: list[Boilerplate] = []
    for start, _end, line in _lines(text):
        kind = classify_line(line)
        if kind is None:
            continue
        # trim surrounding white space so spans hug the text
        lead = len(line) - len(line.lstrip())
        s, e = start + lead, start + len(line.rstrip())
        prev = out[-1] if out else None
        if prev is not None and prev.kind == kind and not text[prev.end : s].strip():
            prev.end = e
            prev.text = text[prev.start : e]
        else:
            out.append(Boilerplate(start=s, end=e, kind=kind, text=text[s:e]))
    return out


def credits_in(text: str) -> list[str]:
    """Agency or person names a credit line gives ("AFP contributed reporting.")."""
    found: list[str] = []
    low = text.lower()
    for key, name in AGENCIES.items():
        if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", low) and name not in found:
            found.append(name)
    if not found:
        m = re.match(r"\s*(?:\(?(?:with\s+)?(?:additional\s+)?reporting\s+by\s+)?(.+?)\s+(?:contributed|$)", text, re.I)
        if m:
            who = m.group(1).strip(" .()")
            found.extend(p.strip() for p in re.split(r",|\band\b|;", who) if p.strip())
    return found
