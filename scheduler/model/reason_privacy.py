"""Reasons that name nobody: why a ward-slot is uncovered, as a ward may read it (docs/access.md).

The full reason for an uncovered ward-slot can name colleagues — «Kari (12): meldt utilgjengelig»
— which tells a ward who is unavailable, and sometimes why. Only the coordinator (and, in their
own drafts, the rostering staff of that ward) may read that. So a kept rota holds two forms: in
`assignments` and `coverage` the reason that names nobody (people counted, or only the kind of
reason), and the named ones in a table of their own (:data:`NAMED_REASONS`) that views read only
for those who may see names (:func:`reasons_shown`).

Pure functions over tables; no solver, no store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

__all__ = ["NAMED_REASONS", "REASON_KINDS", "kind_words", "without_names", "reasons_shown", "has_named_reasons"]

#: The kept table that holds the reasons with names.
NAMED_REASONS = "named_reasons"
#: Each kind of reason (scheduler.solve.explain, `UncoveredReason.code`) in plain words that name nobody:
#: (Norwegian, English).
REASON_KINDS: dict[str, tuple[str, str]] = {
    "no_supporter_at_work": ("Ingen kollegastøtte på jobb", "No supporter at work"),
    "only_ineligible": ("Bare kollegastøtter fra egen post eller leder på jobb",
                        "Only supporters from the ward itself or its manager at work"),
    "all_blocked": ("De som kunne dekket, var ikke tilgjengelige", "Those who could cover were not available"),
    "all_at_limit": ("Alle som kunne dekket, var ved en grense", "Everyone who could cover was at a limit"),
    "not_chosen": ("Ikke dekket innen tidsgrensen", "Not covered within the time limit"),
    "": ("Annen grunn", "Other reason"),
}
_ENGLISH_STARTS = ("No peer supporter", "Only peer supporters", "Those who could", "Everyone who could",
                   "The solver did not")


def kind_words(code: str, text: str = "") -> str:
    """The kind of reason in words, in the language `text` (the named reason) is written in."""
    no, en = REASON_KINDS.get(code if code in REASON_KINDS else "", REASON_KINDS[""])
    return en if text.startswith(_ENGLISH_STARTS) else no


def has_named_reasons(tables: Mapping[str, pd.DataFrame]) -> bool:
    return NAMED_REASONS in tables


def without_names(tables: Mapping[str, pd.DataFrame],
                  unnamed: Callable[[str, str, str, str, str], str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables with every uncovered reason replaced by one that names nobody (`unnamed(date,
    slot, ward, named text, reason code)`, else the kind of reason in words), and the named
    reasons moved to their own table (:data:`NAMED_REASONS`: date, slot, ward, reason)."""
    out = dict(tables)
    coverage = tables.get("coverage")
    codes: dict[tuple[str, str, str], str] = {}
    if coverage is not None and len(coverage) and "reason_code" in coverage.columns:
        coded = coverage[~coverage["reason_code"].astype(str).isin(["", "nan", "None"])]  # a code names no kind else
        codes = {(str(d)[:10], str(s), str(w)): str(c) for d, s, w, c
                 in coded[["date", "slot", "ward", "reason_code"]].itertuples(index=False)}
    named_rows: dict[tuple[str, str, str], str] = {}
    with_reasons = [n for n in ("assignments", "coverage") if n in tables and "reason" in tables[n].columns]
    if not with_reasons:
        return out
    for name in with_reasons:
        frame = tables[name]
        if not len(frame):
            continue
        frame = frame.copy()
        reasons = frame["reason"].astype(str)
        given = ((reasons != "") & (reasons != "nan")).to_numpy()
        texts = [""] * len(frame)  # only the rows with a reason are looked at (a year has 80,000 without)
        rows = frame.loc[given, ["date", "slot", "ward", "reason"]].astype(str)
        for i, date, slot, ward, text in zip(given.nonzero()[0].tolist(), rows["date"].tolist(), rows["slot"].tolist(),
                                             rows["ward"].tolist(), rows["reason"].tolist(), strict=True):
            key = (date[:10], slot, ward)
            named_rows.setdefault(key, text)
            code = codes.get(key, "")
            texts[i] = unnamed(date, slot, ward, text, code) if unnamed else kind_words(code, text)
        frame["reason"] = texts
        out[name] = frame
    out[NAMED_REASONS] = pd.DataFrame([{"date": d, "slot": s, "ward": w, "reason": r}
                                       for (d, s, w), r in sorted(named_rows.items())],
                                      columns=["date", "slot", "ward", "reason"])
    return out


def reasons_shown(frame: pd.DataFrame, tables: Mapping[str, pd.DataFrame], may_name: Callable[[str], bool]) -> list[str]:
    """The reason to show for each row of `frame` (date, slot, ward, reason): the named one where
    `may_name(ward)` and the kept tables hold it, else the one that names nobody."""
    named = tables.get(NAMED_REASONS)
    lookup: dict[tuple[str, str, str], str] = {}
    if named is not None and len(named):
        lookup = {(str(d)[:10], str(s), str(w)): str(r) for d, s, w, r
                  in named[["date", "slot", "ward", "reason"]].itertuples(index=False)}
    return [lookup.get((str(d)[:10], str(s), str(w)), str(r)) if may_name(str(w)) else str(r)
            for d, s, w, r in frame[["date", "slot", "ward", "reason"]].itertuples(index=False)]


