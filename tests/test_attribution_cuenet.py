"""The cue network (attribution/cuenet.py): the window around one cue, the
cue marked by token type, its probabilities as stage-two features, and a
seeded training run that loads back into the CRF finder."""

from __future__ import annotations

from pathlib import Path

from reportedly.attribution.cuenet import CUE_LABELS, cue_inputs, cue_range
from reportedly.attribution.percue import CueFeaturizer
from reportedly.pipeline import make_parse_text
from test_attribution_accurate import same_training


class _Tok:
    cls_token_id, sep_token_id = 101, 102


def test_cue_range_keeps_the_whole_window_when_it_fits():
    assert cue_range([[1, 2]] * 10, 4, 4, limit=20) == (0, 10)


def test_cue_range_grows_around_the_cue_within_the_limit():
    per_word = [[1, 2]] * 30  # 60 wordpieces
    a, b = cue_range(per_word, 25, 26, limit=10)
    assert a <= 25 and b >= 27
    assert sum(len(p) for p in per_word[a:b]) <= 10
    assert (a, b) == (23, 28)  # left first, then alternating: 2 + 2 + 2 + 2 + 2 pieces
    assert cue_range(per_word, 0, 0, limit=10) == (0, 5)  # at the edge it grows one way
    assert cue_range(per_word, 29, 29, limit=10) == (25, 30)


def test_cue_inputs_mark_the_cue_pieces_and_label_first_pieces():
    per_word = [[7], [8, 9], [10], []]  # the last word has no wordpiece
    ids, types, first, labs = cue_inputs(_Tok, per_word, 0, 4, {1}, ["B-S", "C", "B-T", "I-T"])
    assert ids == [101, 7, 8, 9, 10, 102]
    assert types == [0, 0, 1, 1, 0, 0]
    assert first == [1, 2, 4, -1]
    assert labs == [-100, CUE_LABELS.index("B-S"), CUE_LABELS.index("C"), -100, CUE_LABELS.index("B-T"), -100]
    assert cue_inputs(_Tok, per_word, 1, 3, {1})[1] == [0, 1, 1, 0, 0]  # indices into per_word, not from a


def test_stage_two_adds_the_cue_network_features(nlp):
    sdoc = nlp("The minister said the talks had failed.")
    toks, cue = list(sdoc), [sdoc[2]]
    cp = [[1.0, 0, 0, 0, 0, 0] for _ in toks]
    cp[1] = [0.1, 0.85, 0.05, 0.0, 0.0, 0.0]  # "minister": source start
    cp[2] = [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]  # the cue
    cp[3] = [0.3, 0.0, 0.0, 0.6, 0.1, 0.0]  # "the": content start
    cf = CueFeaturizer({})
    plain, net = cf.features(toks, cue, set()), cf.features(toks, cue, set(), None, cp)
    assert all(b[:len(a)] == a for a, b in zip(plain, net, strict=True))
    extra = [b[len(a):] for a, b in zip(plain, net, strict=True)]
    assert extra[1] == ["xs=5", "xbs=5", "xt=0", "xbt=0", "xa=B-S", "-1:xa=O", "1:xa=C"]
    assert extra[3][:5] == ["xs=0", "xbs=0", "xt=4", "xbt=4", "xa=B-T"]
    assert extra[0][-1] == "1:xa=B-S" and not any(f.startswith("-1:") for f in extra[0])


def test_cue_network_training_is_seeded_and_loads(tmp_path, nlp):
    from safetensors.torch import load_file

    from reportedly.attribution.brat import load_dir
    from reportedly.attribution.cuenet import CueTagger, train_cue_network

    docs = load_dir(Path(__file__).parent / "data" / "attribution", need_ann=True)
    parsed = [(nlp(make_parse_text(text, [])), gold) for _, text, gold in docs]
    for run in ("a", "b"):
        info = train_cue_network(parsed, tmp_path, run, epochs=2.0, warmup=1, log=lambda m: None)
        assert info["cue_network"]["cues"] > 0
    a, b = load_file(str(tmp_path / "a.cuenet.safetensors")), load_file(str(tmp_path / "b.cuenet.safetensors"))
    assert same_training(a, b)
    sdoc = nlp("The minister said the talks had failed.")
    probs = CueTagger(tmp_path / "a.cuenet.safetensors").predict([(list(sdoc), [sdoc[2]])])[0]
    assert len(probs) == len(sdoc) and all(abs(sum(p) - 1.0) < 1e-4 for p in probs)
