"""Small Streamlit helpers the pages share."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_state import keys


def localized_selectbox(container: Any, label: str, options: list, key: str, format_func: Any, **kwargs: Any) -> Any:
    """A selectbox whose shown text follows the language toggle.

    Streamlit keeps the displayed text of a selected option when only `format_func` changes, so
    each language gets its own widget (`<key>__<lang>`); the choice itself lives in `key`.
    """
    lang = st.session_state.get(keys.LANG, "no")
    widget_key = f"{key}__{lang}"
    chosen = st.session_state.get(key)
    if chosen in options and st.session_state.get(widget_key) != chosen:
        st.session_state[widget_key] = chosen

    def remember() -> None:
        st.session_state[key] = st.session_state[widget_key]

    value = container.selectbox(label, options, key=widget_key, format_func=format_func, on_change=remember, **kwargs)
    st.session_state[key] = value
    return value
