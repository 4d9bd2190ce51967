"""The app's shared state, split by what it owns; pages import the part they need.

- :mod:`app_state.auth` — who is using the app: sign-in (``st.login``/``st.user``) and their role
  (:mod:`scheduler.access`); every page asks it first;
- :mod:`app_state.keys` — the names of the plain values kept in ``st.session_state``;
- :mod:`app_state.uploads` — the uploaded files, the fixes made by hand, reading them with
  :mod:`scheduler.io`, and the instance the next plan will use;
- :mod:`app_state.jobs` — the plan job: :func:`scheduler.solve.plan.make_plan` in a child process
  (:mod:`app_state.solve_process` starts and reads it, :mod:`app_state.solve_child` is the child),
  watched by a worker thread;
- :mod:`app_state.views` — the rota a page shows (this session's draft or a publication) and
  publishing it;
- :mod:`app_state.widgets` — small Streamlit helpers shared by pages;
- :mod:`app_state.history` — history from the store: what the next plan carries over, the
  coordinator's follow-up and the leadership report.

The work itself is done by the library (``scheduler/``); nothing here parses a file or computes a
rule. Pydantic objects are never passed to ``st.cache_data``: caches are keyed on bytes and strings.
"""
