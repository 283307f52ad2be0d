"""HTML articles: main text and metadata through trafilatura."""

from __future__ import annotations

from ..errors import MalformedInput
from ..model import Document


def document_from_html(
    html: str,
    *,
    name: str = "input",
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    import trafilatura

    from .text import document_from_text

    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise MalformedInput(f"{name}: could not parse the HTML ({type(exc).__name__})") from exc
    if extracted is None:
        raise MalformedInput(f"{name}: no article text found in the HTML")
    meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = (meta.get("text") or "").strip()
    if len(text.split()) < 5:
        raise MalformedInput(f"{name}: no article text found in the HTML")
    authors = [a.strip() for a in (meta.get("author") or "").split(";") if a.strip()]
    doc = document_from_text(
        text + "\n",
        title=title or meta.get("title"),
        outlet=outlet or meta.get("sitename"),
        url=url or meta.get("url"),
        published=published or meta.get("date"),
        authors=authors,
        fmt="html",
        origin=name,
    )
    if not published and meta.get("date"):
        doc.published.evidence = ["html metadata"]
    return doc
