"""The people of a fictional hospital: its wards drawn from the catalogue (scheduler.demo.shapes),
its staff (ids, names, professions, part-time, night workers, managers) and which of them are
peer supporters, with their supporters.csv rows (limits, training, leadership, unavailability).

Every draw comes from the one random generator `generate` passes in, in a fixed order: the same
seed gives the same people.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scheduler.demo.shapes import (
    DEPARTMENTS,
    MIXES,
    PROFESSIONS,
    SITES,
    STAFF_WEIGHT,
    Department,
    SizeSpec,
    WardType,
)

__all__ = ["FIRST_NAMES", "LAST_NAMES", "WardRow", "Staff", "split", "make_wards", "random_names", "make_staff",
           "pick_supporters", "zero_id_supporter", "supporter_row", "fictional_phone",
           "on_call_opt_in"]

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


# --- wards ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WardRow:
    ward: str
    name: str
    department: str
    site: str
    kind: WardType
    mix: str
    weight: float


def split(total: int, weights: Sequence[float]) -> np.ndarray:
    """Integers proportional to `weights` summing to `total` (largest remainder)."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    out = np.floor(raw).astype(np.int64)
    rest = total - int(out.sum())
    if rest > 0:
        out[np.argsort(-(raw - out), kind="stable")[:rest]] += 1
    return out


def _department_order(rng: np.random.Generator, site_index: int) -> list[Department]:
    """Medicine first (and staff functions at the main site), the rest shuffled."""
    by_code = {d.code: d for d in DEPARTMENTS}
    head = ["MED", "STAB"] if site_index == 0 else ["MED"]
    rest = [d.code for d in DEPARTMENTS if d.code not in head]
    rng.shuffle(rest)
    return [by_code[c] for c in head + rest]


def _site_wards(rng: np.random.Generator, count: int, site_index: int) -> list[WardRow]:
    """`count` wards of one site, in departments of 2–5 wards."""
    site_name, letter = SITES[site_index]
    rows: list[WardRow] = []
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
            rows.append(WardRow(f"{letter}-{dept.code}{j}", t.name, f"{dept.name} {site_name.split()[0]}",
                                site_name, t.kind, t.mix, t.weight))
        remaining -= k
    if remaining > 0:
        raise ValueError(f"the ward catalogue has too few wards for {count} wards on one site")
    return rows


def make_wards(rng: np.random.Generator, spec: SizeSpec) -> list[WardRow]:
    """All wards, split over the sites (the first site largest)."""
    site_weights = list(spec.site_weights[: spec.sites])
    counts = split(spec.wards, site_weights)
    return [w for i, c in enumerate(counts) for w in _site_wards(rng, int(c), i)]


# --- staff ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Staff:
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


def random_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Fictional 'Etternavn, Fornavn' names from common Norwegian names."""
    first = np.array(FIRST_NAMES, dtype=object)[rng.integers(0, len(FIRST_NAMES), n)]
    last = np.array(LAST_NAMES, dtype=object)[rng.integers(0, len(LAST_NAMES), n)]
    return last + ", " + first


def make_staff(rng: np.random.Generator, wards: list[WardRow], total: int) -> Staff:
    """Staff per ward proportional to ward size and kind; professions by ward mix."""
    weights = [STAFF_WEIGHT[w.kind] * w.weight * rng.uniform(0.85, 1.15) for w in wards]
    counts = np.maximum(split(total, weights), 3)
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
    return Staff(_employee_ids(rng, n), random_names(rng, n), ward, profession, fte, night_worker,
                 day_person, manager, rng.integers(0, 3, n))


# --- supporters ----------------------------------------------------------------------------------

def pick_supporters(rng: np.random.Generator, staff: Staff, n_wards: int, total: int) -> np.ndarray:
    """Employee indices of the supporters: spread over wards, a few ward managers among them."""
    sizes = np.bincount(staff.ward, minlength=n_wards)
    per_ward = split(total, sizes * rng.uniform(0.7, 1.3, n_wards))
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


def zero_id_supporter(staff: Staff, supporters: np.ndarray) -> None:
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


def supporter_row(rng: np.random.Generator, i: int, staff: Staff, ward_ids: list[str],
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
        "phone": fictional_phone(str(staff.ids[i])),
    }


def fictional_phone(employee_id: str) -> str:
    """A made-up Norwegian mobile number for a generated supporter, written as people write it
    (`912 34 567`: eight digits, starting 4 or 9). Drawn from the id alone, so adding it left every
    other generated value as it was; fictional like the names, never to be called."""
    digits = np.random.default_rng(zlib.crc32(f"phone:{employee_id}".encode())).integers(0, 10, size=8)
    number = "49"[int(digits[0]) % 2] + "".join(str(int(d)) for d in digits[1:])
    return f"{number[:3]} {number[3:5]} {number[5:]}"




def on_call_opt_in(employee_id: str) -> str:
    """Whether a generated supporter said yes to being on call from home (`ja`/`nei`, about half
    say yes). Drawn from the id alone, like the phone, so every other generated value stays as it was."""
    return "ja" if zlib.crc32(f"on_call:{employee_id}".encode()) % 2 == 0 else "nei"
