"""The one registry of priorities: names, default order, the `priorities` setting and its errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scheduler.domain import Rules
from scheduler.io import Source
from scheduler.io.rules_file import read_rules
from scheduler.tiers import DEFAULT_PRIORITIES, TIERS, check_priorities, tier_order


def test_fairness_comes_before_fewest_duties_by_default() -> None:
    names = list(DEFAULT_PRIORITIES)
    assert names.index("largest_load_ratio") < names.index("total_duties") < names.index("load_above_fair_share")
    assert names[:2] == ["uncovered_ward_slots", "uncovered_staff_shifts"]


def test_every_tier_has_labels_and_a_reason_in_both_languages() -> None:
    for tier in TIERS:
        assert tier.label_no and tier.label_en and tier.reason_no and tier.reason_en, tier.name
    assert len({t.name for t in TIERS}) == len(TIERS)


def test_tiers_that_do_not_apply_are_skipped() -> None:
    names = [t.name for t in tier_order((), redundancy=1, previous=False)]
    assert "missing_backups" not in names and "changed_duties" not in names
    names = [t.name for t in tier_order((), redundancy=2, previous=True)]
    assert names.index("missing_backups") < names.index("changed_duties") < names.index("largest_load_ratio")


def test_the_hours_tier_runs_only_with_fairness_over_exposure() -> None:
    # docs/fairness.md, «Exposure»: right after exposure fairness, before the fewest duties.
    assert "largest_hours_ratio" not in [t.name for t in tier_order((), redundancy=1, previous=False)]
    names = [t.name for t in tier_order((), redundancy=1, previous=False, exposure=True)]
    assert names.index("largest_load_ratio") + 1 == names.index("largest_hours_ratio") == names.index("total_duties") - 1


def test_a_chosen_order_comes_first_and_the_rest_follow_in_default_order() -> None:
    names = [t.name for t in tier_order(("uncovered_ward_slots", "total_duties"), redundancy=1, previous=False)]
    assert names[:3] == ["uncovered_ward_slots", "total_duties", "uncovered_staff_shifts"]
    assert sorted(names) == sorted(n for n in DEFAULT_PRIORITIES
                                   if n not in ("missing_backups", "changed_duties", "largest_hours_ratio"))


def test_unknown_or_repeated_names_are_refused_with_the_valid_names() -> None:
    with pytest.raises(ValueError, match="largest_load_ratio"):
        check_priorities(["fairness"])
    with pytest.raises(ValidationError, match="more than once"):
        Rules(priorities=("total_duties", "total_duties"))


def test_rules_file_message_lists_the_valid_names() -> None:
    rules, report = read_rules(Source("rules.toml", b'priorities = ["coverage", "total_duties"]\n'))
    text = " ".join(m.render("en") for m in report.messages)
    assert "coverage" in text and "uncovered_ward_slots" in text and "largest_load_ratio" in text
    assert rules.priorities == ()  # the default order stays
    rules, report = read_rules(Source("rules.toml", b'priorities = ["uncovered_ward_slots", "total_duties"]\n'))
    assert rules.priorities == ("uncovered_ward_slots", "total_duties") and not report.errors


def test_every_doc_that_lists_the_tiers_lists_these_in_this_order():
    """docs/fairness.md's table of priorities names every tier of the registry, in its default
    order, and nothing else."""
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs"
    table = docs.joinpath("fairness.md").read_text(encoding="utf-8").split("## The priorities", 1)[1].split("\n\n", 2)[1]
    listed = [name for row in table.splitlines() if row.startswith("| ") for name in re.findall(r"`([a-z_]+)`", row)]
    assert listed == list(DEFAULT_PRIORITIES)


def test_every_tier_has_its_objective_and_its_count():
    """The solver's two registries keyed by tier are complete: each tier is built and counted."""
    from scheduler.solve.objectives import BUILDERS
    from scheduler.solve.tier_values import COUNTERS

    names = [t.name for t in TIERS]
    assert sorted(BUILDERS) == sorted(names) == sorted(COUNTERS)
