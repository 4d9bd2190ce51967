"""Streamlit entry point (the router)."""

import streamlit as st

st.set_page_config(page_title="Kollegastøtte – vaktplan", layout="wide")
st.title("Kollegastøtte – vaktplan")
