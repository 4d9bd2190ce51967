"""`scheduler generate` (and `python -m scheduler.demo.command`): a fictional hospital written to files,
canonical and, optionally, as the messy per-ward exports real systems write."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from scheduler.demo.files import write_canonical
from scheduler.demo.generate import generate
from scheduler.demo.incidents import write_demo_incidents
from scheduler.demo.messy import write_messy_exports
from scheduler.demo.shapes import SIZES

__all__ = ["add_arguments", "run", "main"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The generator's options, shared by `python -m scheduler.demo.command` and `scheduler generate`."""
    parser.add_argument("--size", choices=sorted(SIZES), default="S",
                        help="S, M, L, or M-staff (a staff unit on support shifts), M-sites (a small site at night), "
                             "L-hard (a year with both); default S")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2027, 1, 4),
                        help="first date, a Monday (YYYY-MM-DD)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the canonical files")
    parser.add_argument("--messy", type=Path, help="folder for per-ward exports as real systems write them")
    parser.add_argument("--incidents", action="store_true",
                        help="also incidents.csv: incidents at night, on a Saturday and on a holiday, for outreach")


def run(args: argparse.Namespace) -> int:
    """Generate one size and write it (and optionally the messy exports); ValueError for bad options."""
    hospital = generate(args.size, seed=args.seed, start=args.start)
    write_canonical(hospital, args.out)
    if args.messy is not None:
        write_messy_exports(hospital, args.messy)
    if getattr(args, "incidents", False):
        write_demo_incidents(Path(args.out), seed=args.seed)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line: generate one size and write it (and optionally the messy exports)."""
    parser = argparse.ArgumentParser(prog="python -m scheduler.demo.command", description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except ValueError as exc:
        parser.error(str(exc))
    return 2


if __name__ == "__main__":
    sys.exit(main())
