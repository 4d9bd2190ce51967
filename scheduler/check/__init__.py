"""The independent checkers: a written rota, its output files and an outreach plan re-checked from
the files alone.

They re-state each rule's meaning on purpose, from docs/semantics.md, docs/outputs.md and
docs/outreach.md, independently of the solver: demand, availability and every hard rule are
recomputed here in plain loops, never taken from scheduler.model or scheduler.solve, so that when
the optimiser and the checker disagree one of them has a bug — and a rota made by a broken solver,
or edited by hand, is caught. They import nothing of the solver, the model, the writers or OR-Tools
(the contract in pyproject.toml; tests/test_architecture.py).

One module per job, each importing only those above it in this list:

- context.py — what the inputs imply (slots, demand, availability); written.py — the rota as written;
  findings.py — a finding and how it is worded.
- eligibility.py, limits.py, completeness.py — one ``check_<rule>`` per hard rule; rules.py — their
  registry by id; report.py — :func:`~scheduler.check.report.verify` and its report.
- output_files.py — an output folder read; tables.py, notices.py, calendars.py, excel.py,
  summary.py, changes.py — each output file against assignments.csv; folder.py —
  :func:`~scheduler.check.folder.verify_dir`, all of them.
- outreach_written.py, outreach_rules.py, outreach_privacy.py — an outreach plan read and its
  rules; outreach.py — :func:`~scheduler.check.outreach.verify_outreach`.
"""
