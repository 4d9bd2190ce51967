"""Recognising column headers: Norwegian and English aliases in any case or punctuation.

Each reader names its fields with aliases in priority order; a header is normalised to lower-case
letters and digits (æøå kept), so `Ans.nr`, `ANS NR` and `ans-nr` all read as `ansnr`.
Lookups are cached per distinct header text because the header search scores many rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

__all__ = ["normalise", "match_columns", "Aliases", "TURNUS", "STAFF"]

Aliases = Mapping[str, Sequence[str]]

_NON_ALNUM = re.compile(r"[^0-9a-zæøåäöü]+")


def normalise(header: object) -> str:
    return _NON_ALNUM.sub("", str(header).strip().lower())


_EMPLOYEE = ("employeeid", "ansattnr", "ansattnummer", "ansnr", "persnr", "personnr", "ansattid",
             "employeenumber", "employee", "empid", "staffid", "personid", "id")
_NAME = ("name", "navn", "fulltnavn", "fullname", "etternavnfornavn", "ansattnavn", "employeename")
_WARD = ("ward", "wardid", "post", "enhet", "avdeling", "avd", "seksjon", "gruppe", "locationname",
         "location", "unit", "hjemmepost", "homeward")
_PROFESSION = ("profession", "stilling", "yrke", "yrkesgruppe", "stillingstype", "role")

TURNUS: Aliases = {
    "employee_id": _EMPLOYEE,
    "name": _NAME,
    "ward": _WARD,
    "profession": _PROFESSION,
    "date": ("date", "dato", "vaktdato", "shiftdate", "dag", "day"),
    "shift_code": ("shiftcode", "code", "vaktkode", "vakt", "kode", "vakttype", "templatecode", "shift"),
    "start": ("start", "fra", "from", "starttid", "fratid", "starttime", "klfra"),
    "end": ("end", "slutt", "til", "to", "sluttid", "tiltid", "endtime", "kltil"),
}

STAFF: Aliases = {"employee_id": _EMPLOYEE, "name": _NAME, "ward": _WARD, "profession": _PROFESSION}

_TABLES: dict[int, tuple[Aliases, dict[str, tuple[str, int]], tuple[tuple[str, str, int], ...]]] = {}


def _compiled(aliases: Aliases) -> tuple[dict[str, tuple[str, int]], tuple[tuple[str, str, int], ...]]:
    entry = _TABLES.get(id(aliases))
    if entry is None or entry[0] is not aliases:
        exact: dict[str, tuple[str, int]] = {}
        prefix: list[tuple[str, str, int]] = []
        for field, names in aliases.items():
            for rank, alias in enumerate(names):
                exact.setdefault(alias, (field, rank))
                if len(alias) >= 4:
                    prefix.append((alias, field, rank))
        entry = (aliases, exact, tuple(prefix))
        _TABLES[id(aliases)] = entry
    return entry[1], entry[2]


@lru_cache(maxsize=65536)
def _norm_cached(header: str) -> str:
    return normalise(header)


def match_columns(header: Sequence[str], aliases: Aliases) -> dict[int, str]:
    """Column position -> field. Exact alias matches first (earlier aliases win), then a header
    that starts with a long alias (`Vaktkode (turnus)`); each field and column used once."""
    exact, prefix = _compiled(aliases)
    norm = [_norm_cached(str(h)) if len(str(h)) < 80 else "" for h in header]
    best: dict[str, tuple[int, int, int]] = {}  # field -> (pass, rank, pos)
    for pos, h in enumerate(norm):
        if not h:
            continue
        hit = exact.get(h)
        if hit is not None:
            cand = (0, hit[1], pos)
            if hit[0] not in best or cand < best[hit[0]]:
                best[hit[0]] = cand
    used = {c[2] for c in best.values()}
    for pos, h in enumerate(norm):
        if len(h) < 5 or pos in used or h.isdigit():
            continue
        for alias, field, rank in prefix:
            if field not in best and h.startswith(alias):
                best[field] = (1, rank, pos)
                used.add(pos)
                break
    return {pos: field for field, (_, _, pos) in best.items()}
