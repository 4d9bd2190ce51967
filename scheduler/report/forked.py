"""One piece of output made in a forked child while the parent lays out the rest.

A trust's year spends about half its writing on rota.xlsx (pure Python, so a thread would only
take turns with the parent under the GIL). A forked child has the tables already in its memory —
nothing is copied or pickled — builds the bytes and sends them back through a pipe. Where `fork`
is not there (Windows, macOS's default) or the child fails, the bytes are made in the parent: the
result is the same file either way.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable

__all__ = ["made_apart"]


def made_apart(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """Start `make` in a forked child; returns a function that waits for its bytes (or makes them
    in this process when forking is not possible or the child did not finish)."""
    if not hasattr(os, "fork") or sys.platform != "linux":
        return make
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return make
    if pid == 0:  # the child: no collection (it would touch every object the parent has), then out
        code = 1
        try:
            gc.disable()
            os.close(read_end)
            data = make()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def wait() -> bytes:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        return data if os.waitstatus_to_exitcode(status) == 0 else make()

    return wait
