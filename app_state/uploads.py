"""Uploaded files and the fixes made by hand, read by :mod:`scheduler.io` into the next plan's input.

The files live in ``st.session_state[FILES]`` as names and bytes. Reading happens in the library
(:func:`scheduler.io.load_inputs`, which also takes a per-ward export's ward from its file name);
column and code mappings become ordinary sources (:mod:`scheduler.views.mapping`); the coordinator's
follow-up is applied by :mod:`scheduler.views.supporter_edits`. Results are cached in the session under
a digest of everything they were made from.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import streamlit as st

from app_state import history, keys, memory
from app_state.read_parts import forget_parts, session_parts
from scheduler.domain import Instance, Rules, Supporter
from scheduler.io import Inputs, Source, load_inputs
from scheduler.model.demand import build_instance, horizon
from scheduler.views.mapping import codes_source, rename_headers
from scheduler.views.supporter_edits import with_followup

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data"
KINDS = ("turnus", "supporters", "wards", "shift_codes", "rules")
OPTIONAL_KINDS = ("wards", "shift_codes", "rules")
_DERIVED = (keys.COLUMN_MAPS, keys.CODE_MAPS, keys.RULES_EDIT, keys.SUPPORTER_UPDATES, keys.PINS,
            keys.SUPPORTERS_EDITOR, keys.CODES_EDITOR)


def empty_files() -> dict:
    return {"turnus": [], "supporters": None, "wards": None, "shift_codes": None, "rules": None}


def files() -> dict:
    """The files in use, by kind; change them only through the functions below."""
    if keys.FILES not in st.session_state:
        st.session_state[keys.FILES] = empty_files()
    return st.session_state[keys.FILES]


def file_entry(name: str, data: bytes, original: str = "") -> dict:
    """A file in use: its name, its bytes and the SHA-256 of the upload they stand for — the bytes
    themselves for a fresh upload, the kept form of it in a restored draft (scheduler.io.kept_form)."""
    return {"name": name, "data": data, "original": original or hashlib.sha256(data).hexdigest()}


def entries(kind: str) -> list[dict]:
    """The files of one kind in use (turnus: several; the others: none or one)."""
    value = files()[kind]
    return value if kind == "turnus" else [value] if value else []


def _changed() -> None:
    st.session_state[keys.FILES_VERSION] = st.session_state.get(keys.FILES_VERSION, 0) + 1


def add_files(kind: str, new: list[dict]) -> None:
    """Turnus files join those in use (one of the same name is replaced); another kind replaces its file."""
    if not new:
        return
    f = files()
    if kind == "turnus":
        names = {e["name"] for e in new}
        f["turnus"] = [e for e in f["turnus"] if e["name"] not in names] + new
    else:
        f[kind] = new[-1]
        if kind == "rules":
            st.session_state.pop(keys.RULES_EDIT, None)  # edits of the old rules file
    _changed()


def remove_file(kind: str, name: str) -> None:
    """Stop using one file (its column mapping goes with it)."""
    f = files()
    if kind == "turnus":
        f["turnus"] = [e for e in f["turnus"] if e["name"] != name]
    elif f[kind] and f[kind]["name"] == name:
        f[kind] = None
        if kind == "rules":
            st.session_state.pop(keys.RULES_EDIT, None)
    maps = st.session_state.get(keys.COLUMN_MAPS, {})
    if name in maps and not any(e["name"] == name for k in KINDS for e in entries(k)):
        st.session_state[keys.COLUMN_MAPS] = {k: v for k, v in maps.items() if k != name}
    _changed()


def clear_files() -> None:
    """No files, and none of the fixes made for them."""
    st.session_state[keys.FILES] = empty_files()
    reset_derived()
    forget_parts()
    _changed()


def set_supporters(name: str, data: bytes) -> None:
    """The supporters list as edited on the page, in place of the uploaded one."""
    files()["supporters"] = file_entry(name, data)
    _changed()


def sample_files(messy: bool = False) -> dict:
    """The bundled sample hospital: canonical files, or the messy per-ward exports. Under `make run`
    the canonical files start on the Monday of the current week (scheduler/demo/current.py)."""
    from scheduler.demo.current import SAMPLE_ENV, sample_for_week_of
    from scheduler.localtime import today

    out = empty_files()
    data = {n: (SAMPLE_DIR / n).read_bytes() for n in ("turnus.csv", "supporters.csv", "wards.csv", "rules.toml")}
    if not messy and os.environ.get(SAMPLE_ENV) == "1":
        data = sample_for_week_of(data, today())
    if messy:
        out["turnus"] = [file_entry(p.name, p.read_bytes()) for p in sorted((SAMPLE_DIR / "messy").glob("turnus_*"))]
    else:
        out["turnus"] = [file_entry("turnus.csv", data["turnus.csv"])]
    for kind, name in (("supporters", "supporters.csv"), ("wards", "wards.csv"), ("rules", "rules.toml")):
        out[kind] = file_entry(name, data[name])
    return out


def reset_derived() -> None:
    """New files: forget mappings and edits that belonged to the old ones (not the plan or the store)."""
    for key in _DERIVED:
        st.session_state.pop(key, None)


def load_sample(messy: bool = False) -> None:
    st.session_state[keys.FILES] = sample_files(messy)
    reset_derived()
    _changed()


def has_inputs() -> bool:
    f = files()
    return bool(f["turnus"]) and f["supporters"] is not None


def source_of(entry: dict, column_maps: dict) -> Source:
    """One file in use as the reader takes it: its bytes with the person's column names applied."""
    return _source(entry, column_maps)  # type: ignore[return-value]


def _source(entry: dict | None, column_maps: dict) -> Source | None:
    if entry is None:
        return None
    source = Source(name=entry["name"], data=entry["data"], checksum=entry.get("original") or None)
    return rename_headers(source, column_maps.get(entry["name"], {}))


def sources(f: dict, column_maps: dict, code_maps: dict) -> dict[str, Any]:
    """The files as library Sources, with the hand-made column and code mappings applied."""
    return {
        "turnus": [_source(e, column_maps) for e in f["turnus"]],
        "supporters": _source(f["supporters"], column_maps) or Source("supporters.csv", b"employee_id\n"),
        "wards": _source(f["wards"], column_maps),
        "shift_codes": codes_source(code_maps, _source(f["shift_codes"], column_maps)),
        "rules": _source(f["rules"], column_maps),
    }


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\x00")
    return h.hexdigest()


def _files_key() -> str:
    """A digest of the files in use (computed once per change of the files)."""
    version = st.session_state.get(keys.FILES_VERSION, 0)
    cached = st.session_state.get(keys.INPUTS_KEY_CACHE)
    if cached and cached[0] == version:
        return cached[1]
    blobs: list[object] = []
    for kind in KINDS:
        for e in entries(kind):
            blobs += [kind, e["name"], e.get("original") or hashlib.sha256(e["data"]).hexdigest()]
    key = digest(*blobs)
    st.session_state[keys.INPUTS_KEY_CACHE] = (version, key)
    return key


def inputs_key() -> str:
    """A digest of the files and the mappings: equal keys read to equal inputs."""
    return digest(_files_key(), st.session_state.get(keys.COLUMN_MAPS, {}), st.session_state.get(keys.CODE_MAPS, {}))


def as_read_key() -> str:
    """A digest of the files and the column mappings, without the code meanings chosen by hand:
    equal keys read to equal inputs *as read* (app_state/code_effect.py)."""
    return digest(_files_key(), st.session_state.get(keys.COLUMN_MAPS, {}))


def plan_key() -> str:
    """A digest of everything a plan is made from: files, mappings, rules, follow-up and locks.

    A plan made under another key is stale: the files or the choices changed after it was made.
    """
    return digest(inputs_key(), st.session_state.get(keys.RULES_EDIT), st.session_state.get(keys.SUPPORTER_UPDATES, {}),
                  st.session_state.get(keys.PINS, []))


def read_inputs() -> Inputs | None:
    """The uploaded files read by scheduler.io, or None without files: the whole reading once per
    distinct set of files and mappings, each file once per its own content (app_state/read_parts.py)."""
    if not has_inputs():
        return None
    key = inputs_key()
    cached = st.session_state.get(keys.INPUTS_CACHE)
    if cached and cached[0] == key:
        return cached[1]
    _forget_read()
    src = sources(files(), st.session_state.get(keys.COLUMN_MAPS, {}), st.session_state.get(keys.CODE_MAPS, {}))
    inputs = load_inputs(src["turnus"], src["supporters"], wards=src["wards"], shift_codes=src["shift_codes"],
                         rules=src["rules"], parts=session_parts())
    st.session_state[keys.INPUTS_CACHE] = (key, inputs)
    memory.release()  # what the last reading left in cycles, now rather than at some later collection
    return inputs


def _forget_read() -> None:
    """Drop the files read before (and the instance made of them) before reading again: at a
    trust-year the two readings side by side were 1.9 GiB, and their leftovers stayed (issue 25)."""
    st.session_state.pop(keys.INPUTS_CACHE, None)
    st.session_state.pop(keys.INSTANCE_CACHE, None)
    memory.release()


def effective_rules(inputs: Inputs | None) -> Rules:
    """The rules edited on the rules page, else the uploaded rules file, else the defaults."""
    edited = st.session_state.get(keys.RULES_EDIT)
    if edited is not None:
        return Rules.model_validate(edited)
    return inputs.rules if inputs is not None else Rules()


def effective_supporters(inputs: Inputs) -> dict[str, Supporter]:
    """The supporters as read, with the coordinator's recent-activity counts and unavailable dates."""
    return with_followup(inputs.supporters, st.session_state.get(keys.SUPPORTER_UPDATES, {}))


def demand_wards() -> list[str]:
    """The wards the next plan covers (those with staff at work): what its publication replaces."""
    instance = current_instance()
    return sorted(set(instance.demand["ward"].astype(str))) if instance is not None and len(instance.demand) else []


def current_instance() -> Instance | None:
    """The Instance the next plan will use: inputs + edited rules + coordinator's follow-up + the
    history the store holds for the period."""
    inputs = read_inputs()
    if inputs is None:
        return None
    rules = effective_rules(inputs)
    # What each supporter carried in the published rotas before this period (docs/history.md).
    carried, _ = history.carried(horizon(inputs.turnus, rules)[0], rules)
    key = digest(inputs_key(), rules.model_dump(mode="json"), st.session_state.get(keys.SUPPORTER_UPDATES, {}),
                 carried.model_dump(mode="json"))
    cached = st.session_state.get(keys.INSTANCE_CACHE)
    if cached and cached[0] == key:
        return cached[1]
    effective = Inputs(turnus=inputs.turnus, employees=inputs.employees, supporters=effective_supporters(inputs),
                       wards=inputs.wards, shift_codes=inputs.shift_codes, rules=rules, pins=inputs.pins,
                       reports=inputs.reports, checksums=inputs.checksums, history=carried)
    st.session_state.pop(keys.INSTANCE_CACHE, None)  # not two instances side by side
    instance = build_instance(effective)
    st.session_state[keys.INSTANCE_CACHE] = (key, instance)
    return instance
