"""The configuration error page: what the router shows, at every address, when sign-in is set up
wrongly (scheduler/signin_setup.py, docs/access.md «When the set-up is wrong»). It says what is
wrong and where, in Norwegian and in English at once (the language toggle is not drawn), and
nothing else: no menu, no page, no data.
"""

import streamlit as st

from app_i18n import t_in
from app_state import auth, widgets
from scheduler.signin_setup import Problem


def _say(language: str, problem: Problem) -> str:
    """One problem in words; every value from the file is plain text."""
    file = widgets.plain(problem.file)
    where = ""
    if problem.file:
        where = t_in(language, "setup_where_line" if problem.line else "setup_where_file", file=file, line=problem.line)
    detail = problem.detail or (t_in(language, "setup_every_address") if problem.code == "not_loopback" else "")
    return t_in(language, f"setup_{problem.code}", where=where, key=widgets.plain(problem.key),
                section=widgets.plain(problem.section), suggestion=widgets.plain(problem.suggestion),
                detail=widgets.plain(detail))


def show() -> None:
    problems = auth.signin_setup().problems
    for language in ("no", "en"):
        st.header(t_in(language, "setup_title"), anchor=False)
        st.markdown(t_in(language, "setup_intro"))
        st.error("\n\n".join(_say(language, p) for p in problems), icon=":material/lock:")
        st.caption(t_in(language, "setup_fix"))


if __name__ == "__main__":
    show()
