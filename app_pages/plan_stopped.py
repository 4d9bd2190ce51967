"""After a stop: the best plan so far, said plainly against the last one — the busiest supporter's
load ÷ fair share, the shifts without a supporter and the changes (issue 25, item 3: a stopped plan
had the busiest at 2.23× their share and 3,785 changes, and nothing said so)."""

from __future__ import annotations

import streamlit as st

from app_i18n import fmt_count, fmt_ratio, t


def stopped_comparison(summary: dict, meta: dict) -> None:
    """The stopped plan's figures beside the last plan's (kept in the job's meta when it started)."""
    before = meta.get("before") or {}
    fair = summary.get("fairness") or {}
    counts = summary.get("counts") or {}
    with st.container(border=True, key="stopped_compare"):
        st.markdown(f"**{t('stopped_compare_title')}**")
        if not before:
            st.caption(t("stopped_compare_none"))
            return
        now_ratio, was_ratio = fair.get("largest_ratio"), before.get("largest_ratio")
        now_unc, was_unc = counts.get("uncovered"), before.get("uncovered")
        lines = [t("stopped_compare_ratio", now=fmt_ratio(now_ratio), before=fmt_ratio(was_ratio)),
                 t("stopped_compare_uncovered", now=fmt_count(now_unc or 0), before=fmt_count(was_unc or 0))]
        if meta.get("baseline"):
            lines.append(t("stopped_compare_changes", n=fmt_count(len(meta.get("changes") or []))))
        st.markdown("\n".join(f"- {line}" for line in lines))
        worse = ((now_ratio or 0) > (was_ratio or 0) + 1e-9 and was_ratio is not None) or \
                ((now_unc or 0) > (was_unc or 0) and was_unc is not None)
        if worse:
            st.warning(t("stopped_compare_worse"), icon=":material/warning:")
