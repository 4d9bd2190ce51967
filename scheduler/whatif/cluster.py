"""Running evaluations side by side: one by one here, or on Dask distributed — an embedded
`LocalCluster` on this machine's cores by default, or an existing cluster given its address
(`dask scheduler` and `dask worker` on a trust's servers; docs/whatif.md).

One solve per worker process, one thread each: CP-SAT gets a core of its own and memory stays
predictable. The inputs are sent to every worker once (scattered), not with every evaluation.
Everything stays on loopback unless the user names another cluster; the dashboard is off.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from scheduler.domain import SolverSettings
from scheduler.io.types import Inputs
from scheduler.whatif.candidates import Candidate
from scheduler.whatif.evaluate import Evaluation, evaluate
from scheduler.whatif.search import Runner

__all__ = ["serial_runner", "dask_runner"]


def serial_runner(inputs: Inputs, settings: SolverSettings) -> Runner:
    """Evaluations one after another in this process (tests; the reference a cluster must equal)."""

    def run(batches: Sequence[tuple[Candidate, ...]], done: Callable[[Evaluation], None]) -> list[Evaluation]:
        results = []
        for chosen in batches:
            results.append(evaluate(inputs, chosen, settings))
            done(results[-1])
        return results

    return run


@contextmanager
def dask_runner(inputs: Inputs, settings: SolverSettings, *, address: str | None = None,
                workers: int | None = None) -> Iterator[Runner]:
    """A runner on Dask: the cluster at `address`, or a local one of `workers` processes (default:
    this machine's cores). Closes what it started."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if address:
        client = Client(address, timeout="10s")
    else:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        shared = client.scatter(inputs, broadcast=True)

        def run(batches: Sequence[tuple[Candidate, ...]], done: Callable[[Evaluation], None]) -> list[Evaluation]:
            # Spread over the workers from the start (each may still take another's work when it is
            # free): left to itself, the scheduler may hand a round of short solves to one worker.
            addresses = sorted(client.scheduler_info().get("workers", {}))
            futures = [client.submit(evaluate, shared, chosen, settings, pure=False, allow_other_workers=True,
                                     workers=[addresses[i % len(addresses)]] if addresses else None)
                       for i, chosen in enumerate(batches)]
            for future in as_completed(futures):
                done(future.result())
            return [f.result() for f in futures]

        yield run
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
