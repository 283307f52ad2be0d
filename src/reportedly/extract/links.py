"""Links: every URL in the text, the date in its path, and its flags."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote, urlsplit

from ..model import Boilerplate, Link
from .boilerplate import URL_RE

# /2025/07/12/ or /2025/07/ or /20250712/ or -2025-07-12 style paths
_YMD_PATH = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[/_-](0?[1-9]|1[0-2])(?:[/_-](0?[1-9]|[12]\d|3[01]))?(?!\d)")
_YMD_COMPACT = re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
# US-style -03-06-23 (month-day-two-digit-year), used by some live blogs
_MDY = re.compile(r"(?<![\d])(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])-(\d{2})(?![\d])")

_SLUG_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an the of to in on for and or is are was with at by from as says said".split())


def _valid(y: int, m: int, d: int | None) -> bool:
    try:
        dt.date(y, m, d or 1)
    except ValueError:
        return False
    return True


def date_from_url(url: str) -> str | None:
    """The date a URL's path carries, as YYYY-MM-DD or YYYY-MM, else None."""
    path = unquote(urlsplit(url if "://" in url else "http://" + url).path)
    m = _YMD_PATH.search(path)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        d = int(m.group(3)) if m.group(3) else None
        if d and not _valid(y, mo, d):
            d = None  # an impossible day: keep the month
        if _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}" if d else f"{y:04d}-{mo:02d}"
    m = _YMD_COMPACT.search(path)
    if m and _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))):
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = _MDY.search(path)
    if m:
        mo, d, y = int(m.group(1)), int(m.group(2)), 2000 + int(m.group(3))
        if _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def domain_of(url: str) -> str:
    host = urlsplit(url if "://" in url else "http://" + url).hostname or ""
    host = host.lower()
    for prefix in ("www.", "m.", "amp.", "edition.", "mobile."):
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
    return host


def slug_words(url: str) -> set[str]:
    path = unquote(urlsplit(url if "://" in url else "http://" + url).path).lower()
    last = [p for p in path.split("/") if p]
    words: set[str] = set()
    for part in last[-2:]:
        words.update(w for w in _SLUG_WORD.findall(part) if not w.isdigit() and w not in _STOP)
    return words


def title_words(title: str) -> set[str]:
    return {w for w in _SLUG_WORD.findall(title.lower().replace("’", "").replace("'", "")) if w not in _STOP}


def title_matches(title: str, url: str, threshold: float = 0.6) -> bool:
    tw, sw = title_words(title), slug_words(url)
    if len(tw) < 2 or not sw:
        return False
    return len(tw & sw) / len(tw) >= threshold


_RELATED_TITLE = re.compile(r"^\s*[^:|>]{2,40}?\s*[:|>\-–—]\s*(?P<title>.+?)\s*$")


def find_links(text: str, boilerplate: list[Boilerplate]) -> list[Link]:
    links: list[Link] = []
    for m in URL_RE.finditer(text):
        url = m.group(0)
        links.append(Link(url=url, start=m.start(), end=m.end(), domain=domain_of(url), url_date=date_from_url(url)))
    # "Related article: <title>" lines: match the title against the URL slugs
    for b in boilerplate:
        if b.kind != "related":
            continue
        mt = _RELATED_TITLE.match(b.text)
        if not mt:
            continue
        title = URL_RE.sub("", mt.group("title")).strip()
        for link in links:
            if title and title_matches(title, link.url):
                link.title = title
                if "title-match" not in link.flags:
                    link.flags.append("title-match")
    return links


def flag_after_publication(links: list[Link], published: str | None) -> None:
    """Flag links whose URL date is after the publication date."""
    if not published:
        return
    for link in links:
        n = min(len(link.url_date or ""), len(published))
        if link.url_date and link.url_date[:n] > published[:n]:
            if "after-publication" not in link.flags:
                link.flags.append("after-publication")
