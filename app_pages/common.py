"""What several pages share: the rota being shown, or a pointer to the plan page when there is none."""

import streamlit as st

from app_i18n import t, view_caption
from app_state import views


def view_or_stop() -> views.View:
    """The draft or publication shown now, with its caption; without one, say so and stop the page."""
    view = views.current_view()
    if view is None:
        st.info(t("no_rota_yet"), icon="ℹ️")
        st.page_link("app_pages/plan.py", label=t("go_plan"), icon="🧮")
        st.stop()
    st.caption(view_caption(view))
    return view
