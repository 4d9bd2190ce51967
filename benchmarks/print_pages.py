"""Printed pages of rota.xlsx: how many A4 pages each sheet takes when LibreOffice prints it.

`python -m benchmarks.print_pages [ROTA_DIR]` (default: solve the bundled sample into
benchmarks/out/print_pages/sample) converts each sheet of ROTA_DIR/rota.xlsx on its own to PDF with
LibreOffice (`soffice --headless`, Debian's `libreoffice-calc-nogui`; skipped with a message when it
is missing) and writes the page counts to benchmarks/RESULTS.md between `<!-- print_pages -->` …
`<!-- /print_pages -->`. The print set-up itself (A4 landscape, fit to width, repeated header row)
is written by scheduler/report/workbook.py and tested there; this measures what a person gets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from benchmarks.common import ROOT, replace_block

BEGIN, END = "<!-- print_pages -->", "<!-- /print_pages -->"
_PAGE = re.compile(rb"/Type\s*/Page[^s]")


def sample_rota(out: Path) -> Path:
    """The bundled sample solved by the command line, as a user would."""
    folder = out / "sample"
    if not (folder / "rota.xlsx").is_file():
        data = ROOT / "data"
        subprocess.run([sys.executable, "-m", "scheduler", "solve", str(data / "turnus.csv"),
                        "--supporters", str(data / "supporters.csv"), "--wards", str(data / "wards.csv"),
                        "--rules", str(data / "rules.toml"), "--time-limit", "10", "--out", str(folder)],
                       cwd=ROOT, check=True, capture_output=True)
    return folder


def one_sheet_workbooks(workbook: Path, out: Path) -> dict[str, Path]:
    """A copy of the workbook per sheet, so LibreOffice's PDF can be counted sheet by sheet."""
    names = load_workbook(workbook, read_only=True).sheetnames
    copies = {}
    for name in names:
        book = load_workbook(workbook)
        for other in [n for n in book.sheetnames if n != name]:
            del book[other]
        copies[name] = out / f"sheet_{name}.xlsx"
        book.save(copies[name])
    return copies


def count_pages(copies: dict[str, Path], out: Path, soffice: str) -> dict[str, int]:
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    *map(str, copies.values())], check=True, capture_output=True, timeout=600)
    return {name: len(_PAGE.findall(path.with_suffix(".pdf").read_bytes())) for name, path in copies.items()}


def table(rota: Path, rows: dict[str, int]) -> str:
    book = load_workbook(rota / "rota.xlsx", read_only=True)
    lines = ["| sheet | rows | A4 pages |", "|---|---|---|"]
    lines += [f"| {name} | {book[name].max_row - 1} | {pages} |" for name, pages in rows.items()]
    lines.append(f"| **all** | | **{sum(rows.values())}** |")
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    return "\n".join([BEGIN, "", f"`python -m benchmarks.print_pages` on `{rota.name}` ({when}).", "",
                      *lines, "", END])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.print_pages", description=__doc__.splitlines()[0])
    parser.add_argument("rota", nargs="?", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "print_pages")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    a = parser.parse_args(argv)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui); nothing measured.")
        return 1
    a.out.mkdir(parents=True, exist_ok=True)
    rota = a.rota or sample_rota(a.out)
    pages = count_pages(one_sheet_workbooks(rota / "rota.xlsx", a.out), a.out, soffice)
    for name, count in pages.items():
        print(f"{name}: {count} pages")
    replace_block(a.results, table(rota, pages), BEGIN, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
