"""The sweep on a real Dask cluster: a scheduler and two worker processes started as a trust's IT
would (`dask scheduler`, `dask worker`), on loopback. Both workers work, and the answer is the one
the same sweep gives one by one in this process."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whatif_world import SETTINGS, world

from scheduler.whatif.cluster import dask_runner, serial_runner
from scheduler.whatif.search import sweep

DASK = Path(sys.executable).parent / "dask"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_workers(address: str, count: int, seconds: float = 60.0) -> None:
    from distributed import Client

    with Client(address, timeout="20s") as client:
        client.wait_for_workers(count, timeout=seconds)


@pytest.fixture
def loopback_cluster(tmp_path):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": tmp_path}
    processes = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-dashboard"], **quiet)]
    try:
        time.sleep(1.0)
        for _ in range(2):
            processes.append(subprocess.Popen([str(DASK), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                               "--no-dashboard", "--host", "127.0.0.1"], **quiet))
        _wait_for_workers(address, 2)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_two_workers_share_the_sweep_and_agree_with_a_serial_run(loopback_cluster) -> None:
    inputs = world()
    with dask_runner(inputs, SETTINGS, address=loopback_cluster) as runner:
        on_cluster = sweep(inputs, 2, SETTINGS, runner, shortlist=4)
    one_by_one = sweep(inputs, 2, SETTINGS, serial_runner(inputs, SETTINGS), shortlist=4)
    assert len(on_cluster.workers) == 2, on_cluster.workers
    assert [p.candidate for p in on_cluster.picks] == [p.candidate for p in one_by_one.picks]
    assert on_cluster.baseline.same_result(one_by_one.baseline)
    for (_, _, a), (_, _, b) in zip(on_cluster.evaluated, one_by_one.evaluated, strict=True):
        assert a.same_result(b)
