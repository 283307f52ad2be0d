"""Ingest speed and memory on the PolNeAR train + dev texts.

    .venv/bin/python bench/ingest.py [--limit N] [--out FILE]

Measures, each in a fresh process and a fresh store (claim matching off, so
the figures are about ingest itself):
  * docs/s of `reportedly ingest --jobs 1` and `--jobs 2`, overall and steady (after the first article is
    done, i.e. without loading the models: the parse-alone figure leaves loading out too),
  * docs/s of spaCy's parse alone over the same texts (one process, nlp.pipe),
  * the ratio ingest(1 job) / parse cost, and the speed-up of 2 jobs over 1,
  * peak memory (max RSS, the parent plus its workers) for the first 100 and for all documents.
Aims (issue 4): ratio <= 1.5, speed-up >= 1.7, peak(all) <= 1.2 x peak(100).
Needs ../shared/data/polnear (skips with a message when it is absent).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def texts(limit: int | None) -> list[Path]:
    files = sorted((POLNEAR / "train").glob("*.txt")) + sorted((POLNEAR / "dev").glob("*.txt"))
    return files[:limit] if limit else files


def make_dir(files: list[Path], where: Path) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    for f in files:
        (where / f.name).symlink_to(f)
    return where


def child_ingest(corpus: str, db: str, jobs: int) -> None:
    """Runs in a child process: ingest and print the summary with peak memory."""
    from reportedly.ingest.runner import ingest
    from reportedly.store.sqlite import SQLiteStore

    store = SQLiteStore(db)
    t0 = time.perf_counter()
    s = ingest([corpus], store, jobs=jobs)
    wall = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({**s.to_dict(), "wall": wall, "rss_self_mb": me / 1024, "rss_children_mb": kids / 1024,
                      "claims": store.count("claims")}))


def child_parse(corpus: str) -> None:
    from reportedly.ingest.text import decode
    from reportedly.pipeline import load_nlp

    nlp = load_nlp()
    docs = [decode(p.read_bytes(), str(p)) for p in sorted(Path(corpus).iterdir())]
    t0 = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(docs, batch_size=8))  # the same batch size as ingest's chunks
    wall = time.perf_counter() - t0
    print(json.dumps({"docs": n, "wall": wall, "docs_per_second": n / wall}))


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="only the first N texts")
    ap.add_argument("--out", default=None, help="write the figures as JSON here too")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        if a.child[0] == "ingest":
            child_ingest(a.child[1], a.child[2], int(a.child[3]))
        else:
            child_parse(a.child[1])
        return 0
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} is not here")
        return 0
    files = texts(a.limit)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        all_dir = make_dir(files, tmp / "all")
        small_dir = make_dir(files[:100], tmp / "first100")
        res: dict = {"documents": len(files), "cores": os.cpu_count()}

        def save():
            if a.out:
                Path(a.out).write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")

        r100 = run_child("ingest", str(small_dir), str(tmp / "m100.db"), "1")
        res["first100"] = r100
        res["peak_mb_100"] = round(r100["rss_self_mb"], 1)
        print(f"first 100 docs, 1 job: {r100['steady_docs_per_second']} docs/s, peak {res['peak_mb_100']} MB", flush=True)
        save()
        res["parse"] = run_child("parse", str(all_dir))
        print(f"parse alone: {res['parse']['docs_per_second']:.2f} docs/s", flush=True)
        save()
        for jobs in (1, 2):
            r = run_child("ingest", str(all_dir), str(tmp / f"j{jobs}.db"), str(jobs))
            res[f"jobs{jobs}"] = r
            print(f"ingest --jobs {jobs}: {r['steady_docs_per_second']} docs/s after {r['startup_seconds']} s of start-up, "
                  f"{r['docs_per_second']} docs/s overall ({r['ingested']} ingested, "
                  f"{r['duplicates']} duplicates, {r['near_duplicates']} near-duplicates, {r['skipped']} skipped, "
                  f"{r['failed']} failed)", flush=True)
            if jobs == 1:
                res["peak_mb_all"] = round(r["rss_self_mb"], 1)
                res["ingest_vs_parse"] = round(res["parse"]["docs_per_second"] / r["steady_docs_per_second"], 2)
                res["memory_all_vs_100"] = round(res["peak_mb_all"] / res["peak_mb_100"], 2)
            save()
        # parent + 2 x the largest worker (getrusage gives the largest child, not the sum)
        res["peak_mb_all_jobs2"] = round(res["jobs2"]["rss_self_mb"] + 2 * res["jobs2"]["rss_children_mb"], 1)
    res["speedup_2_jobs"] = round(res["jobs2"]["steady_docs_per_second"] / res["jobs1"]["steady_docs_per_second"], 2)
    print(f"ingest (1 job) costs {res['ingest_vs_parse']}x the parse alone (aim <= 1.5)")
    print(f"--jobs 2 is {res['speedup_2_jobs']}x --jobs 1 (aim >= 1.7)")
    print(f"peak memory, 1 job: {res['peak_mb_100']} MB for 100 docs, {res['peak_mb_all']} MB for {len(files)} "
          f"({res['memory_all_vs_100']}x, aim <= 1.2); 2 jobs, all docs: {res['peak_mb_all_jobs2']} MB in total")
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
