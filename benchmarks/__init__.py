"""Benchmarks: reading the largest turnus, solving S/M/L, and two baselines (greedy, naive CP-SAT).

Run `python -m benchmarks [read|solve|all]`; each measured run is a fresh subprocess under
`/usr/bin/time -v`, results go to `benchmarks/out/*.json` and `benchmarks/RESULTS.md`.
"""
