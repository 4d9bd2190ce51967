"""What a fictional hospital is made of, and the sizes it comes in: sites, departments and their
wards (each a kind — round the clock, extended, day, administrative — and a mix of professions),
and the size specs S, M, L and the hard shapes for fair burden (M-staff, M-sites, L-hard).

Fixed tables only, no randomness: the generator (scheduler.demo.generate) draws from them, so a
change here changes every generated hospital — and the benchmarks that depend on their bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

__all__ = ["PROFESSIONS", "MIXES", "WardType", "SITES", "WardTemplate", "Department", "DEPARTMENTS", "STAFF_WEIGHT",
           "SizeSpec", "SIZES"]

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


@dataclass(frozen=True)
class WardTemplate:
    name: str
    kind: WardType
    mix: str
    weight: float = 1.0  # relative staff size


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    wards: tuple[WardTemplate, ...]


_W = WardTemplate
DEPARTMENTS: tuple[Department, ...] = (
    Department("MED", "Medisinsk klinikk", (
        _W("Hjertemedisinsk sengepost", "24/7", "seng"), _W("Lungemedisinsk sengepost", "24/7", "seng"),
        _W("Geriatrisk sengepost", "24/7", "seng"), _W("Medisinsk poliklinikk", "day", "poli"),
        _W("Gastromedisinsk sengepost", "24/7", "seng"), _W("Infeksjonsmedisinsk post", "24/7", "seng"),
    )),
    Department("KIR", "Kirurgisk klinikk", (
        _W("Ortopedisk sengepost", "24/7", "seng"), _W("Gastrokirurgisk sengepost", "24/7", "seng"),
        _W("Dagkirurgisk enhet", "extended", "poli"), _W("Ortopedisk poliklinikk", "day", "poli"),
        _W("Urologisk sengepost", "24/7", "seng", 0.8), _W("Karkirurgisk sengepost", "24/7", "seng", 0.8),
    )),
    Department("AKU", "Akuttklinikken", (
        _W("Akuttmottak", "24/7", "intensiv", 1.3), _W("Observasjonspost", "24/7", "seng", 0.8),
        _W("Akuttpoliklinikk", "extended", "poli"), _W("Prehospital koordinering", "day", "admin", 0.6),
    )),
    Department("INT", "Intensiv og overvåkning", (
        _W("Intensivavdeling", "24/7", "intensiv", 1.3), _W("Postoperativ enhet", "24/7", "intensiv"),
        _W("Medisinsk overvåkning", "24/7", "intensiv", 0.9), _W("Oppvåkning dagkirurgi", "extended", "intensiv"),
    )),
    Department("KVI", "Kvinneklinikken", (
        _W("Fødeavdeling", "24/7", "fodsel", 1.1), _W("Barselavdeling", "24/7", "fodsel"),
        _W("Gynekologisk sengepost", "24/7", "seng", 0.8), _W("Kvinnepoliklinikk", "day", "poli"),
    )),
    Department("BUK", "Barne- og ungdomsklinikken", (
        _W("Barnemedisinsk sengepost", "24/7", "seng"), _W("Nyfødtintensiv", "24/7", "intensiv", 1.1),
        _W("Barne- og ungdomspoliklinikk", "day", "poli"), _W("Barnekirurgisk dagenhet", "extended", "poli"),
        _W("Ungdomspost", "24/7", "seng", 0.7),
    )),
    Department("PSY", "Psykisk helsevern", (
        _W("Akuttpsykiatrisk post", "24/7", "psyk", 1.1), _W("Alderspsykiatrisk post", "24/7", "psyk"),
        _W("DPS døgnpost", "24/7", "psyk"), _W("DPS poliklinikk", "day", "psyk"),
        _W("Sikkerhetspost", "24/7", "psyk", 0.9),
    )),
    Department("REH", "Rehabilitering", (
        _W("Rehabiliteringspost", "extended", "rehab"), _W("Fysikalsk medisin poliklinikk", "day", "rehab"),
        _W("Slagenhet", "24/7", "seng"), _W("Lærings- og mestringssenter", "day", "rehab", 0.6),
    )),
    Department("STAB", "Stab og fagutvikling", (
        _W("Fagutvikling og kvalitet", "admin", "admin", 0.8), _W("Smertepoliklinikk", "day", "poli"),
        _W("Merkantil tjeneste", "admin", "admin", 0.7),
    )),
    Department("NEV", "Nevroklinikken", (
        _W("Nevrologisk sengepost", "24/7", "seng"), _W("Nevrokirurgisk sengepost", "24/7", "seng"),
        _W("Nevrologisk poliklinikk", "day", "poli"), _W("Søvnlaboratorium", "extended", "poli", 0.6),
    )),
)
STAFF_WEIGHT: MappingProxyType[str, float] = MappingProxyType(
    {"24/7": 1.0, "extended": 0.6, "day": 0.45, "admin": 0.3}
)


@dataclass(frozen=True)
class SizeSpec:
    """Targets for one size: wards, weeks of horizon, staff, supporters and sites.

    The hard shapes for fair burden: `staff_unit` adds an administrative unit (needs no cover)
    of that many supporters on a KS support shift every weekday — each can cover every ward
    alone, so a rota with the fewest duties loads them to their weekly limit; `same_site` with
    small `site_weights` leaves a small site with few supporters at night. `scheme` turns on
    what a running scheme adds (the sample, so a newcomer sees it): an on-call supporter from home
    (`[on_call]`, and about half the supporters opted in) and supervision meetings (`[supervision]`).
    """

    wards: int
    weeks: int
    staff: int
    supporters: int
    sites: int = 2
    staff_unit: int = 0
    same_site: bool = False
    site_weights: tuple[float, ...] = (1.0, 0.8, 0.65)
    scheme: bool = False

    def __post_init__(self) -> None:
        if not (1 <= self.sites <= len(SITES)):
            raise ValueError(f"sites must be 1..{len(SITES)}")
        if self.wards < self.sites or self.staff < 3 * self.wards or self.weeks < 1:
            raise ValueError("need at least one ward per site, three staff per ward and one week")
        if not 0 <= self.supporters <= self.staff:
            raise ValueError("supporters must be between 0 and staff")


SIZES: MappingProxyType[str, SizeSpec] = MappingProxyType({
    "S": SizeSpec(wards=12, weeks=8, staff=350, supporters=30, sites=2, scheme=True),
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

