"""Deterministic fictional hospitals: turnus, supporters, wards and rules in canonical form.

`generate("S", seed=1)` builds a hospital with two sites, departments of 2–5 wards, round-the-
clock wards (D/A/N with every-third-weekend rotation and dedicated night workers), extended wards
(D/A on weekdays), day-only wards (poliklinikk; an administrative unit that needs no cover),
leave (summer FE blocks, sick days S/SYK, courses KURS) and peer supporters with varied limits.
The same size and seed always give byte-identical files. Everything is fictional: names are
random combinations of common Norwegian first and last names, sites and wards are invented.

Run `python -m scheduler.demo.generate --size S --seed 1 --out data --messy data/messy`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import holidays
import numpy as np
import pandas as pd

__all__ = [
    "SizeSpec",
    "SIZES",
    "GeneratedHospital",
    "SHIFT_TIMES",
    "generate",
    "write_canonical",
]

# --- fixed tables --------------------------------------------------------------------------------

#: Codes the generator writes, in the order of the internal code matrix (index = int8 value).
CODES: tuple[str, ...] = ("F", "D", "A", "N", "LD", "KS", "FE", "S", "SYK", "KURS")
F, D, A, N, LD, KS, FE, S, SYK, KURS = range(len(CODES))
#: Start and end of the codes with times (the built-in table, scheduler.io.shift_codes, has the same times).
SHIFT_TIMES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {"D": ("07:30", "15:30"), "A": ("15:00", "22:30"), "N": ("22:15", "07:45"),
     "LD": ("07:30", "19:30"), "KS": ("08:00", "15:30")}
)
PROFESSIONS: tuple[str, ...] = ("sykepleier", "lege", "helsefagarbeider", "jordmor", "fysioterapeut")
#: Share of each profession (order of PROFESSIONS) by kind of ward.
MIXES: MappingProxyType[str, tuple[float, ...]] = MappingProxyType({
    "seng": (0.62, 0.12, 0.20, 0.0, 0.06),
    "intensiv": (0.80, 0.15, 0.05, 0.0, 0.0),
    "fodsel": (0.20, 0.12, 0.10, 0.58, 0.0),
    "poli": (0.45, 0.30, 0.10, 0.0, 0.15),
    "psyk": (0.55, 0.10, 0.32, 0.0, 0.03),
    "rehab": (0.40, 0.08, 0.22, 0.0, 0.30),
    "admin": (0.55, 0.15, 0.30, 0.0, 0.0),
})
WardType = Literal["24/7", "extended", "day", "admin"]
SITES: tuple[tuple[str, str], ...] = (
    ("Nordby sykehus", "N"), ("Sørvik sykehus", "S"), ("Austfjord sykehus", "A"), ("Vestvik sykehus", "V"),
)
FIRST_NAMES: tuple[str, ...] = (
    "Kari", "Ola", "Ingrid", "Bjørn", "Åse", "Øystein", "Solveig", "Håkon", "Sigrid", "Jørgen",
    "Marte", "Eirik", "Ragnhild", "Tor", "Hege", "Kjetil", "Siri", "Geir", "Tone", "Lars",
    "Ingeborg", "Per", "Astrid", "Knut", "Liv", "Anders", "Gro", "Øyvind", "Mette", "Stian",
    "Nora", "Sindre", "Hanne", "Trond", "Maren", "Espen", "Turid", "Vegard", "Line", "Åsmund",
    "Synnøve", "Rune", "Torunn", "Jon", "Eli", "Frode", "Randi", "Halvor", "Berit", "Sølvi",
    "Amir", "Fatima", "Piotr", "Aleksandra", "Mohammed", "Linh", "Sara", "Emil", "Ida", "Jonas",
)
LAST_NAMES: tuple[str, ...] = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen",
    "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge", "Moe",
    "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Christensen",
    "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen",
    "Ødegård", "Tangen", "Aasen", "Brekke", "Løken", "Sæter", "Fjeld", "Haaland", "Kowalski",
    "Østby", "Bråten", "Vik", "Rønning", "Ahmed", "Tveit", "Grønli",
)


@dataclass(frozen=True)
class _WardTemplate:
    name: str
    kind: WardType
    mix: str
    weight: float = 1.0  # relative staff size


@dataclass(frozen=True)
class _Department:
    code: str
    name: str
    wards: tuple[_WardTemplate, ...]


_W = _WardTemplate
DEPARTMENTS: tuple[_Department, ...] = (
    _Department("MED", "Medisinsk klinikk", (
        _W("Hjertemedisinsk sengepost", "24/7", "seng"), _W("Lungemedisinsk sengepost", "24/7", "seng"),
        _W("Geriatrisk sengepost", "24/7", "seng"), _W("Medisinsk poliklinikk", "day", "poli"),
        _W("Gastromedisinsk sengepost", "24/7", "seng"), _W("Infeksjonsmedisinsk post", "24/7", "seng"),
    )),
    _Department("KIR", "Kirurgisk klinikk", (
        _W("Ortopedisk sengepost", "24/7", "seng"), _W("Gastrokirurgisk sengepost", "24/7", "seng"),
        _W("Dagkirurgisk enhet", "extended", "poli"), _W("Ortopedisk poliklinikk", "day", "poli"),
        _W("Urologisk sengepost", "24/7", "seng", 0.8), _W("Karkirurgisk sengepost", "24/7", "seng", 0.8),
    )),
    _Department("AKU", "Akuttklinikken", (
        _W("Akuttmottak", "24/7", "intensiv", 1.3), _W("Observasjonspost", "24/7", "seng", 0.8),
        _W("Akuttpoliklinikk", "extended", "poli"), _W("Prehospital koordinering", "day", "admin", 0.6),
    )),
    _Department("INT", "Intensiv og overvåkning", (
        _W("Intensivavdeling", "24/7", "intensiv", 1.3), _W("Postoperativ enhet", "24/7", "intensiv"),
        _W("Medisinsk overvåkning", "24/7", "intensiv", 0.9), _W("Oppvåkning dagkirurgi", "extended", "intensiv"),
    )),
    _Department("KVI", "Kvinneklinikken", (
        _W("Fødeavdeling", "24/7", "fodsel", 1.1), _W("Barselavdeling", "24/7", "fodsel"),
        _W("Gynekologisk sengepost", "24/7", "seng", 0.8), _W("Kvinnepoliklinikk", "day", "poli"),
    )),
    _Department("BUK", "Barne- og ungdomsklinikken", (
        _W("Barnemedisinsk sengepost", "24/7", "seng"), _W("Nyfødtintensiv", "24/7", "intensiv", 1.1),
        _W("Barne- og ungdomspoliklinikk", "day", "poli"), _W("Barnekirurgisk dagenhet", "extended", "poli"),
        _W("Ungdomspost", "24/7", "seng", 0.7),
    )),
    _Department("PSY", "Psykisk helsevern", (
        _W("Akuttpsykiatrisk post", "24/7", "psyk", 1.1), _W("Alderspsykiatrisk post", "24/7", "psyk"),
        _W("DPS døgnpost", "24/7", "psyk"), _W("DPS poliklinikk", "day", "psyk"),
        _W("Sikkerhetspost", "24/7", "psyk", 0.9),
    )),
    _Department("REH", "Rehabilitering", (
        _W("Rehabiliteringspost", "extended", "rehab"), _W("Fysikalsk medisin poliklinikk", "day", "rehab"),
        _W("Slagenhet", "24/7", "seng"), _W("Lærings- og mestringssenter", "day", "rehab", 0.6),
    )),
    _Department("STAB", "Stab og fagutvikling", (
        _W("Fagutvikling og kvalitet", "admin", "admin", 0.8), _W("Smertepoliklinikk", "day", "poli"),
        _W("Merkantil tjeneste", "admin", "admin", 0.7),
    )),
    _Department("NEV", "Nevroklinikken", (
        _W("Nevrologisk sengepost", "24/7", "seng"), _W("Nevrokirurgisk sengepost", "24/7", "seng"),
        _W("Nevrologisk poliklinikk", "day", "poli"), _W("Søvnlaboratorium", "extended", "poli", 0.6),
    )),
)
_STAFF_WEIGHT: MappingProxyType[str, float] = MappingProxyType(
    {"24/7": 1.0, "extended": 0.6, "day": 0.45, "admin": 0.3}
)


@dataclass(frozen=True)
class SizeSpec:
    """Targets for one size: wards, weeks of horizon, staff, supporters and sites.

    The hard shapes for fair burden: `staff_unit` adds an administrative unit (needs no cover)
    of that many supporters on a KS support shift every weekday — each can cover every ward
    alone, so a rota with the fewest duties loads them to their weekly limit; `same_site` with
    small `site_weights` leaves a small site with few supporters at night.
    """

    wards: int
    weeks: int
    staff: int
    supporters: int
    sites: int = 2
    staff_unit: int = 0
    same_site: bool = False
    site_weights: tuple[float, ...] = (1.0, 0.8, 0.65)

    def __post_init__(self) -> None:
        if not (1 <= self.sites <= len(SITES)):
            raise ValueError(f"sites must be 1..{len(SITES)}")
        if self.wards < self.sites or self.staff < 3 * self.wards or self.weeks < 1:
            raise ValueError("need at least one ward per site, three staff per ward and one week")
        if not 0 <= self.supporters <= self.staff:
            raise ValueError("supporters must be between 0 and staff")


SIZES: MappingProxyType[str, SizeSpec] = MappingProxyType({
    "S": SizeSpec(wards=12, weeks=8, staff=350, supporters=30, sites=2),
    "M": SizeSpec(wards=40, weeks=12, staff=1600, supporters=110, sites=2),
    "L": SizeSpec(wards=100, weeks=52, staff=4000, supporters=280, sites=3),
    # The hard shapes for fairness (benchmarks/RESULTS.md): a staff unit on support shifts, and
    # three sites with a small one, each site covering only itself (same_site).
    "M-staff": SizeSpec(wards=40, weeks=12, staff=1600, supporters=110, sites=2, staff_unit=6),
    "M-sites": SizeSpec(wards=40, weeks=12, staff=1600, supporters=110, sites=3, same_site=True,
                        site_weights=(1.0, 0.8, 0.2)),
    # A trust-year with both: a staff unit on support shifts and a small site at night.
    "L-hard": SizeSpec(wards=100, weeks=52, staff=4000, supporters=244, sites=4, same_site=True,
                       site_weights=(1.0, 0.9, 0.8, 0.25), staff_unit=6),
})


@dataclass(frozen=True)
class GeneratedHospital:
    """A generated instance in canonical form (the README's «Inputs»).

    `turnus` has one row per employee per date (off days "F"), sorted by employee then date;
    its text columns are categoricals and `date` is datetime64. `supporters` and `wards` hold the
    columns of supporters.csv and wards.csv (nullable integers, empty string for no value).
    """

    turnus: pd.DataFrame
    supporters: pd.DataFrame
    wards: pd.DataFrame
    rules_toml: str
    seed: int
    start: dt.date

    @property
    def dates(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.turnus["date"].unique())


# --- wards ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _WardRow:
    ward: str
    name: str
    department: str
    site: str
    kind: WardType
    mix: str
    weight: float


def _split(total: int, weights: Sequence[float]) -> np.ndarray:
    """Integers proportional to `weights` summing to `total` (largest remainder)."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    out = np.floor(raw).astype(np.int64)
    rest = total - int(out.sum())
    if rest > 0:
        out[np.argsort(-(raw - out), kind="stable")[:rest]] += 1
    return out


def _department_order(rng: np.random.Generator, site_index: int) -> list[_Department]:
    """Medicine first (and staff functions at the main site), the rest shuffled."""
    by_code = {d.code: d for d in DEPARTMENTS}
    head = ["MED", "STAB"] if site_index == 0 else ["MED"]
    rest = [d.code for d in DEPARTMENTS if d.code not in head]
    rng.shuffle(rest)
    return [by_code[c] for c in head + rest]


def _site_wards(rng: np.random.Generator, count: int, site_index: int) -> list[_WardRow]:
    """`count` wards of one site, in departments of 2–5 wards."""
    site_name, letter = SITES[site_index]
    rows: list[_WardRow] = []
    remaining = count
    order = _department_order(rng, site_index)
    room = [2 if d.code == "STAB" else min(5, len(d.wards)) for d in order]
    for pos, dept in enumerate(order):
        if remaining <= 0:
            break
        cap = min(room[pos], max(2, -(-count // 3)))
        k = min(max(int(rng.integers(2, cap + 1)), remaining - sum(room[pos + 1:])), room[pos], remaining)
        if remaining - k == 1:
            k = k + 1 if k < room[pos] else k - 1
        picks = [0, *sorted(rng.permutation(np.arange(1, len(dept.wards)))[: k - 1].tolist())]
        if dept.code == "STAB":
            picks = list(range(k))  # the administrative unit and a pain clinic (day only)
        for j, idx in enumerate(picks, start=1):
            t = dept.wards[idx]
            rows.append(_WardRow(f"{letter}-{dept.code}{j}", t.name, f"{dept.name} {site_name.split()[0]}",
                                 site_name, t.kind, t.mix, t.weight))
        remaining -= k
    if remaining > 0:
        raise ValueError(f"the ward catalogue has too few wards for {count} wards on one site")
    return rows


def _make_wards(rng: np.random.Generator, spec: SizeSpec) -> list[_WardRow]:
    """All wards, split over the sites (the first site largest)."""
    site_weights = list(spec.site_weights[: spec.sites])
    counts = _split(spec.wards, site_weights)
    return [w for i, c in enumerate(counts) for w in _site_wards(rng, int(c), i)]


# --- staff ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Staff:
    """Per-employee attributes as parallel arrays (employee index = position)."""

    ids: np.ndarray  # str
    names: np.ndarray  # str
    ward: np.ndarray  # int index into wards
    profession: np.ndarray  # int index into PROFESSIONS
    fte: np.ndarray  # float 0.5..1.0
    night_worker: np.ndarray  # bool: works nights only
    day_person: np.ndarray  # bool: weekday days only (managers, physiotherapists, day wards)
    manager: np.ndarray  # bool: first employee of each ward
    weekend_group: np.ndarray  # int 0..2


def _employee_ids(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unique string ids: mostly five digits, about 5 % four characters with a leading zero."""
    n_zero = max(1, n // 20)
    zero = rng.choice(np.arange(1, 1000), size=n_zero, replace=False)
    five = rng.choice(np.arange(10000, 100000), size=n - n_zero, replace=False)
    ids = np.array([f"{v:04d}" for v in zero] + [str(v) for v in five], dtype=object)
    return ids[rng.permutation(n)]


def _names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Fictional 'Etternavn, Fornavn' names from common Norwegian names."""
    first = np.array(FIRST_NAMES, dtype=object)[rng.integers(0, len(FIRST_NAMES), n)]
    last = np.array(LAST_NAMES, dtype=object)[rng.integers(0, len(LAST_NAMES), n)]
    return last + ", " + first


def _make_staff(rng: np.random.Generator, wards: list[_WardRow], total: int) -> _Staff:
    """Staff per ward proportional to ward size and kind; professions by ward mix."""
    weights = [_STAFF_WEIGHT[w.kind] * w.weight * rng.uniform(0.85, 1.15) for w in wards]
    counts = np.maximum(_split(total, weights), 3)
    ward = np.repeat(np.arange(len(wards)), counts)
    n = int(counts.sum())
    kinds = np.array([w.kind for w in wards], dtype=object)[ward]
    mixes = np.array([MIXES[w.mix] for w in wards])[ward]
    profession = (rng.random(n)[:, None] > np.cumsum(mixes, axis=1)).sum(axis=1).clip(0, len(PROFESSIONS) - 1)
    manager = np.r_[True, ward[1:] != ward[:-1]]
    profession[manager] = 0
    fte = rng.choice([0.5, 0.6, 0.75, 0.8, 1.0], size=n, p=[0.12, 0.13, 0.25, 0.2, 0.3])
    fte[manager] = 1.0
    round_clock = kinds == "24/7"
    may_night = round_clock & ~manager & np.isin(profession, [0, 2, 3])
    night_worker = may_night & (rng.random(n) < 0.10)
    day_person = ~round_clock | manager | (profession == 4)
    return _Staff(_employee_ids(rng, n), _names(rng, n), ward, profession, fte, night_worker,
                  day_person, manager, rng.integers(0, 3, n))


# --- roster --------------------------------------------------------------------------------------

def _work_mask(rng: np.random.Generator, staff: _Staff, wards: list[_WardRow], dates: pd.DatetimeIndex) -> np.ndarray:
    """Which days each employee works: weekdays by random pick, every third weekend for rotations."""
    n, weeks = len(staff.ids), len(dates) // 7
    rotating = ~staff.day_person
    per_week = staff.fte * np.where(staff.night_worker, 3.6, np.where(staff.day_person, 5.0, 4.0))
    k = np.floor(per_week[:, None] + rng.random((n, weeks))).astype(np.int64)
    weekend = rotating[:, None] & ((np.arange(weeks)[None, :] + staff.weekend_group[:, None]) % 3 == 0)
    k_weekday = np.clip(k - 2 * weekend, 0, 5)
    ranks = rng.random((n, weeks, 5)).argsort(axis=2).argsort(axis=2)
    mask = np.zeros((n, weeks, 7), dtype=bool)
    mask[:, :, :5] = ranks < k_weekday[:, :, None]
    mask[:, :, 5:] = weekend[:, :, None]
    mask = mask.reshape(n, weeks * 7)
    closed = np.array([w.kind != "24/7" for w in wards])[staff.ward]
    public = holidays.Norway(years=sorted({d.year for d in dates}))
    holiday = np.array([d.date() in public for d in dates])
    mask[np.ix_(closed, holiday)] = False
    return mask


def _night_targets(wards: list[_WardRow], staff: _Staff) -> np.ndarray:
    """Nurses on night duty per round-the-clock ward: 2–4 by ward size, 0 elsewhere."""
    counts = np.bincount(staff.ward, minlength=len(wards))
    target = np.clip(np.round(counts / 13.0), 2, 4).astype(np.int64)
    return np.where([w.kind == "24/7" for w in wards], target, 0)


def _assign_shifts(rng: np.random.Generator, staff: _Staff, wards: list[_WardRow], mask: np.ndarray,
                   dates: pd.DatetimeIndex) -> np.ndarray:
    """Turn the work mask into codes day by day: nights first (continuing blocks), then D/A/LD."""
    n, days = mask.shape
    codes = np.full((n, days), F, dtype=np.int8)
    n_wards = len(wards)
    night_target = _night_targets(wards, staff)
    kind = np.array([w.kind for w in wards], dtype=object)
    p_day = np.where(kind == "24/7", 0.56, np.where(kind == "extended", 0.6, 1.0))[staff.ward]
    long_days = (rng.random(n_wards) < 0.3)[staff.ward]
    can_night = ~staff.day_person
    prio = rng.random((days, n))
    u = rng.random((days, n))
    weekend = np.asarray(dates.day_of_week >= 5)
    prev_night = np.zeros(n, dtype=bool)
    for t in range(days):
        work = mask[:, t]
        forced = work & can_night & (staff.night_worker | prev_night)
        need = night_target - np.bincount(staff.ward[forced], minlength=n_wards)
        cand = np.flatnonzero(work & can_night & ~forced)
        order = cand[np.lexsort((prio[t, cand], staff.ward[cand]))]
        grp = staff.ward[order]
        first = np.searchsorted(grp, grp, side="left")
        fresh = order[(np.arange(len(order)) - first) < need[grp]]
        night = forced.copy()
        night[fresh] = True
        rest = work & ~night
        day = rest & (u[t] < p_day)
        codes[rest, t] = A
        codes[day, t] = D
        if weekend[t]:
            codes[day & long_days & (u[t] < 0.2), t] = LD
        codes[night, t] = N
        prev_night = night
    return codes


def _leave(rng: np.random.Generator, codes: np.ndarray, dates: pd.DatetimeIndex) -> None:
    """Summer FE blocks (ISO weeks 27–32), short FE weeks, sick days S/SYK and courses, in place."""
    n, days = codes.shape
    weekday = np.asarray(dates.day_of_week < 5)
    iso = dates.isocalendar()
    week = np.asarray(iso.week, dtype=np.int64)
    work = (codes == D) | (codes == A) | (codes == N) | (codes == LD)
    vac = np.zeros((n, days), dtype=bool)
    if ((week >= 27) & (week <= 32)).any():
        first = rng.integers(27, 31, n)
        vac |= (week[None, :] >= first[:, None]) & (week[None, :] < first[:, None] + 3)
    week_index = np.arange(days) // 7
    short = np.where(rng.random(n) < 0.07, rng.integers(0, days // 7, n), -1)
    vac |= week_index[None, :] == short[:, None]
    codes[vac] = F
    codes[vac & weekday[None, :]] = FE
    work &= ~vac
    sick_block = rng.random(n) < 0.03
    start = rng.integers(0, days, n)
    length = rng.integers(10, 36, n)
    day_no = np.arange(days)[None, :]
    in_block = sick_block[:, None] & (day_no >= start[:, None]) & (day_no < (start + length)[:, None])
    codes[work & in_block] = SYK
    work &= ~in_block
    r = rng.random((n, days))
    codes[work & (r < 0.03)] = S
    codes[work & weekday[None, :] & (r > 0.992)] = KURS


# --- supporters ----------------------------------------------------------------------------------

def _pick_supporters(rng: np.random.Generator, staff: _Staff, n_wards: int, total: int) -> np.ndarray:
    """Employee indices of the supporters: spread over wards, a few ward managers among them."""
    sizes = np.bincount(staff.ward, minlength=n_wards)
    per_ward = _split(total, sizes * rng.uniform(0.7, 1.3, n_wards))
    picks: list[int] = []
    for w in range(n_wards):
        members = np.flatnonzero(staff.ward == w)
        k = min(int(per_ward[w]), len(members))
        if k == 0:
            continue
        take_manager = rng.random() < 0.25
        pool = members[1:] if not take_manager else members
        chosen = rng.choice(pool, size=min(k, len(pool)), replace=False)
        if take_manager:
            chosen[0] = members[0]
        picks.extend(np.unique(chosen).tolist())
    return np.array(sorted(picks), dtype=np.int64)


def _zero_id_supporter(staff: _Staff, supporters: np.ndarray) -> None:
    """Swap ids so that at least one supporter has an id with a leading zero (tests keep it), in place."""
    zero = np.flatnonzero(np.char.startswith(staff.ids.astype(str), "0"))
    if len(supporters) and len(zero) and not np.isin(zero, supporters).any():
        a, b = int(supporters[0]), int(zero[0])
        staff.ids[[a, b]] = staff.ids[[b, a]]


def _blank_or(rng: np.random.Generator, p_blank: float, values: Sequence[int], probs: Sequence[float]) -> int | None:
    """A limit left blank (rule default) with probability `p_blank`, else one of `values`."""
    if rng.random() < p_blank:
        return None
    return int(rng.choice(values, p=np.asarray(probs) / sum(probs)))


def _supporter_row(rng: np.random.Generator, i: int, staff: _Staff, ward_ids: list[str],
                   dept_of: list[str], dates: pd.DatetimeIndex) -> dict[str, object]:
    """One supporters.csv row with varied limits, training, leadership and unavailability."""
    first, last = dates[0].date(), dates[-1].date()
    weeks = len(dates) // 7
    r = rng.random()
    if r < 0.08:
        training: dt.date | None = first + dt.timedelta(days=int(rng.integers(7, max(8, len(dates) - 7))))
    elif r < 0.55:
        training = None
    else:
        training = last + dt.timedelta(days=int(rng.integers(30, 330)))
    leads = ""
    if staff.manager[i]:
        home = int(staff.ward[i])
        siblings = [w for w in range(len(ward_ids)) if dept_of[w] == dept_of[home] and w != home]
        leads = ward_ids[home] + (f";{ward_ids[siblings[0]]}" if siblings and rng.random() < 0.4 else "")
    unavailable = ""
    if rng.random() < 0.12:
        a = first + dt.timedelta(days=int(rng.integers(0, len(dates) - 10)))
        b = a + dt.timedelta(days=int(rng.integers(2, 9)))
        unavailable = f"{a.isoformat()}..{b.isoformat()}"
        if rng.random() < 0.5:
            extra = first + dt.timedelta(days=int(rng.integers(0, len(dates))))
            if not a <= extra <= b:
                unavailable += f";{extra.isoformat()}"
    nights = _blank_or(rng, 0.65, [0, 2], [0.55, 0.45])
    if staff.night_worker[i] and nights == 0:
        nights = None
    return {
        "employee_id": staff.ids[i],
        "name": staff.names[i],
        "max_duties_per_week": _blank_or(rng, 0.6, [1, 2], [0.4, 0.6]),
        "max_duties_per_period": _blank_or(rng, 0.85, [weeks, 2 * weeks], [0.5, 0.5]),
        "max_nights_per_period": nights,
        "protected_hours_per_week": _blank_or(rng, 0.55, [2, 4], [0.55, 0.45]),
        "training_valid_until": training,
        "leads_wards": leads,
        "unavailable": unavailable,
        "recent_activity": int(rng.choice(7, p=[0.3, 0.2, 0.18, 0.12, 0.1, 0.06, 0.04])),
    }


def _support_days(rng: np.random.Generator, codes: np.ndarray, supporters: np.ndarray, dates: pd.DatetimeIndex) -> None:
    """About a third of the supporters have a KS (protected support) day every few weeks, in place."""
    weekday = np.asarray(dates.day_of_week < 5)
    has_ks = supporters[rng.random(len(supporters)) < 0.35]
    for i in has_ks:
        days = np.flatnonzero((codes[i] == D) & weekday)
        k = max(1, len(dates) // 21)
        if len(days):
            codes[i, rng.choice(days, size=min(k, len(days)), replace=False)] = KS


# --- minimum staffing and rules --------------------------------------------------------------------

#: Codes counted in each slot's headcount with the default slots and min_overlap 0.5.
_SLOT_CODES: MappingProxyType[str, tuple[int, ...]] = MappingProxyType(
    {"day": (D, LD), "evening": (A, LD), "night": (N,)}
)


def _min_staff(rng: np.random.Generator, codes: np.ndarray, staff: _Staff, wards: list[_WardRow]) -> dict[str, list[int | None]]:
    """Minimum staffing per ward and slot kind: a low quantile of the headcount, blank for some wards."""
    out: dict[str, list[int | None]] = {k: [] for k in _SLOT_CODES}
    blank = rng.random(len(wards)) < 0.2
    for kind, members in _SLOT_CODES.items():
        at = np.isin(codes, members)
        head = np.zeros((len(wards), codes.shape[1]), dtype=np.int64)
        np.add.at(head, staff.ward, at)
        for w, row in enumerate(head):
            open_days = row[row > 0]
            value: int | None = None
            if not blank[w] and wards[w].kind != "admin" and len(open_days) >= 3:
                q = 0.1 if kind == "night" else 0.15
                value = max(1, int(np.quantile(open_days, q)) - (1 if kind == "night" else 0))
            out[kind].append(value)
    return out


def _add_staff_unit(rng: np.random.Generator, count: int, staff: _Staff, wards: list[_WardRow],
                    codes: np.ndarray, mins: dict[str, list[int | None]], dates: pd.DatetimeIndex,
                    ) -> tuple[_Staff, list[_WardRow], np.ndarray, np.ndarray]:
    """An administrative unit of `count` supporters on a KS shift every weekday (not on holidays).

    Returns the extended staff, wards and codes, and the new employees' indices. Drawn from its
    own random stream, so the rest of the hospital is the same as without the unit.
    """
    site = wards[0].site
    dept = next((w.department for w in wards if w.ward.endswith("STAB1")), wards[0].department)
    unit = _WardRow(f"{SITES[0][1]}-KST1", "Kollegastøtte og HMS", dept, site, "admin", "admin", 0.3)
    n0, days = codes.shape
    ids = np.array([str(900001 + i) for i in range(count)], dtype=object)
    public = holidays.Norway(years=sorted({d.year for d in dates}))
    weekday = np.array([d.weekday() < 5 and d.date() not in public for d in dates])
    unit_codes = np.where(weekday, KS, F).astype(np.int8)[None, :].repeat(count, axis=0)
    short = rng.integers(0, max(1, days // 7), count)  # a week of leave each
    for i, week in enumerate(short):
        unit_codes[i, week * 7: week * 7 + 5] = FE
    grown = _Staff(
        ids=np.concatenate([staff.ids, ids]), names=np.concatenate([staff.names, _names(rng, count)]),
        ward=np.concatenate([staff.ward, np.full(count, len(wards))]),
        profession=np.concatenate([staff.profession, rng.integers(0, 3, count)]),
        fte=np.concatenate([staff.fte, np.ones(count)]),
        night_worker=np.concatenate([staff.night_worker, np.zeros(count, dtype=bool)]),
        day_person=np.concatenate([staff.day_person, np.ones(count, dtype=bool)]),
        manager=np.concatenate([staff.manager, np.zeros(count, dtype=bool)]),
        weekend_group=np.concatenate([staff.weekend_group, np.zeros(count, dtype=staff.weekend_group.dtype)]),
    )
    for kind in mins:
        mins[kind].append(None)
    return grown, [*wards, unit], np.vstack([codes, unit_codes]), np.arange(n0, n0 + count)


def rules_toml(same_site: bool = False) -> str:
    """The sample's rules.toml: default slots, ward separation, one supporter per ward-slot."""
    return f"""# Rules for the generated sample hospital; every key not given keeps its default (README, «Rules and their defaults»).
min_overlap = 0.5
separation = "ward"
same_site = {"true" if same_site else "false"}
redundancy = 1
max_on_duty_per_ward = 1
max_duties_per_day = 1
max_duties_per_week = 3
max_consecutive_days = 2

[[slots]]
name = "dag"
start = "08:00"
end = "15:00"
kind = "day"

[[slots]]
name = "kveld"
start = "15:30"
end = "22:00"
kind = "evening"

[[slots]]
name = "natt"
start = "23:00"
end = "07:00"
kind = "night"

[solver]
time_limit = 60
workers = 1
"""


# --- assembly ------------------------------------------------------------------------------------

def _turnus_frame(staff: _Staff, wards: list[_WardRow], codes: np.ndarray, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """The long canonical turnus, built with whole-array operations (fast for 1.4 million rows)."""
    n, days = codes.shape
    emp = np.repeat(np.arange(n), days)

    def cat(values: np.ndarray, index: np.ndarray) -> pd.Categorical:
        uniq, inverse = np.unique(values, return_inverse=True)
        return pd.Categorical.from_codes(inverse[index], categories=pd.Index(uniq, dtype="str"))

    ward_ids = np.array([w.ward for w in wards], dtype=object)
    return pd.DataFrame({
        "employee_id": cat(staff.ids, emp),
        "date": np.tile(dates.values.astype("datetime64[s]"), n),
        "shift_code": pd.Categorical.from_codes(codes.ravel(), categories=pd.Index(CODES, dtype="str")),
        "ward": cat(ward_ids[staff.ward], emp),
        "name": cat(staff.names, emp),
        "profession": cat(np.array(PROFESSIONS, dtype=object)[staff.profession], emp),
    })


def _wards_frame(wards: list[_WardRow], mins: dict[str, list[int | None]]) -> pd.DataFrame:
    return pd.DataFrame({
        "ward": [w.ward for w in wards],
        "name": [w.name for w in wards],
        "department": [w.department for w in wards],
        "site": [w.site for w in wards],
        "min_staff_day": pd.array(mins["day"], dtype="Int64"),
        "min_staff_evening": pd.array(mins["evening"], dtype="Int64"),
        "min_staff_night": pd.array(mins["night"], dtype="Int64"),
        "needs_coverage": [w.kind != "admin" for w in wards],
    })


def _supporters_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(SUPPORTER_COLUMNS))
    for col in ("max_duties_per_week", "max_duties_per_period", "max_nights_per_period",
                "protected_hours_per_week", "recent_activity"):
        df[col] = pd.array(df[col].tolist(), dtype="Int64")
    df["training_valid_until"] = pd.to_datetime(df["training_valid_until"]).astype("datetime64[s]")
    return df


SUPPORTER_COLUMNS: tuple[str, ...] = (
    "employee_id", "name", "max_duties_per_week", "max_duties_per_period", "max_nights_per_period",
    "protected_hours_per_week", "training_valid_until", "leads_wards", "unavailable", "recent_activity",
)


def generate(size: str | SizeSpec, seed: int = 0,
             start: dt.date = dt.date(2027, 1, 4)) -> GeneratedHospital:
    """Generate a fictional hospital of the given size; the same arguments give the same frames."""
    spec = SIZES[size] if isinstance(size, str) else size
    if start.weekday() != 0:
        raise ValueError(f"start must be a Monday, got {start.isoformat()} ({start:%A})")
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, periods=7 * spec.weeks, freq="D")
    wards = _make_wards(rng, spec)
    staff = _make_staff(rng, wards, spec.staff)
    codes = _assign_shifts(rng, staff, wards, _work_mask(rng, staff, wards, dates), dates)
    _leave(rng, codes, dates)
    mins = _min_staff(rng, codes, staff, wards)
    chosen = _pick_supporters(rng, staff, len(wards), spec.supporters)
    _zero_id_supporter(staff, chosen)
    _support_days(rng, codes, chosen, dates)
    ward_ids = [w.ward for w in wards]
    depts = [w.department for w in wards]
    rows = [_supporter_row(rng, int(i), staff, ward_ids, depts, dates) for i in chosen]
    if spec.staff_unit:
        staff, wards, codes, unit = _add_staff_unit(np.random.default_rng(seed + 7919), spec.staff_unit,
                                                    staff, wards, codes, mins, dates)
        rows += [{"employee_id": staff.ids[i], "name": staff.names[i], "max_duties_per_week": None,
                  "max_duties_per_period": None, "max_nights_per_period": None, "protected_hours_per_week": None,
                  "training_valid_until": None, "leads_wards": "", "unavailable": "", "recent_activity": 0}
                 for i in unit]
    return GeneratedHospital(
        turnus=_turnus_frame(staff, wards, codes, dates),
        supporters=_supporters_frame(rows),
        wards=_wards_frame(wards, mins),
        rules_toml=rules_toml(spec.same_site),
        seed=seed,
        start=start,
    )


def write_canonical(h: GeneratedHospital, folder: str | Path) -> dict[str, Path]:
    """Write turnus.csv, supporters.csv, wards.csv and rules.toml (UTF-8, comma, ISO dates)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / name for name in ("turnus.csv", "supporters.csv", "wards.csv", "rules.toml")}
    csv = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d", "encoding": "utf-8"}
    h.turnus.to_csv(paths["turnus.csv"], **csv)
    h.supporters.to_csv(paths["supporters.csv"], **csv)
    wards = h.wards.assign(needs_coverage=h.wards["needs_coverage"].map({True: "true", False: "false"}))
    wards.to_csv(paths["wards.csv"], **csv)
    paths["rules.toml"].write_text(h.rules_toml, encoding="utf-8", newline="\n")
    return paths
