"""Hand-built records and small corpora for the corpus-mode tests."""

from __future__ import annotations

import io
import json
from pathlib import Path

from reportedly.ingest.text import doc_id
from reportedly.model import ChainLink, Claim, Content, Cue, Document, Entity, Published, Quantity, Record, Source


def make_record(text: str, claims: list[dict], *, outlet=None, published=None, title=None, url=None) -> Record:
    """A record whose claims are given as dicts: content (a substring of text), source, figures, chain."""
    doc = Document(id=doc_id(text), text=text, title=title, outlet=outlet, url=url,
                   published=Published(date=published))
    rec = Record(document=doc)
    for n, c in enumerate(claims, 1):
        start = text.index(c["content"])
        src = None
        if c.get("source"):
            s0 = text.find(c["source"])
            src = Source(text=c["source"], start=max(0, s0), end=max(0, s0) + len(c["source"]),
                         canonical=c.get("canonical", c["source"]), type=c.get("type", "person"),
                         anonymous=c.get("anonymous", False))
        chain = [ChainLink(name=x[0], role=x[1]) for x in c.get("chain", [])]
        rec.claims.append(Claim(id=f"c{n}", source=src, cue=Cue("said", 0, 4, "say"),
                                content=Content(c["content"], start, start + len(c["content"])), quote="indirect",
                                chain=chain))
        for m, v in enumerate(c.get("figures", []), 1):
            q0 = text.index(str(v), start)
            rec.quantities.append(Quantity(id=f"q{n}{m}", text=str(v), start=q0, end=q0 + len(str(v)), kind="count",
                                           value=float(v), unit=c.get("unit"), about=c.get("about"), claim=f"c{n}"))
        for name in c.get("entities", []):
            e0 = text.index(name)
            rec.entities.append(Entity(id=f"e{len(rec.entities) + 1}", text=name, start=e0, end=e0 + len(name),
                                       label="GPE", canonical=name))
    return rec


ARTICLES = {
    "kyiv.txt": "KYIV (Reuters) - Ukrainian officials said on Monday that 12 civilians were killed when a missile "
                "struck an apartment block in the city of Dnipro.\n\nThe mayor, Borys Filatov, said rescuers were "
                "still searching the rubble for survivors.\n",
    "port.txt": "Officials at the port of Odesa said on Tuesday that grain shipments had resumed after a two-week "
                "pause. The harbour master said three ships left the port in the morning.\n",
    "talks.txt": "The foreign minister said on Wednesday that the talks in Geneva would continue next week. "
                 "Diplomats said both delegations had agreed on an agenda.\n",
    "aid.txt": "The Red Cross said on Thursday that an aid convoy of 40 trucks had reached the town of Izium. "
               "A spokeswoman said the convoy carried food and medicine.\n",
}


def write_corpus(root: Path, n_extra: int = 0) -> Path:
    """A directory with text, HTML, JSONL, RSS and WARC inputs plus bad ones."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    sub = root / "wire"
    sub.mkdir(exist_ok=True)
    # a wire copy with a light edit: a near-duplicate of kyiv.txt
    (sub / "kyiv-copy.txt").write_text(ARTICLES["kyiv.txt"].replace("still searching", "still carefully searching"),
                                       encoding="utf-8")
    # an exact copy under another name: a duplicate
    (sub / "port-again.txt").write_text(ARTICLES["port.txt"], encoding="utf-8")
    (root / "page.html").write_text(
        "<html><head><title>Bridge reopened</title></head><body><article><h1>Bridge reopened</h1>"
        "<p>City officials said on Friday that the bridge over the Dnipro river had reopened to traffic after repairs "
        "that lasted six months.</p><p>The transport department said the repairs cost more than two million dollars "
        "and that buses would use the bridge again from Monday.</p></article></body></html>", encoding="utf-8")
    lines = [
        json.dumps({"text": "The health ministry said 25 people were treated in hospital after the blast in Kherson. "
                            "Doctors said most of them had minor injuries.", "outlet": "AP", "published": "2024-05-02",
                    "url": "https://example.org/a"}),
        "{this is not json",
        json.dumps({"title": "no body"}),
        json.dumps({"text": "Die Regierung hat am Montag erklärt, dass die Gespräche mit den Partnern fortgesetzt "
                            "werden und man mit einer Einigung in der kommenden Woche rechnet."}),
        json.dumps({"text": "The governor said on Saturday that power had been restored to most homes in Kharkiv. "
                            "Engineers said repairs to the substation would take another week.", "outlet": "BBC",
                    "published": "2024-05-04"}),
    ]
    (root / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "feed.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>'
        "<item><title>Ceasefire holds</title><link>https://example.org/ceasefire</link>"
        "<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;Local officials said the ceasefire "
        "in the north had held overnight and that no shelling was reported in the border villages.&lt;/p&gt;"
        "</description></item></channel></rss>", encoding="utf-8")
    write_warc(root / "crawl.warc.gz")
    write_warc(root / "broken.warc.gz", truncate=True)
    (root / "photo.jpg").write_bytes(bytes(range(256)) * 20)
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "dangling.txt").symlink_to(root / "does-not-exist.txt")
    for i in range(n_extra):
        (root / f"extra-{i:03d}.txt").write_text(
            f"Officials in district {i} said on Monday that {i + 3} houses were damaged by the storm. "
            f"The district head said repairs would start within {i % 5 + 2} days.\n", encoding="utf-8")
    return root


WARC_PAGES = [
    ("https://example.org/w1", "<html><body><article><p>The army said on Sunday that it had shot down 14 drones over the "
     "southern region overnight, and that debris had damaged two houses.</p><p>Officials said no one was hurt in "
     "the attack.</p></article></body></html>"),
    ("https://example.org/w2", "<html><body><article><p>Rescue workers said on Sunday that a family of four had been "
     "evacuated from a flooded village near the river.</p><p>The regional administration said the water level was "
     "falling slowly.</p></article></body></html>"),
]


def write_warc(path: Path, truncate: bool = False) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, html in WARC_PAGES:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers)
        writer.write_record(rec)
    data = buf.getvalue()
    if truncate:
        data = data[: len(data) - 120]  # cut inside the last record
    path.write_bytes(data)
