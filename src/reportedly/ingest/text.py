"""Reading one article: bytes -> checked, decoded text -> Document."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from ..errors import BinaryInput, EmptyInput, EncodingError, InputNotFound, InputTooLarge, NotEnglish
from ..model import Document, Published

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # 20 MB: far above any news article

_EN_STOPWORDS = frozenset(
    "the of and to a in that is was for on it with as by at from his her he she they said has have "
    "had be were are this which an but not who their its or been will would after over also than".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def doc_id(text: str) -> str:
    """Content hash: the first 16 hex digits of SHA-256 of the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a path (or ``-`` for stdin), refusing what is missing or too large."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        if not p.exists():
            raise InputNotFound(f"no such file: {path}")
        if p.is_dir():
            raise InputNotFound(f"{path} is a directory", hint="analyze takes one article; use `reportedly ingest` for a folder")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputTooLarge(f"{path} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputNotFound(f"cannot read {path}: {exc.strerror}") from exc
    if len(data) > max_bytes:
        raise InputTooLarge(f"input is over the {max_bytes / 1e6:.0f} MB limit")
    return data


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return len(head) > 0 and ctrl / len(head) > 0.05


def decode(data: bytes, name: str = "input") -> str:
    """UTF-8 (with or without BOM), else a detected encoding, else refuse."""
    if not data.strip():
        raise EmptyInput(f"{name} is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if looks_binary(data):
        raise BinaryInput(f"{name} looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.encoding is None or best.chaos > 0.2 or best.coherence < 0.1:
            raise EncodingError(f"{name} is not UTF-8 and its encoding could not be detected") from None
        text = str(best)
        if sum(ch.isascii() for ch in text) < 0.8 * len(text):
            raise EncodingError(f"{name} is not UTF-8 and its encoding could not be detected reliably") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInput(f"{name} holds only white space")
    return text


def english_score(text: str) -> float:
    """Share of the first 2,000 words that are common English function words."""
    words = _WORD.findall(text[:20000].lower())[:2000]
    if not words:
        return 0.0
    return sum(w in _EN_STOPWORDS for w in words) / len(words)


def check_english(text: str, name: str = "input") -> None:
    words = _WORD.findall(text[:20000])
    if len(words) < 8:
        return  # too short to tell; let it through
    if english_score(text) < 0.08:
        raise NotEnglish(f"{name} does not look like English text")


def document_from_text(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    authors: list[str] | None = None,
    fmt: str = "text",
    origin: str | None = None,
) -> Document:
    pub = Published(date=published, inferred=False, evidence=["given"] if published else [])
    return Document(
        id=doc_id(text),
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        authors=list(authors or []),
        published=pub,
        format=fmt,
        origin=origin,
    )


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(html|body|article|p|div)[\s>]", head))


def load_document(
    path: str,
    *,
    fmt: str = "auto",
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """One article from a path or stdin: text or HTML, checked and decoded."""
    name = "stdin" if path == "-" else path
    data = read_bytes(path, max_bytes=max_bytes)
    text = decode(data, name)
    if fmt == "html" or (fmt == "auto" and (path.lower().endswith((".html", ".htm")) or looks_like_html(text))):
        from .html import document_from_html

        doc = document_from_html(text, name=name, published=published, outlet=outlet, url=url, title=title)
    else:
        doc = document_from_text(text, title=title, outlet=outlet, url=url, published=published, origin=name)
    check_english(doc.text, name)
    return doc
