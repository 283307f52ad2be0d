"""The accurate attribution model: a token classifier whose label
probabilities are features of the CRF stages (attribution/neural.py; since
session 25 all-mpnet-base-v2's top layers, attribution/mpnet.py).
Window and feature helpers, the shipped model on sentences of each
construction, a save/load round-trip and seeded training."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportedly.attribution import MODELS_DIR, load_finder, shipped_models
from reportedly.attribution.features import network_features
from reportedly.attribution.neural import LABELS, windows
from reportedly.pipeline import make_parse_text
from test_attribution_finder import CASES, _covers, _overlaps

STEM = shipped_models().get("accurate")
HAS_NET = STEM is not None and (MODELS_DIR / f"{STEM}.net.safetensors").exists()
needs_net = pytest.mark.skipif(not HAS_NET, reason="no shipped accurate model with a network")


def test_windows_cover_every_word_with_overlap():
    per_word = [[1, 2]] * 30 + [[3]] * 40  # 100 wordpieces
    wins = windows(per_word, limit=20)
    assert wins[0][0] == 0 and wins[-1][1] == 70
    for (a1, b1), (a2, _b2) in zip(wins, wins[1:], strict=False):
        assert a1 < a2 < b1  # consecutive windows overlap and advance
    assert all(sum(len(p) for p in per_word[a:b]) <= 20 for a, b in wins)
    assert windows([[1]] * 5, limit=20) == [(0, 5)]


def test_network_features_bin_the_probabilities():
    def row(**p):
        return [p.get(lab.replace("-", ""), 0.0) for lab in LABELS]

    probs = {3: row(O=1.0), 7: row(BC=0.6, IC=0.3, O=0.1), 9: row(BT=0.15, IT=0.05, O=0.8)}
    ids = [3, 7, 9]
    assert network_features(probs, ids, 1) == ["nc=5", "nb=4", "ns=0", "nt=0", "na=B-C",
                                               "-1:nc=0", "-1:na=O", "1:nc=0", "1:na=O"]
    assert network_features(probs, ids, 2)[:5] == ["nc=0", "nb=0", "ns=0", "nt=2", "na=O"]
    assert [f for f in network_features(probs, ids, 0) if f.startswith("-1:")] == []  # no left neighbour


def test_stage_two_adds_the_network_features_to_every_token(nlp):
    from reportedly.attribution.percue import CueFeaturizer

    sdoc = nlp("The minister said the talks had failed.")
    toks, cue = list(sdoc), [sdoc[2]]
    probs = [[0.0] * 7 for _ in sdoc]
    for p in probs:
        p[0] = 1.0
    probs[1] = [0.1, 0.8, 0.1, 0.0, 0.0, 0.0, 0.0]  # "minister": source
    probs[5] = [0.2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.8]  # "had": content
    cf = CueFeaturizer({})
    plain, net = cf.features(toks, cue, set()), cf.features(toks, cue, set(), probs)
    extra = [b[len(a):] for a, b in zip(plain, net, strict=True)]
    assert all(b[:len(a)] == a for a, b in zip(plain, net, strict=True))
    assert extra[1] == ["ns=5L", "nt=0L", "na=B-S"]
    assert extra[2] == ["ns=0R", "nt=0R", "na=O"]  # the cue itself
    assert extra[5] == ["ns=0R", "nt=5R", "na=I-T"]


@needs_net
@pytest.mark.parametrize(("text", "source", "cue", "content"), CASES, ids=[c[2] + ":" + c[0][:20] for c in CASES])
def test_construction(nlp, text, source, cue, content):
    atts = load_finder("accurate")(nlp(make_parse_text(text, [])))
    c0, t0 = text.index(cue), text.index(content)
    hits = [a for a in atts if _overlaps(a.cue, c0, c0 + len(cue)) and _covers(a.content, t0, t0 + len(content))]
    assert hits, [(a.source, a.cue, a.content) for a in atts]
    if source is not None:
        s0 = text.index(source)
        assert _overlaps(hits[0].source, s0, s0 + len(source))


@needs_net
def test_no_attribution_in_plain_narrative(nlp):
    text = "The bridge over the river was built in 1902. It is painted green."
    assert load_finder("accurate")(nlp(make_parse_text(text, []))) == []


@needs_net
def test_save_load_round_trip(tmp_path, nlp):
    from reportedly.attribution.crf import CRFFinder
    from reportedly.attribution.mpnet import MpnetTagger, save_top
    from reportedly.attribution.neural import load_network, save_network

    finder = load_finder("accurate")
    assert isinstance(finder.net, MpnetTagger) and finder.net.top == 8  # since session 25
    # int8 again: packing what was unpacked gives the same weights
    save_top(finder.net.model, finder.net.top, tmp_path, "copy")
    cue_net = MODELS_DIR / f"{STEM}.cuenet.safetensors"
    if cue_net.exists():
        from reportedly.attribution.cuenet import CUE_LABELS

        save_network(load_network(cue_net, CUE_LABELS), tmp_path, "copy", suffix="cuenet")
    for suffix in (".crfsuite", ".cue.crfsuite", ".lexicon.json", ".conf.json"):
        if (MODELS_DIR / f"{STEM}{suffix}").exists():
            shutil.copy(MODELS_DIR / f"{STEM}{suffix}", tmp_path / f"copy{suffix}")
    for cue_model in MODELS_DIR.glob("*.cue.crfsuite"):  # a second stage shared with another model
        if not (tmp_path / cue_model.name).exists():
            (tmp_path / cue_model.name).symlink_to(cue_model)
    again = CRFFinder(tmp_path, "copy")
    words = [["“", "We", "will", "win", ",", "”", "she", "said", "."]]
    p1, p2 = finder.net.predict(words)[0], again.net.predict(words)[0]
    assert max(abs(a - b) for r1, r2 in zip(p1, p2, strict=True) for a, b in zip(r1, r2, strict=True)) < 1e-4
    text = "“We will win,” she said. Officials told reporters the plan was dead."
    sdoc = nlp(make_parse_text(text, []))
    assert [(a.source, a.cue, a.content) for a in finder(sdoc)] == [(a.source, a.cue, a.content) for a in again(sdoc)]
    assert (MODELS_DIR / f"{STEM}.net.safetensors").stat().st_size < 58_000_000  # eight layers and the head
    from test_attribution_mpnet import same_file

    assert same_file(tmp_path / "copy.net.safetensors", MODELS_DIR / f"{STEM}.net.safetensors")
    if cue_net.exists():
        assert again.cue_net is not None
        assert (tmp_path / "copy.cuenet.safetensors").read_bytes() == cue_net.read_bytes()


def same_training(a, b) -> bool:
    """Two saved networks from the same seeded training. Two runs were once
    not bit-identical in CI (session 16; the cause was not found, the same
    test passed before and since, and session 13 saw 0.14% of the int8
    weights one step apart after two full trainings), so int8 matrices may differ by one step in under 1% of
    their entries and float tensors (stored in float16) by two units in the
    last place; a different seed changes the randomly initialised head far
    beyond that."""
    import torch

    if a.keys() != b.keys():
        return False
    for k in a:
        x, y = a[k], b[k]
        if x.dtype == torch.int8:
            diff = (x.int() - y.int()).abs()
            if int(diff.max()) > 1 or float((diff > 0).float().mean()) >= 0.01:
                return False
        elif not torch.allclose(x.float(), y.float(), rtol=2e-3, atol=1e-6):
            return False
    return True


def test_network_training_is_seeded(tmp_path, nlp):
    from safetensors.torch import load_file

    from reportedly.attribution.brat import load_dir
    from reportedly.attribution.neural import train_network

    docs = load_dir(Path(__file__).parent / "data" / "attribution", need_ann=True)
    parsed = [(nlp(make_parse_text(text, [])), gold) for _, text, gold in docs]
    for run in ("a", "b"):
        info = train_network(parsed, tmp_path, run, epochs=2.0, warmup=1, log=lambda m: None)
        assert info["network"]["steps"] >= 2
    a, b = load_file(str(tmp_path / "a.net.safetensors")), load_file(str(tmp_path / "b.net.safetensors"))
    assert same_training(a, b)
    # another seed: another head, so the check above can fail
    train_network(parsed, tmp_path, "c", seed=14, epochs=2.0, warmup=1, log=lambda m: None)
    assert not same_training(a, load_file(str(tmp_path / "c.net.safetensors")))
    assert not any(k.endswith("word_embeddings.weight") for k in a)  # the frozen matrix does not ship


@needs_net
def test_hybrid_accurate_keeps_a_citing_phrase_in_the_chain():
    from reportedly.ingest.text import document_from_text
    from reportedly.pipeline import Pipeline

    text = "The Irrawaddy reported that a jet dropped two bombs on the village, citing two witnesses.\n"
    rec = Pipeline(attribution_model="hybrid-accurate")(document_from_text(text))
    assert [c.cue.text for c in rec.claims] == ["reported"]  # not a second claim whose cue is "citing"
    (claim,) = rec.claims
    assert claim.source.text == "The Irrawaddy"
    assert any("witnesses" in link.text for link in claim.chain), claim.chain


def test_out_of_fold_probabilities_come_from_networks_that_did_not_see_the_document(nlp, monkeypatch):
    from reportedly.attribution import neural
    from reportedly.attribution.brat import load_dir

    docs = load_dir(Path(__file__).parent / "data" / "attribution", need_ann=True)
    parsed = [(nlp(make_parse_text(text, [])), gold) for _ in range(2) for _, text, gold in docs]  # distinct Docs
    seen, real = [], neural.train_network

    def recording(rest, out_dir, name, **kw):
        seen.append({id(sd) for sd, _ in rest})
        return real(rest, out_dir, name, **kw)

    monkeypatch.setattr(neural, "train_network", recording)
    probs = neural.out_of_fold_probs(parsed, 2, log=lambda m: None, epochs=1.0, warmup=1, threads=1)
    assert len(seen) == 2
    for i, (sd, _) in enumerate(parsed):
        assert id(sd) not in seen[i % 2]  # the network that scored document i never trained on it
        assert id(sd) in seen[1 - i % 2]
        assert len(probs[i]) == len(sd) and all(abs(sum(p) - 1.0) < 1e-3 for p in probs[i])


def test_packed_weights_are_int8_per_row_and_unpack_close():
    import torch

    from reportedly.attribution.neural import pack_weights, unpack_weights

    g = torch.Generator().manual_seed(0)
    state = {"enc.dense.weight": torch.randn(4, 6, generator=g) * torch.tensor([[0.01], [1.0], [5.0], [0.0]]),
             "enc.dense.bias": torch.randn(4, generator=g), "embeddings.word_embeddings.weight": torch.ones(3, 2),
             "pos_ids": torch.arange(5)}
    packed = pack_weights(state)
    assert packed["enc.dense.weight.int8"].dtype == torch.int8 and packed["enc.dense.bias"].dtype == torch.float16
    assert "embeddings.word_embeddings.weight" not in packed and not any(k.endswith("word_embeddings.weight.int8")
                                                                        for k in packed)
    back = unpack_weights(packed)
    err = (back["enc.dense.weight"] - state["enc.dense.weight"]).abs()
    assert (err <= state["enc.dense.weight"].abs().amax(dim=1, keepdim=True) / 254 + 1e-7).all()  # half a step per row
    assert back["enc.dense.weight"][3].abs().max() == 0  # an all-zero row survives
    assert torch.equal(back["pos_ids"], state["pos_ids"])
    assert torch.equal(pack_weights(back)["enc.dense.weight.int8"], packed["enc.dense.weight.int8"])


def _tiny_corpus(tmp_path: Path, copies: int) -> Path:
    data = Path(__file__).parent / "data" / "attribution"
    corpus = tmp_path / "train"
    corpus.mkdir()
    for k in range(copies):
        for suffix in (".txt", ".ann"):
            shutil.copy(data / f"tricky{suffix}", corpus / f"doc{k}{suffix}")
    return corpus


def test_train_command_with_network_and_folds_writes_a_model_that_loads(tmp_path, nlp):
    import json

    from typer.testing import CliRunner

    from reportedly.attribution.crf import CRFFinder
    from reportedly.cli import app

    out = tmp_path / "model"
    res = CliRunner().invoke(app, ["train", "attribution", str(_tiny_corpus(tmp_path, 2)), "--out", str(out),
                                   "--name", "tiny", "--network", "--net-folds", "2", "--verify", "--max-iter", "3",
                                   "--cue-iter", "3", "--threads", "1"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["network"]["folds"] == 2 and summary["docs"] == 2
    assert {p.name for p in out.iterdir()} >= {"tiny.crfsuite", "tiny.cue.crfsuite", "tiny.lexicon.json",
                                                "tiny.net.safetensors", "tiny.cuenet.safetensors", "manifest.json"}
    assert summary["cue_network"]["cues"] > 0 and summary["cue_network"]["not_cues"] >= 0
    assert summary["cue_network"]["epochs"] == 4.0  # the default is the shipped cue network's (session 17)
    assert json.loads((out / "tiny.conf.json").read_text())["verify"]["candidates"] == 0.1
    finder = CRFFinder(out, "tiny")
    assert finder.net is not None and finder.net_in_stage_two and finder.cue_net is not None
    assert finder.verify is not None  # --verify: the cue network judges the proposals
    assert isinstance(finder(nlp(make_parse_text("“We will win,” she said.", []))), list)


def test_train_command_refuses_more_folds_than_documents(tmp_path):
    from typer.testing import CliRunner

    from reportedly.cli import app

    res = CliRunner().invoke(app, ["train", "attribution", str(_tiny_corpus(tmp_path, 2)), "--out",
                                   str(tmp_path / "m"), "--network", "--net-folds", "3"])
    assert res.exit_code == 2
    assert "--net-folds 3 needs at least 3 training documents, found 2" in res.output
    assert "Traceback" not in res.output and not (tmp_path / "m").exists()


def test_train_command_writes_the_stage_one_cue_threshold(tmp_path, nlp):
    import json

    from typer.testing import CliRunner

    from reportedly.attribution.crf import CRFFinder
    from reportedly.attribution.verify import VerifyConfig
    from reportedly.cli import app

    corpus = _tiny_corpus(tmp_path, 1)
    for keep, out in ((0.55, tmp_path / "a"), (0.0, tmp_path / "b")):
        res = CliRunner().invoke(app, ["train", "attribution", str(corpus), "--out", str(out), "--name", "tiny",
                                       "--network", "--no-cue-network", "--cue-keep", str(keep), "--max-iter", "3",
                                       "--cue-iter", "3", "--threads", "1", "--net-epochs", "1"])
        assert res.exit_code == 0, res.output
    conf = json.loads((tmp_path / "a" / "tiny.conf.json").read_text())
    assert VerifyConfig.from_json(conf["verify"]) == VerifyConfig.stage_one(0.55) and conf["need_content"] is True
    finder = CRFFinder(tmp_path / "a", "tiny")
    assert finder.cue_net is None and finder.verify is not None and finder.verify.by == "stage-one"
    assert finder.need_content
    assert isinstance(finder(nlp(make_parse_text("“We will win,” she said.", []))), list)
    # --cue-keep 0: stage one's Viterbi cues only
    assert json.loads((tmp_path / "b" / "tiny.conf.json").read_text()) == {"need_content": True, "quote_window": True}
    assert CRFFinder(tmp_path / "a", "tiny").quote_window
    assert CRFFinder(tmp_path / "b", "tiny").verify is None


@needs_net
def test_stage_one_threshold_of_the_shipped_model_decides_which_cues_stay(tmp_path, nlp):
    import json

    from reportedly.attribution.crf import CRFFinder
    from reportedly.attribution.verify import VerifyConfig

    shipped = load_finder("accurate")
    assert shipped.verify is not None and shipped.verify.by == "stage-one" and shipped.need_content
    for path in MODELS_DIR.glob(f"{STEM}.*"):
        if not path.name.endswith(".conf.json"):
            (tmp_path / path.name).symlink_to(path)
    text = "Officials told reporters the plan was dead. The mayor said the bridge would reopen."
    sdoc = nlp(make_parse_text(text, []))
    cues = {text[a.cue[0][0]:a.cue[0][1]] for a in shipped(sdoc)}
    assert {"told", "said"} <= cues
    (tmp_path / f"{STEM}.conf.json").write_text(json.dumps({"verify": VerifyConfig.stage_one(0.999).to_json()}))
    assert CRFFinder(tmp_path, STEM)(sdoc) == []  # no proposal is that sure
    (tmp_path / f"{STEM}.conf.json").unlink()
    viterbi = CRFFinder(tmp_path, STEM)  # no conf: stage one's Viterbi cues, as before session 14
    assert viterbi.verify is None
    assert {text[a.cue[0][0]:a.cue[0][1]] for a in viterbi(sdoc)} >= cues
