"""Fictional hospitals for trying things out and for the benchmarks (S, M, L) and messy exports."""
