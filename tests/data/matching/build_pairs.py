"""Turn written_groups.txt into written_pairs.tsv (run once; the TSV is the gold).

base x S line -> same; base x R line -> related; base x C line -> related with
conflict=1; base of group i x the first S line of group i+7 and the first R line
of group i+13 -> different. Groups alternate between the tune and heldout splits.
"""

import csv
from pathlib import Path

HERE = Path(__file__).parent


def groups():
    out, cur = [], None
    for line in (HERE / "written_groups.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        tag, text = line[0], line[2:].strip()
        if tag == "=":
            cur = {"base": text, "lines": []}
            out.append(cur)
        else:
            cur["lines"].append((tag, text))
    return out


def main():
    gs = groups()
    rows = []
    for i, g in enumerate(gs):
        split = "tune" if i % 2 == 0 else "heldout"
        for n, (tag, text) in enumerate(g["lines"]):
            label = {"S": "same", "R": "related", "C": "related"}[tag]
            rows.append([f"w{i:02d}{n}", split, label, int(tag == "C"), f"written group {i}", g["base"], text])
        other_s = next(t for tag, t in gs[(i + 7) % len(gs)]["lines"] if tag == "S")
        other_r = next(t for tag, t in gs[(i + 13) % len(gs)]["lines"] if tag in "RC")
        rows.append([f"w{i:02d}d0", split, "different", 0, f"written groups {i}/{(i + 7) % len(gs)}", g["base"], other_s])
        rows.append([f"w{i:02d}d1", split, "different", 0, f"written groups {i}/{(i + 13) % len(gs)}", g["base"], other_r])
    with open(HERE / "written_pairs.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "split", "label", "conflict", "origin", "a", "b"])
        w.writerows(rows)
    print(len(rows))


if __name__ == "__main__":
    main()
