"""A rota's fair-share base is kept beside its tables (scheduler.store.replan_basis): published, saved
with a draft's plan, and by `scheduler publish` from a folder's replan_basis.json; read back only
when it is its rota's — never another rota's, a damaged one, or one a summary does not back."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from conftest import days, make_inputs, plan_and_verify

from scheduler.domain import Rules
from scheduler.solve.replan_shares import basis_of
from scheduler.store.publications import PublicationStore
from scheduler.store.published import kept_tables
from scheduler.store.replan_basis import BASIS_TABLE, kept_basis

ROWS = [(e, w, d, "D") for d in days(7) for w in "ABCD" for e in (f"{w.lower()}1", f"{w.lower()}2")]


@pytest.fixture(scope="module")
def planned():
    """A small plan whose fewest duties are proven, with its base as the app's plan job keeps it."""
    inputs = make_inputs(ROWS, [f"{w.lower()}1" for w in "ABCD"], rules=Rules(max_wards_per_duty=2))
    plan, _ = plan_and_verify(inputs)
    plan.basis = basis_of(plan.instance, plan.result, [], previous=False)
    assert plan.basis is not None and plan.result.fairness.shares.needed_proven
    return plan


def _publish(store: PublicationStore, tables: dict, summary: dict) -> int:
    return store.publish(tables, summary, "{}", {"t.csv": "x"})


def test_a_publication_and_a_drafts_plan_keep_the_base(planned, where) -> None:
    tables = kept_tables(planned)
    assert BASIS_TABLE in tables
    store = PublicationStore(where)
    pid = _publish(store, tables, planned.summary)
    bare = _publish(store, {k: v for k, v in tables.items() if k != BASIS_TABLE}, planned.summary)
    assert store.replan_bases([bare, pid]) == [planned.basis]  # a publication without one: none, as before
    assert kept_basis(store.load(pid).tables, planned.summary) == planned.basis
    assert BASIS_TABLE not in store.rota_in_force().tables  # not part of the rota shown
    store.save_draft("draft-0001", {}, {}, actor="lokal")
    store.save_draft_plan("draft-0001", tables, planned.summary, "{}", {}, {}, actor="lokal")
    kept = store.load_draft("draft-0001").plan
    assert kept_basis(kept.tables, kept.summary) == planned.basis


def test_a_base_its_rota_does_not_back_is_not_trusted(planned, tmp_path) -> None:
    tables = kept_tables(planned)
    summary = copy.deepcopy(planned.summary)
    other = copy.deepcopy(summary)
    other["fairness"]["needed_hours"] += 4  # another rota's base, or a summary changed since
    unproven = copy.deepcopy(summary)
    unproven["fairness"]["needed_hours_proven"] = False
    replan = {**copy.deepcopy(summary), "previous_rota": True}  # a re-plan's fewest was measured with its changes held
    kept = {**copy.deepcopy(replan), "model": {**summary["model"], "shares_from_previous": 1}}
    damaged = {BASIS_TABLE: pd.DataFrame({"basis_json": ['{"format": 1, "needed_hours": "x"}']})}
    assert kept_basis(tables, summary) == planned.basis and kept_basis(tables, kept) == planned.basis
    for wrong in (other, unproven, replan, {}):
        assert kept_basis(tables, wrong) is None
    assert kept_basis(damaged, summary) is None and kept_basis({}, summary) is None
    store = PublicationStore(tmp_path / "s.sqlite3")
    assert store.replan_bases([_publish(store, tables, other), _publish(store, {**tables, **damaged}, summary)]) == []
