"""All inputs of one run read together, with the checks that need more than one file.

`load_inputs` takes Sources (the app's uploads); `load_paths` takes paths for the CLI, where
`FILE=WARD` names the ward of a whole turnus file and a missing file becomes a message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd

from scheduler.domain import MAX_PERIOD_DAYS, Employee, Rules
from scheduler.io.cleaning import clean_cell
from scheduler.io.input_limits import max_bytes
from scheduler.io.messages import error, info, warning
from scheduler.io.pins import read_pins
from scheduler.io.read_once import Parts, read_part, source_key
from scheduler.io.rules_file import read_rules
from scheduler.io.shift_codes import DEFAULT_SHIFT_CODES, read_shift_codes
from scheduler.io.staff import read_staff
from scheduler.io.supporters import read_supporters
from scheduler.io.turnus import empty_turnus, read_turnus
from scheduler.io.turnus_cache import cached_turnus, remember, turnus_key
from scheduler.io.types import Inputs, ReadingReport, Source
from scheduler.io.wards import read_wards

T = TypeVar("T")

__all__ = ["load_inputs", "load_paths", "ward_from_filename", "period_problem", "split_ward", "source_of"]


def _cross_checks(inputs: Inputs, supporters_report: ReadingReport, wards_given: bool) -> None:
    in_turnus = set(inputs.turnus["employee_id"].unique()) if len(inputs.turnus) else set()
    turnus_wards = set(inputs.turnus["ward"].unique()) if len(inputs.turnus) else set()
    known_wards = set(inputs.wards) | turnus_wards
    for sid, sup in inputs.supporters.items():
        if sid not in in_turnus:
            warning(supporters_report, f"Kollegastøtte {sid} finnes ikke i noen turnusfil og blir aldri satt opp.",
                    f"Supporter {sid} is not in any turnus file; never available.", column="employee_id", raw=sid,
                    fix_no="Sjekk ansattnummeret eller last opp turnusen for posten.",
                    fix_en="Check the employee id or upload the ward's turnus.")
        for ward in sorted(sup.leads_wards - known_wards):
            warning(supporters_report, f"Kollegastøtte {sid} leder posten «{ward}», som ikke finnes i turnus eller postfil.",
                    f"Supporter {sid} leads ward «{ward}», which is in no turnus or wards file.",
                    column="leads_wards", raw=ward, fix_no="Sjekk post-id.", fix_en="Check the ward id.")
    pin_report = next((r for r in inputs.reports if r.kind == "pins"), None)
    slot_names = [slot.name for slot in inputs.rules.slots]
    first, last = _period(inputs)
    outside = [p for p in inputs.pins if first is not None and not first <= p.date <= last]  # type: ignore[operator]
    for pin in outside:
        error(pin_report, f"Låsen for {pin.supporter_id} {pin.date} ligger utenfor perioden som planlegges "  # type: ignore[arg-type]
                          f"({first}–{last}); den er ikke brukt.",
              f"The pin for {pin.supporter_id} on {pin.date} is outside the period planned ({first}–{last}); "
              "it was not used.", column="date", raw=pin.date.isoformat(),
              fix_no="Rett datoen, eller fjern låsen.", fix_en="Correct the date, or remove the pin.")
    inputs.pins = [p for p in inputs.pins if p not in outside]
    for pin in inputs.pins if pin_report is not None else []:
        if pin.slot not in slot_names:
            error(pin_report, f"Låsen for {pin.supporter_id} {pin.date} nevner ukjent vaktperiode «{pin.slot}».",  # type: ignore[arg-type]
                  f"The pin for {pin.supporter_id} {pin.date} names unknown slot «{pin.slot}».", column="slot",
                  raw=pin.slot, fix_no=f"Bruk en av: {', '.join(slot_names)}.", fix_en=f"Use one of: {', '.join(slot_names)}.")
        if pin.supporter_id not in inputs.supporters:
            warning(pin_report, f"Låsen nevner {pin.supporter_id}, som ikke er kollegastøtte.",  # type: ignore[arg-type]
                    f"The pin names {pin.supporter_id}, who is not a supporter.", column="supporter_id",
                    raw=pin.supporter_id)
    if wards_given:
        missing = sorted(turnus_wards - set(inputs.wards))
        if missing:
            target = next((r for r in inputs.reports if r.kind == "wards"), supporters_report)
            info(target, f"Poster i turnus som mangler i postfilen (egen avdeling, trenger dekning): {', '.join(missing)}.",
                 f"Wards in the turnus missing from the wards file (own department, need cover): {', '.join(missing)}.",
                 raw=", ".join(missing))


def _period(inputs: Inputs) -> tuple[dt.date | None, dt.date | None]:
    """The dates planned: the rules' horizon, else the turnus dates (as scheduler.model.demand.horizon)."""
    dates = inputs.turnus["date"] if len(inputs.turnus) else None
    first = inputs.rules.horizon_start or (dates.min().date() if dates is not None else None)
    last = inputs.rules.horizon_end or (dates.max().date() if dates is not None else None)
    return first, last


_FILE_WARD = re.compile(r"^(?:turnus|vaktplan|arbeidsplan|roster)[_\- ]+(?P<ward>.+)$", re.IGNORECASE)


def ward_from_filename(name: str, known: set[str]) -> str | None:
    """The ward a per-ward export names in its file name: `turnus_3B.csv`, or a known ward id in it.

    Exports are often one file per ward without a ward column; the rostering office names
    the files after the ward. Only used for rows that give no ward themselves.
    """
    stem = Path(name).stem
    match = _FILE_WARD.match(stem)
    if match and (not known or match.group("ward") in known):
        return match.group("ward")
    tokens = set(re.split(r"[_\s.]+", stem))
    hits = sorted(w for w in known if w in tokens)
    return hits[0] if len(hits) == 1 else None


def load_inputs(turnus: Sequence[Source], supporters: Source, *, wards: Source | None = None,
                shift_codes: Source | None = None, rules: Source | None = None, staff: Source | None = None,
                pins: Source | None = None, cache_from: Path | None = None, keep_cache: bool = False,
                parts: Parts | None = None) -> Inputs:
    """Every file read into :class:`Inputs`; all problems are in `inputs.reports`, never raised.

    `parts`: where each file's reading is kept by its content (scheduler.io.read_once), so a file
    whose key is unchanged is not read again — the app's per-session store.

    `cache_from`: a rota folder whose turnus cache is used when every input of the reading is
    unchanged (scheduler.io.turnus_cache); `keep_cache`: keep what reading gave in
    `inputs.turnus_cache`, for the rota folder."""
    reports: list[ReadingReport] = []
    checksums: dict[str, str] = {}
    digests = {id(s.data): s.sha256 for s in turnus if s.checksum is None}  # a year's turnus is hashed once
    for src in [*turnus, supporters, wards, shift_codes, rules, staff, pins]:
        if src is not None:
            checksums[src.name] = digests[id(src.data)] if src.checksum is None and id(src.data) in digests else src.sha256
    codes = dict(DEFAULT_SHIFT_CODES)
    if shift_codes is not None:
        own, rep = _part(parts, "shift_codes", shift_codes, read_shift_codes)
        codes.update(own)
        reports.append(rep)
    the_rules = Rules()
    if rules is not None:
        the_rules, rep = _part(parts, "rules", rules, read_rules)
        reports.append(rep)
    register: dict[str, Employee] | None = None
    if staff is not None:
        register, rep = _part(parts, "staff", staff, read_staff)
        reports.append(rep)
    the_wards = {}
    wards_report = None
    if wards is not None:
        the_wards, wards_report = _part(parts, "wards", wards, read_wards)
    guessed = {}
    named = []
    for src in turnus:
        ward = src.ward or ward_from_filename(clean_cell(src.name), set(the_wards))
        ward = clean_cell(ward).strip() if ward else None
        if ward and not src.ward:
            guessed[src.name] = ward
        if ward != src.ward:
            src = Source(name=src.name, data=src.data, ward=ward, sheet=src.sheet, checksum=src.checksum)
        named.append(src)
    frame, employees, turnus_reports, kept = read_part(
        parts, "turnus", lambda: turnus_key(named, codes, register, the_rules.night_shift_date, digests=digests),
        lambda: _read_turnus_or_cache(named, codes, register, the_rules.night_shift_date, cache_from, keep_cache, digests))
    for rep in turnus_reports:
        if rep.file in guessed:
            info(rep, f"Rader uten post leses som post «{guessed[rep.file]}» (fra filnavnet).",
                 f"Rows without a ward are read as ward «{guessed[rep.file]}» (from the file name).",
                 fix_no="Oppgi FIL=POST hvis dette er feil.", fix_en="Give FILE=WARD if this is wrong.")
    reports[0:0] = turnus_reports
    sups, sup_report = _part(parts, "supporters", supporters, read_supporters)
    reports.append(sup_report)
    if wards_report is not None:
        reports.append(wards_report)
    the_pins = []
    if pins is not None:
        the_pins, rep = _part(parts, "pins", pins, read_pins)
        reports.append(rep)
    sups = {sid: s if s.name or sid not in employees else s.model_copy(update={"name": employees[sid].name})
            for sid, s in sups.items()}  # a supporters file without names: take them from the turnus
    inputs = Inputs(turnus=frame, employees=employees, supporters=sups, wards=the_wards, shift_codes=codes,
                    rules=the_rules, pins=the_pins, reports=reports, checksums=checksums, turnus_cache=kept)
    _cross_checks(inputs, sup_report, wards is not None)
    problem = period_problem(frame, the_rules)
    if problem is not None and turnus_reports:
        target = max((r for r in turnus_reports if r.date_to), key=lambda r: r.date_to or 0, default=turnus_reports[0])
        files = "; ".join(f"{r.file}: {r.date_from}–{r.date_to}" for r in turnus_reports if r.date_from)
        error(target, problem[0], problem[1], raw=files[:500],
              fix_no="Sett horizon_start og horizon_end i rules.toml til perioden som skal planlegges, "
                     "eller les inn én periode om gangen.",
              fix_en="Set horizon_start and horizon_end in rules.toml to the period to plan, or read one period at a time.")
    return inputs


def _part(parts: Parts | None, role: str, src: Source, read: Callable[[Source], tuple[T, ReadingReport]]
          ) -> tuple[T, ReadingReport]:
    """One file's reading, once per content when `parts` keeps them."""
    return read_part(parts, role, lambda: source_key(src), lambda: read(src))  # type: ignore[return-value]


def _read_turnus_or_cache(named: list[Source], codes: dict, register: dict[str, Employee] | None, night_shift_date: str,
                          cache_from: Path | None, keep_cache: bool, digests: dict[int, str]):
    """The turnus from `cache_from`'s cache when its key matches, else read (and remembered when asked)."""
    if cache_from is None and not keep_cache:
        return (*read_turnus(named, codes, staff=register, night_shift_date=night_shift_date), None)
    key = turnus_key(named, codes, register, night_shift_date, digests=digests)
    hit = cached_turnus(cache_from, key)
    if hit is not None:
        return hit
    frame, employees, reports = read_turnus(named, codes, staff=register, night_shift_date=night_shift_date)
    return frame, employees, reports, remember(key, frame, employees, reports)


def period_problem(turnus: pd.DataFrame, rules: Rules) -> tuple[str, str] | None:
    """Why the dates to plan are too many (no, en), or None: the rules' horizon, else the turnus
    dates, may span at most MAX_PERIOD_DAYS days (docs/inputs.md)."""
    if not len(turnus) and not (rules.horizon_start and rules.horizon_end):
        return None
    dates = turnus["date"] if len(turnus) else None
    first = rules.horizon_start or (dates.min().date() if dates is not None else None)
    last = rules.horizon_end or (dates.max().date() if dates is not None else None)
    if first is None or last is None:
        return None
    days = (last - first).days + 1
    if days <= MAX_PERIOD_DAYS:
        return None
    return (f"Perioden som skal planlegges er {first.isoformat()}–{last.isoformat()}, {days} dager; "
            f"høyst {MAX_PERIOD_DAYS} dager planlegges om gangen.",
            f"The period to plan is {first.isoformat()}–{last.isoformat()}, {days} days; "
            f"at most {MAX_PERIOD_DAYS} days are planned at once.")


def _source(path: str | Path, kind: str, reports: list[ReadingReport], ward: str | None = None) -> Source | None:
    """The file's bytes, or None with a message: a missing file, a folder, or a file over the size
    limit of its kind (checked before it is read, so a huge file costs no memory)."""
    p = Path(path)
    rep = ReadingReport(file=str(path), kind=kind)
    try:
        if p.is_dir():
            error(rep, "Dette er en mappe, ikke en fil.", "This is a folder, not a file.",
                  fix_no="Oppgi filene i mappen.", fix_en="Give the files in the folder.", raw=str(path))
        elif p.stat().st_size > max_bytes(kind):
            size, limit = p.stat().st_size / 2**20, max_bytes(kind) / 2**20
            error(rep, f"Filen er {size:.0f} MB; grensen for denne filtypen er {limit:.0f} MB.",
                  f"The file is {size:.0f} MB; the limit for this kind of file is {limit:.0f} MB.",
                  fix_no="Sjekk at det er riktig fil, eller del den (docs/inputs.md).",
                  fix_en="Check that it is the right file, or split it (docs/inputs.md).", raw=str(path))
        else:
            return Source(name=p.name, data=p.read_bytes(), ward=ward)
    except OSError as exc:
        error(rep, f"Filen kan ikke åpnes: {exc.strerror or exc}.", f"The file cannot be opened: {exc.strerror or exc}.",
              fix_no="Sjekk filnavn og sti.", fix_en="Check the file name and path.", raw=str(path))
    reports.append(rep)
    return None


def split_ward(spec: str) -> tuple[str, str | None]:
    """`turnus.csv=3A` → ("turnus.csv", "3A"), unless a file by the full name exists."""
    if "=" in spec and not Path(spec).exists():
        path, ward = spec.rsplit("=", 1)
        return path, clean_cell(ward).strip() or None
    return spec, None


def load_paths(turnus_paths: Sequence[str | Path], supporters_path: str | Path | None, *,
               wards_path: str | Path | None = None, shift_codes_path: str | Path | None = None,
               rules_path: str | Path | None = None, staff_path: str | Path | None = None,
               pins_path: str | Path | None = None, cache_from: Path | None = None, keep_cache: bool = False) -> Inputs:
    """For the CLI: paths in, Inputs out; unreadable files are error messages in `reports`
    (`cache_from`, `keep_cache`: as :func:`load_inputs`)."""
    failed: list[ReadingReport] = []
    turnus: list[Source] = []
    for spec in turnus_paths:
        path, ward = split_ward(str(spec))
        src = _source(path, "turnus", failed, ward)
        if src is not None:
            turnus.append(src)
    optional = {}
    for key, path, kind in (("wards", wards_path, "wards"), ("shift_codes", shift_codes_path, "shift_codes"),
                            ("rules", rules_path, "rules"), ("staff", staff_path, "staff"), ("pins", pins_path, "pins")):
        if path is not None:
            optional[key] = _source(path, kind, failed)
    supporters = _source(supporters_path, "supporters", failed) if supporters_path is not None else None
    if supporters is None:
        name = Path(supporters_path).name if supporters_path is not None else "(ingen kollegastøtteliste)"
        supporters = Source(name=name, data=b"employee_id\n")
    inputs = load_inputs(turnus, supporters, **optional, cache_from=cache_from, keep_cache=keep_cache)
    inputs.reports[0:0] = failed
    if not turnus and len(inputs.turnus) == 0:
        inputs.turnus = empty_turnus()
    return inputs


def source_of(path: str | Path, kind: str) -> tuple[Source | None, ReadingReport | None]:
    """One file named on the command line: its bytes, or None and a report saying why not
    (missing, a folder, over the size limit of its `kind`)."""
    reports: list[ReadingReport] = []
    source = _source(path, kind, reports)
    return source, (reports[0] if reports else None)
