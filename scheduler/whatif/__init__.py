"""Where to train the next supporters (`scheduler whatif`, docs/whatif.md).

Each candidate is a ward and profession where one more trained supporter could be found: an
employee of that ward and profession who is not a supporter yet. A candidate is evaluated by
planning again with that employee as a supporter (coverage, fairness and the number of duties,
proven like a real run) and a greedy search picks the best N one after another. Every evaluation
is an independent solve, so they run on Dask: a local cluster on this machine's cores by default,
or an existing cluster given its address.

candidates.py: who could be trained, and the screen that keeps the solves few;
evaluate.py: one evaluation (a plan with some candidates added);
search.py: the greedy rounds, on any way of running evaluations side by side;
cluster.py: that way on Dask; files.py: whatif.csv, evaluated.csv and a readable summary.
"""
