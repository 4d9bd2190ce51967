"""State helpers for the app: uploaded files, inputs, the plan job and what the pages show.

Pages stay thin; everything they share lives here. The library (scheduler/) does the work — this
module only turns uploads into :class:`~scheduler.io.types.Source` objects, keeps plain values in
``st.session_state``, runs :func:`scheduler.plan.make_plan` in a worker thread and reads the
publication store. Pydantic objects are never passed to ``st.cache_data``: caches are keyed on
bytes and strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import threading
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from scheduler.demand import build_instance, make_slots
from scheduler.domain import Employee, Instance, Pin, Rules, SolverSettings, Supporter, Ward
from scheduler.errors import InputError
from scheduler.io import DEFAULT_SHIFT_CODES, Inputs, Source, load_inputs, read_shift_codes
from scheduler.io.filenames import safe_filename
from scheduler.plan import Plan, make_plan, plan_tables
from scheduler.report import supporter_calendar, ward_notice_html, workbook_bytes
from scheduler.rota import Rota
from scheduler.solve import SolveControl, SolveProgress
from scheduler.store import DB_ENV, DEFAULT_DB_PATH, Publication, PublicationStore

ROOT = Path(__file__).resolve().parent
SAMPLE_DIR = ROOT / "data"

# --- session-state keys (plain values only, except the job and the plan) ---------------------
FILES = "files"  # {"turnus": [{name, data, ward}], "supporters": {...} | None, "wards": ..., ...}
COLUMN_MAPS = "column_maps"  # {file name: {header: field}}
CODE_MAPS = "code_maps"  # {code: {"like": code} | {"kind", "start", "end"}}
RULES_EDIT = "rules_edit"  # Rules as JSON-able dict, or absent (use the rules file)
SUPPORTER_UPDATES = "supporter_updates"  # {sid: {"recent_activity": int, "unavailable": [iso dates]}}
PINS = "pins"  # [{"supporter_id", "date", "slot", "action"}]
JOB = "plan_job"
PLAN = "plan"  # the finished Plan of this session (the draft)
PLAN_META = "plan_meta"  # {"rules_json", "checksums", "finished_at", "previous": bool}
VIEW = "view_source"  # "draft" or "pub:<id>"
VIEW_PENDING = "_view_pending"  # a view chosen by a page, applied before the sidebar selectbox draws
STORE_PATH = "store_path"
LANG = "lang"

TURNUS_FIELDS = ("employee_id", "name", "ward", "profession", "date", "shift_code", "start", "end")
SUPPORTER_FIELDS = ("employee_id", "name", "max_duties_per_week", "max_duties_per_period", "max_nights_per_period",
                    "protected_hours_per_week", "training_valid_until", "leads_wards", "unavailable", "recent_activity")
WARD_FIELDS = ("ward", "name", "department", "site", "min_staff_day", "min_staff_evening", "min_staff_night",
               "needs_coverage")
FIELDS_BY_KIND = {"turnus": TURNUS_FIELDS, "supporters": SUPPORTER_FIELDS, "wards": WARD_FIELDS}
OPTIONAL_KINDS = ("wards", "shift_codes", "rules")
_WARD_FROM_NAME = re.compile(r"^turnus_(?P<ward>.+?)\.(csv|xlsx|txt|tsv)$", re.IGNORECASE)


# --- files -------------------------------------------------------------------------------------

def ward_from_name(name: str) -> str | None:
    """`turnus_N-MED1.csv` → `N-MED1`: one export per ward names the ward in its file name."""
    match = _WARD_FROM_NAME.match(Path(name).name)
    return match.group("ward") if match else None


def empty_files() -> dict:
    return {"turnus": [], "supporters": None, "wards": None, "shift_codes": None, "rules": None}


def files() -> dict:
    if FILES not in st.session_state:
        st.session_state[FILES] = empty_files()
    return st.session_state[FILES]


def file_entry(name: str, data: bytes) -> dict:
    return {"name": name, "data": data, "ward": ward_from_name(name)}


def sample_files(messy: bool = False) -> dict:
    """The bundled sample hospital: canonical files, or the messy per-ward exports."""
    out = empty_files()
    if messy:
        out["turnus"] = [file_entry(p.name, p.read_bytes()) for p in sorted((SAMPLE_DIR / "messy").glob("turnus_*"))]
    else:
        out["turnus"] = [file_entry("turnus.csv", (SAMPLE_DIR / "turnus.csv").read_bytes())]
    for kind, name in (("supporters", "supporters.csv"), ("wards", "wards.csv"), ("rules", "rules.toml")):
        out[kind] = file_entry(name, (SAMPLE_DIR / name).read_bytes())
    return out


def reset_derived() -> None:
    """New files: forget mappings and edits that belonged to the old ones (not the plan or the store)."""
    for key in (COLUMN_MAPS, CODE_MAPS, RULES_EDIT, SUPPORTER_UPDATES, PINS, "supporters_editor", "codes_editor"):
        st.session_state.pop(key, None)


def load_sample(messy: bool = False) -> None:
    st.session_state[FILES] = sample_files(messy)
    reset_derived()


def has_inputs() -> bool:
    f = files()
    return bool(f["turnus"]) and f["supporters"] is not None


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def rename_headers(name: str, data: bytes, mapping: dict[str, str], sheet: str | None = None) -> bytes:
    """The same file with header cells renamed (a hand-made column mapping); CSV comes back UTF-8."""
    mapping = {k: v for k, v in mapping.items() if v}
    if not mapping:
        return data
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        ws = book[sheet] if sheet else book.worksheets[0]
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60)):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() in mapping:
                    cell.value = mapping[cell.value.strip()]
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    lines = _decode(data).splitlines(keepends=True)
    for i, line in enumerate(lines[:60]):
        for delim in (";", ",", "\t", "|"):
            cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delim), [])
            if len(cells) > 1 and any(c.strip() in mapping for c in cells):
                buffer = io.StringIO()
                csv.writer(buffer, delimiter=delim, lineterminator="").writerow(
                    [mapping.get(c.strip(), c) for c in cells])
                ending = line[len(line.rstrip("\r\n")):]
                lines[i] = buffer.getvalue() + ending
                return "".join(lines).encode("utf-8")
    return data


def codes_source(code_maps: dict[str, dict], base: Source | None) -> Source | None:
    """A shift-code file: the uploaded one (if any) plus the codes the user mapped by hand."""
    if not code_maps:
        return base
    codes = dict(read_shift_codes(base)[0]) if base is not None else {}
    known = {**DEFAULT_SHIFT_CODES, **codes}
    rows = [{"code": c.code, "start": c.start.strftime("%H:%M") if c.start else "",
             "end": c.end.strftime("%H:%M") if c.end else "", "kind": c.kind.value} for c in codes.values()]
    for code, spec in code_maps.items():
        like = known.get(str(spec.get("like") or "").upper())
        if like is not None:
            rows.append({"code": code, "start": like.start.strftime("%H:%M") if like.start else "",
                         "end": like.end.strftime("%H:%M") if like.end else "", "kind": like.kind.value})
        elif spec.get("kind"):
            rows.append({"code": code, "start": spec.get("start") or "", "end": spec.get("end") or "",
                         "kind": spec["kind"]})
    frame = pd.DataFrame(rows, columns=["code", "start", "end", "kind"])
    name = f"{Path(base.name).stem if base else 'vaktkoder'}+manuell.csv"
    return Source(name=name, data=frame.to_csv(index=False).encode("utf-8"))


def _source(entry: dict | None, column_maps: dict) -> Source | None:
    if entry is None:
        return None
    data = rename_headers(entry["name"], entry["data"], column_maps.get(entry["name"], {}))
    return Source(name=entry["name"], data=data, ward=entry.get("ward"))


def sources(f: dict, column_maps: dict, code_maps: dict) -> dict[str, Any]:
    turnus = [_source(e, column_maps) for e in f["turnus"]]
    supporters = _source(f["supporters"], column_maps) or Source("supporters.csv", b"employee_id\n")
    return {
        "turnus": turnus,
        "supporters": supporters,
        "wards": _source(f["wards"], column_maps),
        "shift_codes": codes_source(code_maps, _source(f["shift_codes"], column_maps)),
        "rules": _source(f["rules"], column_maps),
    }


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\x00")
    return h.hexdigest()


def inputs_key() -> str:
    f = files()
    blobs: list[object] = []
    for kind in ("turnus", "supporters", *OPTIONAL_KINDS):
        entries = f[kind] if kind == "turnus" else [f[kind]] if f[kind] else []
        for e in entries:
            blobs += [kind, e["name"], e.get("ward") or "", e["data"]]
    return _digest(*blobs, st.session_state.get(COLUMN_MAPS, {}), st.session_state.get(CODE_MAPS, {}))


def read_inputs() -> Inputs | None:
    """The uploaded files read by scheduler.io (once per distinct content), or None without files."""
    if not has_inputs():
        return None
    key = inputs_key()
    cached = st.session_state.get("_inputs_cache")
    if cached and cached[0] == key:
        return cached[1]
    src = sources(files(), st.session_state.get(COLUMN_MAPS, {}), st.session_state.get(CODE_MAPS, {}))
    inputs = load_inputs(src["turnus"], src["supporters"], wards=src["wards"], shift_codes=src["shift_codes"],
                         rules=src["rules"])
    st.session_state["_inputs_cache"] = (key, inputs)
    return inputs


# --- rules and supporter edits -----------------------------------------------------------------

def effective_rules(inputs: Inputs | None) -> Rules:
    edited = st.session_state.get(RULES_EDIT)
    if edited is not None:
        return Rules.model_validate(edited)
    return inputs.rules if inputs is not None else Rules()


def effective_supporters(inputs: Inputs) -> dict[str, Supporter]:
    """The supporters as read, with the coordinator's recent_activity and unavailable dates."""
    updates = st.session_state.get(SUPPORTER_UPDATES, {})
    out = {}
    for sid, s in inputs.supporters.items():
        change = updates.get(sid)
        if change:
            update: dict[str, Any] = {}
            if "recent_activity" in change:
                update["recent_activity"] = int(change["recent_activity"])
            if "unavailable" in change:
                update["unavailable"] = frozenset(dt.date.fromisoformat(d) for d in change["unavailable"])
            s = s.model_copy(update=update)
        out[sid] = s
    return out


def effective_inputs(inputs: Inputs) -> Inputs:
    return Inputs(turnus=inputs.turnus, employees=inputs.employees, supporters=effective_supporters(inputs),
                  wards=inputs.wards, shift_codes=inputs.shift_codes, rules=effective_rules(inputs), pins=inputs.pins,
                  reports=inputs.reports, checksums=inputs.checksums)


def current_instance() -> Instance | None:
    """The Instance the next plan will use: inputs + edited rules + coordinator's edits."""
    inputs = read_inputs()
    if inputs is None:
        return None
    rules = effective_rules(inputs)
    key = _digest(inputs_key(), rules.model_dump(mode="json"), st.session_state.get(SUPPORTER_UPDATES, {}))
    cached = st.session_state.get("_instance_cache")
    if cached and cached[0] == key:
        return cached[1]
    instance = build_instance(effective_inputs(inputs))
    st.session_state["_instance_cache"] = (key, instance)
    return instance


def supporters_frame(supporters: dict[str, Supporter]) -> pd.DataFrame:
    """The supporters as an editable table in the canonical supporters.csv columns."""
    rows = []
    for s in supporters.values():
        rows.append({
            "employee_id": s.employee_id, "name": s.name,
            "max_duties_per_week": s.max_duties_per_week, "max_duties_per_period": s.max_duties_per_period,
            "max_nights_per_period": s.max_nights_per_period, "protected_hours_per_week": s.protected_hours_per_week,
            "training_valid_until": s.training_valid_until, "leads_wards": ";".join(sorted(s.leads_wards)),
            "unavailable": dates_text(s.unavailable), "recent_activity": s.recent_activity,
        })
    frame = pd.DataFrame(rows, columns=list(SUPPORTER_FIELDS))
    for c in ("max_duties_per_week", "max_duties_per_period", "max_nights_per_period", "recent_activity"):
        frame[c] = frame[c].astype("Int64")
    frame["protected_hours_per_week"] = frame["protected_hours_per_week"].astype("Float64")
    frame["training_valid_until"] = pd.to_datetime(frame["training_valid_until"]).dt.date
    return frame


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """An edited supporters table back to canonical CSV (blank = rule default)."""
    out = frame.copy()
    for c in out.columns:
        out[c] = out[c].map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else
                            (v.isoformat() if isinstance(v, dt.date) else str(v)))
    return out.to_csv(index=False).encode("utf-8")


def dates_text(dates) -> str:
    """Dates as `2027-01-04..2027-01-10;2027-02-01` (runs of days become ranges)."""
    days = sorted(dates)
    parts: list[str] = []
    i = 0
    while i < len(days):
        j = i
        while j + 1 < len(days) and (days[j + 1] - days[j]).days == 1:
            j += 1
        parts.append(days[i].isoformat() if i == j else f"{days[i].isoformat()}..{days[j].isoformat()}")
        i = j + 1
    return ";".join(parts)


# --- the plan job -------------------------------------------------------------------------------

@dataclass
class PlanJob:
    """One optimiser run in a worker thread; its callback writes only plain values to `progress`."""

    time_limit: float
    control: SolveControl = field(default_factory=SolveControl)
    progress: dict = field(default_factory=dict)
    plan: Plan | None = None
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    collected: bool = False
    meta: dict = field(default_factory=dict)
    thread: threading.Thread | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.finished is None

    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def on_progress(self, p: SolveProgress) -> None:
        self.progress.update(tier=p.tier, tier_number=p.tier_number, tiers=p.tiers, objective=p.objective,
                             bound=p.bound, gap=p.gap, elapsed=p.elapsed, solutions=p.solutions,
                             coverage=p.coverage, uncovered=p.uncovered, ward_slots=p.ward_slots)

    def run(self, instance: Instance, pins: list[Pin], previous: pd.DataFrame | None, measure_limits: bool,
            lang: str) -> None:
        try:
            self.plan = make_plan(instance, pins=pins, previous=previous,
                                  settings=SolverSettings(time_limit=self.time_limit,
                                                          workers=instance.rules.solver.workers),
                                  on_progress=self.on_progress, control=self.control,
                                  measure_limits=measure_limits, lang=lang)
        except InputError as problem:  # e.g. locked duties that cannot be kept: a message, not a bug
            self.messages = [m.render(lang) for m in problem.messages]
        except Exception:  # shown on the page; the worker never raises into nowhere
            self.error = traceback.format_exc()
        finally:
            self.finished = time.monotonic()


def job() -> PlanJob | None:
    return st.session_state.get(JOB)


def start_plan(instance: Instance, *, time_limit: float, pins: list[Pin] | None = None,
               previous: pd.DataFrame | None = None, measure_limits: bool = True) -> PlanJob:
    """Start a solve in a worker thread (never more than one per session)."""
    current = job()
    if current is not None and current.running:
        return current
    new = PlanJob(time_limit=float(time_limit))
    new.meta = {"checksums": dict(instance.checksums), "rules_json": instance.rules.model_dump_json(),
                "previous": previous is not None, "pins": len(pins or [])}
    lang = st.session_state.get(LANG, "no")
    new.thread = threading.Thread(target=new.run, args=(instance, list(pins or []), previous, measure_limits, lang),
                                  name="plan-worker", daemon=True)
    st.session_state[JOB] = new
    new.thread.start()
    return new


def collect_finished_job() -> None:
    """Move a finished job's plan into the session (called by the router before every page)."""
    current = job()
    if current is None or current.running or current.collected:
        return
    current.collected = True
    if current.plan is not None:
        st.session_state[PLAN] = current.plan
        st.session_state[PLAN_META] = {**current.meta, "finished_at": dt.datetime.now().isoformat(timespec="seconds")}
        st.session_state[VIEW] = "draft"


def wait_for_job(timeout: float = 120.0) -> None:
    """For tests and scripts: block until the worker has finished."""
    current = job()
    if current is not None and current.thread is not None:
        current.thread.join(timeout)


# --- store and the views the pages show -----------------------------------------------------------

def store_path() -> str:
    import os

    return st.session_state.get(STORE_PATH) or os.environ.get(DB_ENV) or DEFAULT_DB_PATH


def store() -> PublicationStore:
    return PublicationStore(store_path())


def publication_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """What a publication holds: the SPEC §5 tables plus the ward and people names the notices need."""
    instance = plan.instance
    wards = pd.DataFrame([{"ward": w.ward_id, "name": w.name, "department": w.department, "site": w.site}
                          for w in instance.wards.values()], columns=["ward", "name", "department", "site"])
    people_ids = sorted(set(plan.rota.duties["supporter_id"]) | set(instance.supporters))
    people = pd.DataFrame([{"employee_id": e, "name": instance.employees[e].name, "ward": instance.employees[e].ward,
                            "profession": instance.employees[e].profession}
                           for e in people_ids if e in instance.employees],
                          columns=["employee_id", "name", "ward", "profession"])
    return {**plan_tables(plan), "wards": wards, "people": people}


def publish_plan(plan: Plan, note: str = "") -> int:
    meta = st.session_state.get(PLAN_META, {})
    summary = {**plan.summary, "published_from": meta}
    pid = store().publish(publication_tables(plan), summary, plan.instance.rules.model_dump_json(),
                          dict(plan.instance.checksums), note=note)
    return pid


@dataclass
class View:
    """What the coverage, burden and export pages show: the draft of this session or a publication."""

    kind: str  # "draft" or "published"
    publication_id: int | None
    tables: dict[str, pd.DataFrame]
    summary: dict
    instance: Instance  # the real one (draft) or a skeleton rebuilt from the publication
    rota: Rota
    rules: Rules
    created_at: str = ""
    note: str = ""

    @property
    def assignments(self) -> pd.DataFrame:
        return self.tables["assignments"]

    @property
    def duties(self) -> pd.DataFrame:
        return self.tables["duties"]

    @property
    def burden(self) -> pd.DataFrame:
        return self.tables["burden"]

    @property
    def coverage(self) -> pd.DataFrame:
        return self.tables["coverage"]

    def wards(self) -> list[str]:
        return sorted(set(self.assignments["ward"]))

    def on_duty(self) -> list[str]:
        return sorted(set(self.duties["supporter_id"]))

    def notice(self, ward: str, lang: str) -> str:
        return ward_notice_html(self.instance, self.rota, ward, lang)

    def calendar(self, supporter_id: str) -> bytes:
        return supporter_calendar(self.instance, self.rota, supporter_id)

    def workbook(self) -> bytes:
        return workbook_bytes({k: self.tables[k] for k in ("assignments", "duties", "burden", "coverage")})


def _skeleton(pub: Publication) -> tuple[Instance, Rules]:
    """Enough of an Instance for the notices and calendars of a publication (names, wards, slots)."""
    rules = Rules.model_validate_json(pub.rules_json)
    horizon = pub.summary.get("horizon", {})
    first = dt.date.fromisoformat(horizon["from"]) if horizon.get("from") else None
    last = dt.date.fromisoformat(horizon["to"]) if horizon.get("to") else first
    slots = make_slots(first, last, rules) if first else ()
    wards_frame = pub.tables.get("wards", pd.DataFrame(columns=["ward", "name", "department", "site"]))
    wards = {str(r.ward): Ward(ward_id=str(r.ward), name=str(r.name), department=str(r.department), site=str(r.site))
             for r in wards_frame.itertuples(index=False)}
    for w in set(pub.tables["assignments"]["ward"]) - set(wards):
        wards[w] = Ward(ward_id=w)
    people = pub.tables.get("people", pd.DataFrame(columns=["employee_id", "name", "ward", "profession"]))
    employees = {str(r.employee_id): Employee(employee_id=str(r.employee_id), name=str(r.name), ward=str(r.ward),
                                              profession=str(r.profession)) for r in people.itertuples(index=False)}
    for r in pub.tables["duties"].itertuples(index=False):
        employees.setdefault(str(r.supporter_id), Employee(employee_id=str(r.supporter_id), name=str(r.name),
                                                           ward=str(r.home_ward)))
    instance = Instance.model_construct(rules=rules, wards=wards, employees=employees, supporters={},
                                        shift_codes={}, slots=slots, checksums=dict(pub.checksums))
    return instance, rules


def publication_view(publication_id: int) -> View:
    key = (store_path(), publication_id)
    cached = st.session_state.get("_pub_cache")
    if cached and cached[0] == key:
        return cached[1]
    pub = store().load(publication_id)
    instance, rules = _skeleton(pub)
    rota = Rota(pub.tables["assignments"], pub.tables["duties"], {})
    view = View("published", pub.id, pub.tables, pub.summary, instance, rota, rules, pub.created_at, pub.note)
    st.session_state["_pub_cache"] = (key, view)
    return view


def draft_view() -> View | None:
    plan: Plan | None = st.session_state.get(PLAN)
    if plan is None:
        return None
    return View("draft", None, plan_tables(plan), plan.summary, plan.instance, plan.rota, plan.instance.rules,
                st.session_state.get(PLAN_META, {}).get("finished_at", ""))


def view_options() -> list[str]:
    options = ["draft"] if st.session_state.get(PLAN) is not None else []
    try:
        options += [f"pub:{h.id}" for h in store().history()[:50]]
    except Exception:  # an unreadable store path is reported in the sidebar, not here
        pass
    return options


def current_view() -> View | None:
    choice = st.session_state.get(VIEW)
    options = view_options()
    if choice not in options:
        choice = options[0] if options else None
    if choice is None:
        return None
    if choice == "draft":
        return draft_view()
    return publication_view(int(choice.split(":", 1)[1]))


def latest_publication() -> Publication | None:
    try:
        return store().latest()
    except Exception:
        return None


# --- small helpers for downloads -----------------------------------------------------------------

def localized_selectbox(container: Any, label: str, options: list, key: str, format_func: Any, **kwargs: Any) -> Any:
    """A selectbox whose shown text follows the language toggle.

    Streamlit keeps the displayed text of a selected option when only `format_func` changes, so
    each language gets its own widget (`<key>__<lang>`); the choice itself lives in `key`.
    """
    lang = st.session_state.get(LANG, "no")
    widget_key = f"{key}__{lang}"
    chosen = st.session_state.get(key)
    if chosen in options and st.session_state.get(widget_key) != chosen:
        st.session_state[widget_key] = chosen

    def remember() -> None:
        st.session_state[key] = st.session_state[widget_key]

    value = container.selectbox(label, options, key=widget_key, format_func=format_func, on_change=remember, **kwargs)
    st.session_state[key] = value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return buffer.getvalue()


def safe_name(text: str) -> str:
    """The file name for a ward or person id: the library's one rule (unique and reversible)."""
    return safe_filename(text)


def pins_from_rows(rows: list[dict]) -> tuple[list[Pin], list[str]]:
    """Pins from the editor's rows; rows that cannot be read are returned as text, not dropped."""
    pins, bad = [], []
    for row in rows:
        action = str(row.get("action") or "")
        if action not in ("lock", "forbid"):
            continue
        try:
            date = row["date"]
            date = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
            pins.append(Pin(supporter_id=str(row["supporter_id"]).strip(), date=date, slot=str(row["slot"]).strip(),
                            action=action))
        except Exception:
            bad.append(f"{row.get('supporter_id')} {row.get('date')} {row.get('slot')}")
    return pins, bad
