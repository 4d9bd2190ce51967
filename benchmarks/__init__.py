"""Benchmarks, run on demand (never timed in tests); each measured run is a fresh subprocess under
`/usr/bin/time -v`.

- `python -m benchmarks.fairness`: the command line on every hard shape → benchmarks/RESULTS.md;
- `python -m benchmarks [read|solve|all]`: reading the largest turnus, solving S/M/L against two
  baselines (greedy, naive CP-SAT) → benchmarks/SOLVE.md;
- `python -m benchmarks.replan`: a published rota, five supporters sick for a week, the re-plan →
  benchmarks/RESULTS.md;
- `python -m benchmarks.hostile` → HOSTILE.md; `python -m benchmarks.outreach` → OUTREACH.md.
"""
