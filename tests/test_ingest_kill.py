"""kill -9 in the middle of `reportedly ingest`, then a re-run: every document
stored exactly once and none half-written. A real subprocess, a real signal."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest


def _corpus(root, n=40):
    root.mkdir()
    for i in range(n):
        (root / f"a{i:03d}.txt").write_text(
            f"Officials in district {i} said on Monday that {i + 3} houses had been damaged by shelling overnight. "
            f"The district head, Olena Petrenko, said repairs would start within {i % 6 + 2} days and that "
            f"{i * 7 + 11} families had been moved to shelters.\n", encoding="utf-8")
    return root


def _documents(db) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _session_members(sid: int) -> list[int]:
    """Live processes of the session the ingest run started (its workers, if any)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # fields after the name: state, ppid, pgrp, session
            out.append(int(entry))
    return out


def _check_whole(db):
    """Each stored document has all its rows: as many claims, figures and entities as its record, and its FTS row."""
    con = sqlite3.connect(db)
    docs = con.execute("SELECT rowid, id, record FROM documents").fetchall()
    for rowid, doc_id, data in docs:
        rec = json.loads(data)
        n_claims = con.execute("SELECT count(*) FROM claims WHERE doc_id=?", (doc_id,)).fetchone()[0]
        n_q = con.execute("SELECT count(*) FROM quantities WHERE doc_id=?", (doc_id,)).fetchone()[0]
        n_e = con.execute("SELECT count(*) FROM entities WHERE doc_id=?", (doc_id,)).fetchone()[0]
        assert (n_claims, n_q, n_e) == (len(rec["claims"]), len(rec["quantities"]), len(rec["entities"]))
        assert con.execute("SELECT count(*) FROM documents_fts WHERE rowid=?", (rowid,)).fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == \
        con.execute("SELECT count(*) FROM claims_fts").fetchone()[0]
    assert con.execute("SELECT count(*) FROM claims WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
    ids = [r[1] for r in docs]
    con.close()
    return ids


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_9_then_rerun_stores_each_document_once(tmp_path, jobs):
    corpus = _corpus(tmp_path / "in")
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "reportedly.cli", "ingest", str(corpus), "--db", str(db), "--jobs", jobs,
           "--no-match", "--json"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    deadline = time.monotonic() + 90
    try:
        while _documents(db) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed"
        # the parent, its workers (and with workers, multiprocessing's resource tracker)
        assert len(_session_members(proc.pid)) >= 1 + (2 if jobs == "2" else 0)
        os.kill(proc.pid, signal.SIGKILL)  # the parent only, mid-write: its workers must not outlive it
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 15
    while _session_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _session_members(proc.pid), "worker processes outlived the killed parent"
    stored = _check_whole(db)
    assert 3 <= len(stored) < 40
    rerun = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout.strip().splitlines()[-1])
    ids = _check_whole(db)
    assert len(ids) == len(set(ids)) == 40
    assert summary["ingested"] == 40 - len(stored)
    assert summary["duplicates"] == len(stored)
