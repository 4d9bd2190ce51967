"""The output folder: never delete what this program did not write.

A rota is written into a fresh staging folder next to the target, and only then put in place:
- a target that does not exist, or an empty folder, simply becomes the new rota;
- a folder this program wrote before (it holds the marker file, or only the files a rota
  consists of) is swapped with the new one in one atomic step where the system allows it
  (Linux `renameat2(RENAME_EXCHANGE)`), else in two renames that a later run repairs;
- anything else — a file, a folder with the user's own files in it, the working directory —
  is refused *before* any work starts, with a message saying what to do.

So a kill at any moment leaves either the old complete rota or the new one, never a mix and
never a lost input file. Staging folders left by a killed run carry the marker and are removed
by the next run; folders without the marker are never removed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from scheduler.errors import InputError, Message, Severity

__all__ = ["MARKER", "ROTA_ENTRIES", "FOLDER_KINDS", "check_output_folder", "write_folder_safely", "is_rota_folder",
           "folder_kind"]

#: The file that says "this folder was written by the planner and may be replaced by it".
MARKER = ".kollegastotte-rota"
#: Everything a written rota may contain at its top level (older versions wrote no marker).
ROTA_ENTRIES = frozenset({
    MARKER, "assignments.csv", "duties.csv", "burden.csv", "coverage.csv", "summary.json",
    "rota.xlsx", "notices", "calendars", "reading_report.json", "excel", "outreach.csv",
    "invitations", "report.html", "report.pdf", "report.xlsx", "report.json",
    "whatif.csv", "evaluated.csv", "whatif.txt", "release.csv", "turnus_import.csv",
    "turnus_cache.parquet", "turnus_cache.json", "replan_basis.json",
    "instance_cache.bin", "instance_cache.json",
})
#: What a folder of ours holds, and how each kind is told apart in folders written before the
#: marker named its kind: one kind is never written over another (a report never replaces a rota).
FOLDER_KINDS = {"rota": "assignments.csv", "outreach": "outreach.csv", "report": "report.html",
                "whatif": "whatif.csv"}
_KIND_WORDS = {"rota": ("en vaktplan", "a rota"), "outreach": ("en plan for oppsøkende kollegastøtte", "an outreach plan"),
               "report": ("en rapport", "a report"),
               "whatif": ("en analyse av hvor nye bør læres opp", "an analysis of where to train")}
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _error(no: str, en: str, fix_no: str, fix_en: str, path: Path) -> InputError:
    return InputError(Message(severity=Severity.ERROR, file=str(path), text_no=no, text_en=en,
                              fix_no=fix_no, fix_en=fix_en))


def is_rota_folder(path: Path) -> bool:
    """True when `path` is a folder this program wrote: the marker, or nothing but rota files."""
    if not path.is_dir():
        return False
    if (path / MARKER).is_file():
        return True
    names = {p.name for p in path.iterdir()}
    return bool(names) and names <= ROTA_ENTRIES and "assignments.csv" in names


def folder_kind(path: Path) -> str | None:
    """Which kind of our folders `path` is (its marker says, else its files); None if none."""
    try:
        kind = json.loads((path / MARKER).read_text(encoding="utf-8")).get("kind")
    except (OSError, ValueError, AttributeError):
        kind = None
    if kind in FOLDER_KINDS:
        return kind
    return next((k for k, name in FOLDER_KINDS.items() if (path / name).exists()), None)


def _foreign_entries(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir() if p.name not in ROTA_ENTRIES)


def check_output_folder(out: Path, kind: str = "rota") -> None:
    """Refuse, before any work, an output path whose replacement could lose something — also a
    folder of ours of another `kind` (:data:`FOLDER_KINDS`): a report never replaces a rota.

    Raises InputError naming the path and the fix; returns quietly when writing is safe.
    """
    out = Path(os.path.abspath(out))
    _recover_interrupted_swap(out)
    if out.is_symlink():
        raise _error("Utdatamappen er en snarvei (symbolsk lenke); den blir ikke erstattet.",
                     "The output folder is a symbolic link; it will not be replaced.",
                     "Oppgi en vanlig mappe med --out.", "Give a plain folder with --out.", out)
    if out.exists() and not out.is_dir():
        raise _error("--out peker på en fil, ikke en mappe. Filen blir ikke overskrevet.",
                     "--out names a file, not a folder. The file will not be overwritten.",
                     "Oppgi et nytt mappenavn, f.eks. --out vaktplan/.",
                     "Give a new folder name, e.g. --out rota/.", out)
    if out.is_dir():
        if out.resolve() == Path.cwd().resolve() or out.resolve() == Path(out.resolve().anchor):
            if any(out.iterdir()):
                raise _error("--out er arbeidsmappen (eller rota av disken), og den er ikke tom. "
                             "Den blir ikke erstattet.",
                             "--out is the working folder (or the root of the disk) and it is not empty. "
                             "It will not be replaced.",
                             "Oppgi en egen mappe for vaktplanen, f.eks. --out vaktplan/.",
                             "Give a folder of its own for the rota, e.g. --out rota/.", out)
        held = folder_kind(out) if any(out.iterdir()) and is_rota_folder(out) else None
        if held is not None and held != kind:
            no_there, en_there = _KIND_WORDS[held]
            no_new, en_new = _KIND_WORDS.get(kind, (kind, kind))
            raise _error(f"Mappen inneholder {no_there}; {no_new} skrives ikke over den, så ingenting går tapt.",
                         f"The folder holds {en_there}; {en_new} is not written over it, so nothing is lost.",
                         "Oppgi en ny mappe med --out.", "Give a new folder with --out.", out)
        if any(out.iterdir()) and not is_rota_folder(out):
            foreign = _foreign_entries(out)
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            raise _error(f"Mappen finnes og inneholder filer dette programmet ikke har skrevet ({shown}). "
                         "Den blir ikke erstattet, så ingenting går tapt.",
                         f"The folder exists and holds files this program did not write ({shown}). "
                         "It will not be replaced, so nothing is lost.",
                         "Oppgi en ny mappe med --out, eller flytt filene ut først.",
                         "Give a new folder with --out, or move those files out first.", out)
    parent = out.resolve().parent
    if parent.exists() and not os.access(parent, os.W_OK):
        raise _error("Kan ikke skrive i mappen over utdatamappen.",
                     "Cannot write in the folder that would hold the output folder.",
                     "Velg en mappe du har skrivetilgang til.", "Choose a folder you can write to.", parent)


def _backup_of(out: Path) -> Path:
    return out.with_name(f".{out.name}.old")


def _recover_interrupted_swap(out: Path) -> None:
    """A run killed between the two renames of a swap left the old rota as `.NAME.old`: put it back."""
    backup = _backup_of(out)
    if not out.exists() and backup.is_dir() and (backup / MARKER).is_file():
        os.replace(backup, out)


def _remove_stale_staging(out: Path) -> None:
    """Staging folders of killed runs (they hold the marker, so they are ours) are removed."""
    if not out.parent.is_dir():
        return
    for candidate in out.parent.glob(f".{out.name}.tmp-*"):
        if candidate.is_dir() and (candidate / MARKER).is_file() and not _writer_alive(candidate):
            shutil.rmtree(candidate, ignore_errors=True)
    backup = _backup_of(out)
    if out.exists() and backup.is_dir() and (backup / MARKER).is_file():
        shutil.rmtree(backup, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where not supported."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _marker_text(kind: str = "rota") -> str:
    return json.dumps({"written_by": "kollegastotte-scheduler", "kind": kind, "pid": os.getpid(),
                       "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                       "note": "This folder was written by `scheduler`; it may replace it on the next run."})


def _writer_alive(folder: Path) -> bool:
    """Whether the process that made a staging folder still runs (then it is not stale)."""
    try:
        pid = int(json.loads((folder / MARKER).read_text(encoding="utf-8")).get("pid", 0))
    except (OSError, ValueError, AttributeError):
        return False
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _put_in_place(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    if not any(out.iterdir()):
        try:
            os.replace(staging, out)  # an empty folder is replaced by rename on POSIX
            return
        except OSError:
            # The working folder or a mount point cannot be renamed over: move the files in,
            # the marker last so a half-moved folder is never taken for a whole rota.
            for entry in sorted(staging.iterdir(), key=lambda p: p.name == MARKER):
                os.replace(entry, out / entry.name)
            staging.rmdir()
            return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old rota
        return
    backup = _backup_of(out)
    shutil.rmtree(backup, ignore_errors=True)
    os.replace(out, backup)
    os.replace(staging, out)
    shutil.rmtree(backup, ignore_errors=True)


def write_folder_safely(out: Path, fill: Callable[[Path], None], kind: str = "rota") -> Path:
    """Write a rota folder at `out` through `fill(staging)`; returns the folder written.

    `check_output_folder` is repeated here because the folder may have changed while the
    solver ran; if it now holds the user's files, the rota goes to a new sibling folder with a
    time stamp instead (the solved rota is not thrown away), and that folder is returned.
    """
    out = Path(os.path.abspath(out))
    try:
        check_output_folder(out, kind)
    except InputError:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = out.with_name(f"{out.name}-{stamp}")
        check_output_folder(out, kind)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        (staging / MARKER).write_text(_marker_text(kind), encoding="utf-8")
        fill(staging)
        _put_in_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out
