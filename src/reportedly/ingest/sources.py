"""Reading a corpus: paths -> a stream of raw articles and of skipped inputs.

Everything is a generator: a directory is walked lazily, a JSONL file read
line by line, a feed entry by entry, a WARC record by record, so memory does
not grow with the corpus. Bad input never raises out of :func:`iter_inputs`:
it becomes a :class:`~reportedly.store.base.Failure` with its location
(``file``, ``file:LINE``, ``file#ENTRY`` or ``file@OFFSET``).
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReportedlyError
from ..store.base import Failure
from .text import DEFAULT_MAX_BYTES, decode, looks_like_html, read_bytes

FORMATS = ("auto", "text", "html", "jsonl", "rss", "warc")
_EXT = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "rss", ".atom": "rss", ".xml": "rss",
    ".warc": "warc", ".arc": "warc",
}
_META_KEYS = ("title", "outlet", "url", "published")


@dataclass
class RawItem:
    """One article before analysis: its text or HTML and given metadata."""

    location: str
    content: str
    kind: str = "text"  # text | html
    fmt: str = "text"  # the container: text | html | jsonl | rss | warc
    meta: dict = field(default_factory=dict)


def _category(exc: BaseException) -> str:
    return type(exc).__name__


def skipped(location: str, exc: BaseException | str) -> Failure:
    if isinstance(exc, str):
        return Failure(location, exc, "skipped")
    return Failure(location, f"{_category(exc)}: {exc}", "skipped")


def detect_format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    if name.endswith((".jsonl.gz", ".ndjson.gz")):
        return "jsonl"
    fmt = _EXT.get(path.suffix.lower())
    if fmt:
        return fmt
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return "text"
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as fh:
                if fh.read(5) == b"WARC/":
                    return "warc"
        except (OSError, EOFError):
            pass
        return "text"  # binary check will refuse it
    if head.startswith(b"WARC/"):
        return "warc"
    low = head.lstrip().lower()
    if low.startswith(b"<?xml") and (b"<rss" in low or b"<feed" in low or b"<rdf" in low):
        return "rss"
    if low.startswith((b"<rss", b"<feed")):
        return "rss"
    if low.startswith(b"{"):
        return "jsonl"
    return "text"


def walk(path: Path) -> Iterator[Path]:
    """Files under a directory, sorted, recursively, hidden entries left out."""
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        p = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from walk(p)
        else:
            yield p


def iter_inputs(paths: list[str], fmt: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawItem | Failure]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in walk(p):
                yield from iter_file(f, fmt, max_bytes)
        elif raw == "-" or p.exists() or p.is_symlink():
            yield from iter_file(p, fmt, max_bytes)
        else:
            yield skipped(raw, "InputNotFound: no such file or directory")


def iter_file(path: Path, fmt: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawItem | Failure]:
    kind = detect_format(path) if fmt == "auto" else fmt
    loc = str(path)
    try:
        if kind == "jsonl":
            yield from iter_jsonl(path)
        elif kind == "rss":
            yield from iter_feed(path, max_bytes)
        elif kind == "warc":
            yield from iter_warc(path)
        else:
            text = decode(read_bytes(loc, max_bytes), loc)
            if kind == "html" or (kind == "text" and fmt == "auto" and looks_like_html(text)):
                yield RawItem(loc, text, "html", "html")
            else:
                yield RawItem(loc, text, "text", "text")
    except ReportedlyError as exc:
        yield skipped(loc, exc)
    except OSError as exc:
        yield skipped(loc, f"Unreadable: {exc.strerror or exc}")


def _meta(obj: dict) -> dict:
    return {k: str(obj[k]) for k in _META_KEYS if obj.get(k) not in (None, "")}


def _lines(fh, path: Path) -> Iterator[tuple[int, bytes | Failure]]:
    number = 0
    try:
        for number, line in enumerate(fh, 1):  # noqa: B007 - number is read after the loop
            yield number, line
    except (EOFError, OSError) as exc:  # a truncated or corrupt .gz
        yield number + 1, skipped(f"{path}:{number + 1}", f"MalformedInput: unreadable compressed data ({exc})")


def iter_jsonl(path: Path) -> Iterator[RawItem | Failure]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        for number, line in _lines(fh, path):
            if isinstance(line, Failure):
                yield line
                return
            loc = f"{path}:{number}"
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except (ValueError, UnicodeDecodeError) as exc:
                yield skipped(loc, f"MalformedInput: not a JSON line ({exc.__class__.__name__})")
                continue
            if not isinstance(obj, dict):
                yield skipped(loc, "MalformedInput: a JSON line must be an object")
                continue
            text, html = obj.get("text"), obj.get("html")
            if isinstance(text, str) and text.strip():
                yield RawItem(loc, text.replace("\r\n", "\n"), "text", "jsonl", _meta(obj))
            elif isinstance(html, str) and html.strip():
                yield RawItem(loc, html, "html", "jsonl", _meta(obj))
            else:
                yield skipped(loc, "EmptyInput: no `text` or `html` field with content")


def _feed_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        t = entry.get(key)
        if t:
            return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
    return None


def iter_feed(path: Path, max_bytes: int) -> Iterator[RawItem | Failure]:
    import feedparser

    data = read_bytes(str(path), max_bytes)
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"MalformedInput: not a readable RSS/Atom feed ({type(feed.get('bozo_exception')).__name__})" \
            if feed.get("bozo") else "EmptyInput: the feed has no entries"
        yield skipped(str(path), reason)
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, 1):
        loc = f"{path}#{number}"
        body = ""
        if entry.get("content"):
            body = entry.content[0].get("value", "")
        body = body or entry.get("summary", "")
        meta = {"title": entry.get("title"), "url": entry.get("link"), "published": _feed_date(entry), "outlet": outlet}
        meta = {k: v for k, v in meta.items() if v}
        if not body.strip():
            yield skipped(loc, "EmptyInput: the entry has no text")
            continue
        if "<" in body and ">" in body:
            yield RawItem(loc, _html_fragment_text(body), "text", "rss", meta)
        else:
            yield RawItem(loc, body.strip() + "\n", "text", "rss", meta)


def _html_fragment_text(html: str) -> str:
    """A feed entry's HTML fragment as text, one paragraph a line."""
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{html}</div>")
    except Exception:  # noqa: BLE001 - lxml raises several kinds on junk
        return html
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    parts = []
    for el in root.iter("p", "li", "h1", "h2", "h3", "blockquote"):
        t = " ".join(el.text_content().split())
        if t:
            parts.append(t)
    if not parts:
        parts = [" ".join(root.text_content().split())]
    return "\n\n".join(parts) + "\n"


def iter_warc(path: Path) -> Iterator[RawItem | Failure]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        offset = 0
        try:
            for record in it:
                offset = it.offset
                loc = f"{path}@{offset}"
                if record.rec_type not in ("response", "resource"):
                    continue
                ctype = ""
                if record.http_headers is not None:
                    ctype = record.http_headers.get_header("Content-Type") or ""
                    status = record.http_headers.get_statuscode()
                    if status and not str(status).startswith("2"):
                        continue
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                ctype = ctype.lower()
                if ctype and not any(t in ctype for t in ("html", "text/plain", "xml")):
                    continue
                try:
                    payload = record.content_stream().read()
                except Exception as exc:  # noqa: BLE001 - truncated gzip / chunked data
                    yield skipped(loc, f"MalformedInput: truncated WARC record ({type(exc).__name__})")
                    return
                if getattr(record.raw_stream, "limit", 0):  # fewer bytes than Content-Length: cut short
                    yield skipped(loc, "MalformedInput: truncated WARC record")
                    return
                url = record.rec_headers.get_header("WARC-Target-URI")
                try:
                    text = decode(payload, loc)
                except ReportedlyError as exc:
                    yield skipped(loc, exc)
                    continue
                meta = {"url": url} if url else {}
                kind = "text" if "text/plain" in ctype else "html"
                yield RawItem(loc, text, kind, "warc", meta)
        except Exception as exc:  # noqa: BLE001 - ArchiveLoadFailed, EOFError, zlib.error ...
            yield skipped(f"{path}@{offset}", f"MalformedInput: unreadable WARC data ({type(exc).__name__}: {exc})"[:300])


def count_items(paths: list[str], fmt: str = "auto") -> int | None:
    """A cheap estimate of how many articles the inputs hold (for the ETA):
    files, plus lines of JSONL files; None when a feed or WARC makes it unknowable."""
    total = 0
    for raw in paths:
        p = Path(raw)
        files = walk(p) if p.is_dir() else [p]
        for f in files:
            kind = detect_format(f) if fmt == "auto" else fmt
            if kind in ("rss", "warc"):
                return None
            if kind == "jsonl":
                try:
                    with (gzip.open if f.name.lower().endswith(".gz") else open)(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except (OSError, EOFError):
                    total += 1
            else:
                total += 1
    return total
