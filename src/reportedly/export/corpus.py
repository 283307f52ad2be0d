"""Exporting a store: records as JSON Lines, claims as CSV, claims as
schema.org ``Claim`` objects (JSON-LD, ClaimReview-compatible), reporting
chains as W3C PROV-JSON, events as ACLED-style CSV. Everything streams."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from ..errors import BadOption, ReportedlyError
from ..model import to_dict

URN = "urn:reportedly:"
CSV_COLUMNS = ["claim_id", "doc_id", "outlet", "published", "title", "url", "source", "source_canonical",
               "source_type", "anonymous", "cue", "content", "quote", "certainty", "cluster", "chain"]


def export(store, fmt: str, out: TextIO) -> int:
    fn = {"jsonl": export_jsonl, "csv": export_csv, "jsonld": export_jsonld, "prov": export_prov,
          "acled-csv": export_acled}.get(fmt)
    if fn is None:
        raise BadOption(f"unknown export format {fmt!r}")
    return fn(store, out)


def export_jsonl(store, out: TextIO) -> int:
    n = 0
    for rec in store.iter_records():
        out.write(json.dumps(to_dict(rec), ensure_ascii=False) + "\n")
        n += 1
    return n


def export_csv(store, out: TextIO) -> int:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    n = 0
    for row in store.iter_claims():
        row = dict(row)
        row["chain"] = " -> ".join(f"{link['name']} ({link['role']})" for link in row["chain"])
        row["anonymous"] = int(row["anonymous"])
        w.writerow(row)
        n += 1
    return n


def _clusters(store):
    """Claims grouped by cluster (a claim without one is its own group), earliest first."""
    group, key = [], None
    for k, claim_id in store.iter_cluster_members():
        if k != key and group:
            yield key, group
            group = []
        key = k
        group.append(claim_id)
    if group:
        yield key, group


def _author(name: str | None, kind: str | None) -> dict | None:
    if not name:
        return None
    t = "Person" if kind == "person" else "Organization"
    return {"@type": t, "name": name}


def _work(c: dict) -> dict:
    w = {"@type": "NewsArticle", "@id": f"{URN}doc:{c['doc_id']}", "headline": c["title"], "url": c["url"],
         "datePublished": c["published"], "publisher": {"@type": "Organization", "name": c["outlet"]} if c["outlet"] else None}
    return {k: v for k, v in w.items() if v is not None}


def export_jsonld(store, out: TextIO) -> int:
    out.write('{"@context": "https://schema.org", "@graph": [\n')
    n = 0
    for key, ids in _clusters(store):
        claims = [store.claim(i) for i in ids]
        first = claims[0]
        origin = next((link["name"] for link in first["chain"] if link.get("role") == "origin"), None)
        obj = {
            "@type": "Claim",
            "@id": f"{URN}cluster:{key}" if key > 0 else f"{URN}claim:{first['claim_id']}",
            "text": first["content"],
            "author": _author(origin or first["source_canonical"] or first["source"], first["source_type"]),
            "datePublished": first["published"],
            "firstAppearance": _work(first),
            "appearance": [_work(c) for c in claims],
            "identifier": [c["claim_id"] for c in claims],
        }
        obj = {k: v for k, v in obj.items() if v is not None}
        out.write((",\n" if n else "") + json.dumps(obj, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name.strip())[:80] or "unknown"


def export_prov(store, out: TextIO) -> int:
    """W3C PROV-JSON: articles and claims are entities, sources and outlets
    agents; each reporting chain is a run of quotations (origin -> relay ->
    outlet); claims of one cluster are alternates of each other."""
    doc = {"prefix": {"rep": URN, "schema": "https://schema.org/"}, "entity": {}, "agent": {},
           "wasAttributedTo": {}, "wasDerivedFrom": {}, "hadMember": {}, "alternateOf": {}}
    counter = [0]

    def rid(prefix: str) -> str:
        counter[0] += 1
        return f"_:{prefix}{counter[0]}"

    def agent(name: str, kind: str) -> str:
        key = f"rep:{kind}/{_slug(name)}"
        if key not in doc["agent"]:
            t = "schema:NewsMediaOrganization" if kind == "outlet" else "rep:source"
            doc["agent"][key] = {"prov:label": name, "prov:type": {"$": t, "type": "prov:QUALIFIED_NAME"}}
        return key

    cluster_first: dict[int, str] = {}
    n = 0
    for c in store.iter_claims():
        n += 1
        ent = f"rep:claim/{c['claim_id']}"
        art = f"rep:doc/{c['doc_id']}"
        if art not in doc["entity"]:
            doc["entity"][art] = {"prov:type": {"$": "schema:NewsArticle", "type": "prov:QUALIFIED_NAME"},
                                  "prov:label": c["title"] or c["doc_id"]}
            if c["published"]:
                doc["entity"][art]["schema:datePublished"] = c["published"]
            if c["outlet"]:
                doc["wasAttributedTo"][rid("a")] = {"prov:entity": art, "prov:agent": agent(c["outlet"], "outlet")}
        doc["entity"][ent] = {"prov:value": c["content"], "prov:type": {"$": "schema:Claim", "type": "prov:QUALIFIED_NAME"}}
        doc["hadMember"][rid("m")] = {"prov:collection": art, "prov:entity": ent}
        chain = c["chain"] or []
        if not chain and (c["source_canonical"] or c["source"]):
            chain = [{"name": c["source_canonical"] or c["source"], "role": "origin"}]
        prev = None
        for i, link in enumerate(chain):
            step = ent if i == len(chain) - 1 else f"{ent}/step{i}"
            if step != ent:
                doc["entity"][step] = {"prov:value": c["content"], "prov:label": f"as stated by {link['name']}"}
            kind = "outlet" if link.get("role") == "outlet" else "source"
            doc["wasAttributedTo"][rid("a")] = {"prov:entity": step, "prov:agent": agent(link["name"], kind)}
            if prev:
                doc["wasDerivedFrom"][rid("d")] = {"prov:generatedEntity": step, "prov:usedEntity": prev,
                                                   "prov:type": {"$": "prov:Quotation", "type": "prov:QUALIFIED_NAME"}}
            prev = step
        if c["cluster"] is not None:
            if c["cluster"] in cluster_first:
                doc["alternateOf"][rid("alt")] = {"prov:alternate1": ent, "prov:alternate2": cluster_first[c["cluster"]]}
            else:
                cluster_first[c["cluster"]] = ent
    json.dump({k: v for k, v in doc.items() if v or k == "prefix"}, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return n


def export_acled(store, out: TextIO) -> int:
    try:
        from . import acled
    except ImportError as exc:
        raise ReportedlyError("the ACLED export is not available in this build",
                              hint="use --format jsonl or csv") from exc
    columns = getattr(acled, "COLUMNS", None) or getattr(acled, "ACLED_COLUMNS", None)
    writer, n = None, 0
    if columns:
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
    for rec in store.iter_records():
        for row in acled.acled_rows(rec):
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="ignore", lineterminator="\n")
                writer.writeheader()
            writer.writerow(row)
            n += 1
    return n
