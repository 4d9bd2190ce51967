"""The effect of the shift-code meanings chosen by hand (scheduler/views/code_effect.py): the
demand and availability with the meanings as read, counted once per change of files, column
mappings, rules or supporter edits — not again when another code is mapped (that changes only the
instance the next plan uses) — and compared with the one the next plan uses."""

from __future__ import annotations

import streamlit as st

from app_state import keys, uploads
from scheduler.domain import Rules
from scheduler.io import Inputs, load_inputs
from scheduler.model.demand import build_instance
from scheduler.views.code_effect import CodeEffect, code_change_effect


def _as_read_counts(key: str, rules: Rules) -> tuple[int, int]:
    """Demand and availability of the instance built with the meanings as read. Only the two counts
    are kept: a second instance of a trust-year beside the plan's would be hundreds of MiB."""
    cached = st.session_state.get(keys.CODE_EFFECT_CACHE)
    if cached and cached[0] == key:
        return cached[1]
    src = uploads.sources(uploads.files(), st.session_state.get(keys.COLUMN_MAPS, {}), {})
    read = load_inputs(src["turnus"], src["supporters"], wards=src["wards"], shift_codes=src["shift_codes"],
                       rules=src["rules"])
    as_read = build_instance(Inputs(turnus=read.turnus, employees=read.employees,
                                    supporters=uploads.effective_supporters(read), wards=read.wards,
                                    shift_codes=read.shift_codes, rules=rules, pins=read.pins, reports=read.reports,
                                    checksums=read.checksums))
    counts = (len(as_read.demand), len(as_read.availability))
    st.session_state[keys.CODE_EFFECT_CACHE] = (key, counts)
    return counts


def effect() -> CodeEffect | None:
    """What the codes changed by hand do to the demand and the availability; None without changes."""
    maps = st.session_state.get(keys.CODE_MAPS) or {}
    if not maps:  # before the instance: building it cost 8.5 s at a trust-year on every upload (issue 25)
        return None
    chosen = uploads.current_instance()
    if chosen is None:
        return None
    rules = uploads.effective_rules(uploads.read_inputs())
    key = uploads.digest(uploads.as_read_key(), rules.model_dump(mode="json"),
                         st.session_state.get(keys.SUPPORTER_UPDATES, {}))
    return code_change_effect(_as_read_counts(key, rules), chosen, tuple(sorted(maps)))
