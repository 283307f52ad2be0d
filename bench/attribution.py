"""Speed of the attribution finders against spaCy's parse alone, on the
PolNeAR dev texts (../shared; skipped when absent).

    .venv/bin/python bench/attribution.py [--models fast,accurate,rules] [--repeat 1]

Prints one JSON object: words/s of the parse alone, of parse + each finder,
and the ratio (parse time + finder time) / parse time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "dev"


def main(argv=None) -> int:
    from reportedly.attribution.brat import load_dir
    from reportedly.extract.attribution import get_finder
    from reportedly.pipeline import load_nlp, make_parse_text

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--models", default="fast,accurate,rules")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    if not args.dev.is_dir():
        print(json.dumps({"skipped": f"{args.dev} not found"}))
        return 0
    texts = [make_parse_text(t, []) for _, t, _ in load_dir(args.dev)]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    nlp("warm up")
    finders = {m: get_finder(m) for m in args.models.split(",") if m}
    for f in finders.values():
        f(nlp("Warm up, he said."))
    t_parse = 0.0
    t_find = dict.fromkeys(finders, 0.0)
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=8))
        t_parse += time.perf_counter() - t0
        for m, f in finders.items():
            t0 = time.perf_counter()
            for d in docs:
                f(d)
            t_find[m] += time.perf_counter() - t0
    out = {"docs": len(texts), "words": words * args.repeat, "parse_words_per_s": round(words * args.repeat / t_parse),
           "models": {}}
    for m in finders:
        total = t_parse + t_find[m]
        out["models"][m] = {"finder_only_words_per_s": round(words * args.repeat / t_find[m]) if t_find[m] else None,
                            "parse_plus_finder_words_per_s": round(words * args.repeat / total),
                            "ratio_to_parse": round(total / t_parse, 3)}
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
