"""Sign-in: the only page for someone who is not signed in (when sign-in is configured), and what a
signed-in person without any role sees. Sign-in itself is Streamlit's `st.login` with the
OpenID Connect provider in `.streamlit/secrets.toml` (docs/access.md).

The router also shows it at the address of every other page (a QR code on a notice opens
`/hvem-ringer?post=…`), so whoever follows a link first signs in, with the link kept.
"""

import streamlit as st

from app_i18n import t, t_plain
from app_state import auth
from scheduler.report.call_now import WARD_PARAM


def show() -> None:
    st.title(t("signin_title"))
    access = auth.current()
    if access is not None:  # signed in, but the role file gives this person no role
        st.warning(t_plain("signin_no_role", who=access.user), icon=":material/block:")
        if st.button(t("sign_out"), key="sign_out_norole", icon=":material/logout:"):
            st.logout()
        return
    st.markdown(t("signin_intro"))
    if st.query_params.get(WARD_PARAM):
        st.caption(t("signin_ward_after"))
    for provider in auth.providers():
        label = t("signin_button") if provider is None else t_plain("signin_button_with", provider=provider)
        if st.button(label, key=f"signin_{provider or 'default'}", type="primary", icon=":material/login:"):
            st.login(provider)


if __name__ == "__main__":
    show()
