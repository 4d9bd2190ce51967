"""The independent checkers: a written rota, its output files and an outreach plan re-checked from
the files alone. They import nothing of the solver or OR-Tools (tests/test_architecture.py)."""
