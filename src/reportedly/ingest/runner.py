"""``reportedly ingest``: raw articles -> analysed records -> the store.

Worker processes (``--jobs``) each load the pipeline once and analyse chunks
of articles with spaCy's ``nlp.pipe``; the parent is the only writer to the
store and writes each document in one transaction. Queues are bounded, so
reading runs at most a few chunks ahead of the writer and memory stays flat.
With one job everything runs in this process.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from ..errors import ReportedlyError, StoreError
from ..store.base import Failure
from .sources import RawItem, count_items, iter_inputs

CHUNK = 8  # articles per task sent to a worker
NUM_PERM = 64  # MinHash permutations
NEAR_DUP_THRESHOLD = 0.7  # estimated Jaccard of word 5-shingles
SHINGLE = 5
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored hash values depend on it


@dataclass
class Summary:
    ingested: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    reasons: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    first_result: float | None = None  # seconds from the start to the first chunk done (model loading)
    first_chunk: int = 0  # articles that came with the first chunk

    @property
    def seen(self) -> int:
        return self.ingested + self.duplicates + self.skipped + self.failed

    def to_dict(self) -> dict:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "skipped": self.skipped,
            "failed": self.failed,
            "reasons": dict(self.reasons.most_common()),
            "seconds": round(self.seconds, 2),
            "docs_per_second": round(self.seen / self.seconds, 2) if self.seconds else None,
            "startup_seconds": round(self.first_result, 2) if self.first_result is not None else None,
            "steady_docs_per_second": round((self.seen - self.first_chunk) / (self.seconds - self.first_result), 2)
            if self.first_result is not None and self.seen > self.first_chunk and self.seconds > self.first_result + 0.1
            else None,
        }


# -- near-duplicates ----------------------------------------------------------
def minhash_bytes(text: str) -> bytes:
    from datasketch import MinHash

    words = text.lower().split()
    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch(list(shingles))
    return mh.hashvalues.astype(np.uint64).tobytes()


def _minhash(data: bytes):
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class NearDuplicates:
    """An in-memory LSH index over the stored documents' MinHashes (64
    hash values a document, so a million documents take ~0.5 GB at most)."""

    def __init__(self, store, threshold: float = NEAR_DUP_THRESHOLD):
        from datasketch import MinHashLSH

        # a lower LSH threshold for candidates, then the estimate itself decides
        self.lsh = MinHashLSH(threshold=max(0.3, threshold - 0.2), num_perm=NUM_PERM)
        self.threshold = threshold
        self.hashes: dict[str, bytes] = {}
        for doc_id, data in store.iter_minhashes():
            self.add(doc_id, data)

    def add(self, doc_id: str, data: bytes) -> None:
        if doc_id not in self.hashes:
            self.lsh.insert(doc_id, _minhash(data))
            self.hashes[doc_id] = data

    def find(self, data: bytes) -> tuple[str | None, float | None]:
        mh = _minhash(data)
        best, score = None, 0.0
        for cand in self.lsh.query(mh):
            s = mh.jaccard(_minhash(self.hashes[cand]))
            if s > score:
                best, score = cand, s
        if best is not None and score >= self.threshold:
            return best, round(float(score), 3)
        return None, None


# -- analysis (runs in a worker, or in-process with one job) ---------------------
def make_document(item: RawItem):
    from .html import document_from_html
    from .text import check_english, document_from_text

    meta = item.meta
    if item.kind == "html":
        doc = document_from_html(item.content, name=item.location, published=meta.get("published"),
                                 outlet=meta.get("outlet"), url=meta.get("url"), title=meta.get("title"))
        doc.format = item.fmt
    else:
        text = item.content if item.content.endswith("\n") else item.content + "\n"
        doc = document_from_text(text, title=meta.get("title"), outlet=meta.get("outlet"), url=meta.get("url"),
                                 published=meta.get("published"), fmt=item.fmt, origin=item.location)
    check_english(doc.text, item.location)
    return doc


def analyse_chunk(chunk: list, pipeline, known: Callable[[str], bool]) -> list[tuple]:
    """Raw items (and reader failures) -> results: ("record", loc, Record, minhash),
    ("duplicate", loc, doc_id) or ("failure", Failure)."""
    out: list[tuple] = []
    docs, locs, seen = [], [], set()
    for item in chunk:
        if isinstance(item, Failure):
            out.append(("failure", item))
            continue
        try:
            doc = make_document(item)
        except ReportedlyError as exc:
            out.append(("failure", Failure(item.location, f"{type(exc).__name__}: {exc}", "skipped")))
            continue
        except Exception as exc:  # noqa: BLE001 - a bad article never stops the run
            out.append(("failure", Failure(item.location, f"{type(exc).__name__}: {exc}"[:300], "failed")))
            continue
        if doc.id in seen or known(doc.id):
            out.append(("duplicate", item.location, doc.id))
            continue
        seen.add(doc.id)
        docs.append(doc)
        locs.append(item.location)
    if not docs:
        return out
    records = _analyse(docs, locs, pipeline)
    for rec, loc in zip(records, locs, strict=True):
        if isinstance(rec, Failure):
            out.append(("failure", rec))
        else:
            out.append(("record", loc, rec, minhash_bytes(rec.document.text)))
    return out


def _analyse(docs: list, locs: list[str], pipeline) -> list:
    """Records (or Failures) for documents: one batched parse (spaCy nlp.pipe), then
    the extractors document by document, so one failing article costs only itself."""
    def failure(loc, doc, exc):
        return Failure(loc, f"{type(exc).__name__}: {exc}"[:300], "failed", doc_id=doc.id)

    if not (hasattr(pipeline, "prepare") and hasattr(pipeline, "finish")):  # another pipeline: its own batching
        try:
            return list(pipeline.pipe(docs, batch_size=len(docs)))
        except Exception:  # noqa: BLE001 - find the one that fails, keep the rest
            out = []
            for doc, loc in zip(docs, locs, strict=True):
                try:
                    out.append(pipeline(doc))
                except Exception as exc:  # noqa: BLE001
                    out.append(failure(loc, doc, exc))
            return out
    prepared: list = []
    for doc, loc in zip(docs, locs, strict=True):
        try:
            prepared.append(pipeline.prepare(doc))
        except Exception as exc:  # noqa: BLE001
            prepared.append(failure(loc, doc, exc))
    ok = [an for an in prepared if not isinstance(an, Failure)]
    for an, sdoc in zip(ok, pipeline.nlp.pipe([an.parse_text for an in ok], batch_size=max(1, len(ok))), strict=True):
        an.sdoc = sdoc
    out = []
    for item, doc, loc in zip(prepared, docs, locs, strict=True):
        if isinstance(item, Failure):
            out.append(item)
            continue
        try:
            out.append(pipeline.finish(item))
        except Exception as exc:  # noqa: BLE001 - a bad article never stops the run
            out.append(failure(loc, doc, exc))
    return out


def _die_with_parent() -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - not Linux: the ppid check below still ends us
        pass


def _worker(task_q, result_q, db_path: str, parent: int) -> None:
    import signal

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    from ..pipeline import Pipeline
    from ..store.sqlite import SQLiteStore

    pipeline = Pipeline()
    pipeline.nlp  # noqa: B018 - load spaCy before the first chunk
    reader = None

    def known(doc_id: str) -> bool:
        nonlocal reader
        if reader is None:
            try:
                reader = SQLiteStore(db_path, readonly=True)
            except StoreError:
                return False
        return reader.has_document(doc_id)

    while True:
        try:
            chunk = task_q.get(timeout=5)
        except queue.Empty:
            if os.getppid() != parent:
                return
            continue
        if chunk is None:
            result_q.put(("done",))
            return
        try:
            results = analyse_chunk(chunk, pipeline, known)
        except Exception as exc:  # noqa: BLE001 - keep the worker alive; the chunk's articles are recorded as failed
            reason = f"{type(exc).__name__}: {exc}"[:300]
            results = [("failure", item if isinstance(item, Failure) else Failure(item.location, reason, "failed"))
                       for item in chunk]
        result_q.put(("results", results))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    buf = []
    for item in items:
        buf.append(item)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def _results_in_process(items, store, chunk_size) -> Iterator[tuple]:
    from ..pipeline import Pipeline

    pipeline = Pipeline()
    for chunk in _chunks(items, chunk_size):
        yield from analyse_chunk(chunk, pipeline, store.has_document)


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _results_parallel(items, db_path: str, jobs: int, chunk_size: int) -> Iterator[tuple]:
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    task_q = ctx.Queue(maxsize=jobs * 2)
    result_q = ctx.Queue(maxsize=jobs * 2)
    workers = [ctx.Process(target=_worker, args=(task_q, result_q, db_path, os.getpid()), daemon=True)
               for _ in range(jobs)]
    # one BLAS thread per worker: N workers on N cores, not N x cores threads fighting for them
    saved = {k: os.environ.get(k) for k in _THREAD_VARS}
    for k in _THREAD_VARS:
        os.environ.setdefault(k, "1")
    try:
        for w in workers:
            w.start()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    stop = threading.Event()
    feed_error: list[BaseException] = []

    def feed():
        try:
            for chunk in _chunks(items, chunk_size):
                while not stop.is_set():
                    try:
                        task_q.put(chunk, timeout=1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            feed_error.append(exc)
        for _ in workers:
            while not stop.is_set():
                try:
                    task_q.put(None, timeout=1)
                    break
                except queue.Full:
                    continue

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    done = 0
    try:
        while done < len(workers):
            try:
                msg = result_q.get(timeout=2)
            except queue.Empty:
                alive = [w for w in workers if w.is_alive()]
                if len(alive) < len(workers) - done:
                    raise ReportedlyError("a worker process died (out of memory?)", hint="retry with fewer --jobs") from None
                continue
            if msg[0] == "done":
                done += 1
            else:
                yield from msg[1]
        if feed_error:
            raise feed_error[0]
    finally:
        stop.set()
        for w in workers:
            w.join(timeout=2)
            if w.is_alive():
                w.terminate()


# -- the run -------------------------------------------------------------------
def ingest(paths: list[str], store, *, jobs: int = 1, fmt: str = "auto", chunk_size: int = CHUNK,
           progress: Callable[[Summary, int | None], None] | None = None, near_dup: bool = True) -> Summary:
    """Ingest every article under ``paths`` into ``store``; returns the counts."""
    summary = Summary()
    total = count_items(paths, fmt) if progress else None
    if total is not None and total <= chunk_size:
        jobs = 1  # starting workers would cost more than they save
    if progress:
        progress(summary, total)
    start = time.monotonic()
    nd = NearDuplicates(store) if near_dup else None
    items = iter_inputs(paths, fmt)
    if jobs <= 1:
        results = _results_in_process(items, store, chunk_size)
    else:
        results = _results_parallel(items, store.path, jobs, chunk_size)
    for res in results:
        now = time.monotonic() - start
        if summary.first_result is None:
            summary.first_result = now
        if now - summary.first_result < 0.05:  # still the burst of the first chunk
            summary.first_chunk += 1
        kind = res[0]
        if kind == "failure":
            failure: Failure = res[1]
            store.add_failure(failure)
            if failure.kind == "failed":
                summary.failed += 1
            else:
                summary.skipped += 1
            summary.reasons[failure.reason.split(":", 1)[0]] += 1
        elif kind == "duplicate":
            summary.duplicates += 1
        else:
            _, loc, record, mh = res
            copy_of, sim = nd.find(mh) if nd else (None, None)
            try:
                result = store.add_record(record, minhash=mh, near_dup_of=copy_of, similarity=sim)
            except sqlite3.IntegrityError as exc:  # a record the store cannot take (e.g. two claims with one id)
                store.add_failure(Failure(loc, f"StoreError: {exc}", "failed", doc_id=record.document.id))
                summary.failed += 1
                summary.reasons["StoreError"] += 1
                continue
            if result.status == "duplicate":
                summary.duplicates += 1
            else:
                summary.ingested += 1
                if result.story:
                    summary.near_duplicates += 1
                if nd:
                    nd.add(record.document.id, mh)
        summary.seconds = time.monotonic() - start
        if progress:
            progress(summary, total)
    summary.seconds = time.monotonic() - start
    return summary
