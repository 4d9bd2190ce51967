"""What `scheduler whatif` writes: `whatif.csv` (the picks, best first), `evaluated.csv` (every
candidate solved, with its screen) and `whatif.txt` (the same in a few sentences) — counts and
ward names only, no person (docs/whatif.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scheduler.io.out_folder import write_folder_safely
from scheduler.whatif.search import Sweep

__all__ = ["picks_table", "evaluated_table", "summary_text", "write_whatif"]

PICK_COLUMNS = ("rank", "ward", "profession", "uncovered_before", "uncovered_after", "largest_ratio_before",
                "largest_ratio_after", "duties_before", "duties", "proven")


def picks_table(result: Sweep) -> pd.DataFrame:
    rows = [{"rank": p.rank, "ward": p.candidate.ward, "profession": p.candidate.profession,
             "uncovered_before": p.before.uncovered, "uncovered_after": p.after.uncovered,
             "largest_ratio_before": p.before.largest_ratio, "largest_ratio_after": p.after.largest_ratio,
             "duties_before": p.before.duties, "duties": p.after.duties, "proven": p.after.proven}
            for p in result.picks]
    return pd.DataFrame(rows, columns=list(PICK_COLUMNS))


def evaluated_table(result: Sweep) -> pd.DataFrame:
    rows = [{"round": rank, "ward": s.candidate.ward, "profession": s.candidate.profession,
             "screen_coverable_gaps": s.coverable_gaps, "screen_relief": s.relief,
             "uncovered": e.uncovered, "largest_ratio": e.largest_ratio, "duties": e.duties,
             "proven": e.proven, "seconds": e.seconds}
            for rank, s, e in result.evaluated]
    return pd.DataFrame(rows, columns=["round", "ward", "profession", "screen_coverable_gaps", "screen_relief",
                                       "uncovered", "largest_ratio", "duties", "proven", "seconds"])


def _ratio(value: float, lang: str) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang == "no" else text


def summary_text(result: Sweep, train: int, lang: str = "no", checked: bool = False) -> str:
    """A few sentences a coordinator can paste into a message to the leadership; `checked`: every
    proposal's rota passed the independent checker (scheduler.whatif.checked)."""
    no = lang == "no"
    base = result.baseline
    lines = [
        ("Hvor bør neste kollegastøtter læres opp?" if no else "Where should the next supporters be trained?"),
        "",
        (f"I dag: {base.uncovered} vakter på postene uten kollegastøtte; den travleste har "
         f"{_ratio(base.largest_ratio, lang)} × sin rettferdige andel; {base.duties} støttevakter."
         if no else
         f"Today: {base.uncovered} ward-shifts without a supporter; the busiest carries "
         f"{_ratio(base.largest_ratio, lang)} × their fair share; {base.duties} duties."),
        "",
    ]
    for p in result.picks:
        who = f"{p.candidate.profession or ('ansatt' if no else 'employee')} på {p.candidate.ward}" if no else \
            f"{p.candidate.profession or 'employee'} in {p.candidate.ward}"
        lines.append(
            f"{p.rank}. {'Lær opp én' if no else 'Train one'} {who}: "
            + (f"{p.before.uncovered} → {p.after.uncovered} udekket, travleste {_ratio(p.before.largest_ratio, lang)} → "
               f"{_ratio(p.after.largest_ratio, lang)} ×, {p.after.duties} vakter."
               if no else
               f"{p.before.uncovered} → {p.after.uncovered} uncovered, busiest {_ratio(p.before.largest_ratio, lang)} → "
               f"{_ratio(p.after.largest_ratio, lang)} ×, {p.after.duties} duties."))
    if result.stopped == "no_improvement":
        lines.append(("Ingen flere opplæringer bedrer dekning eller fordeling blant de beste kandidatene; "
                      f"{len(result.picks)} av {train} foreslått.") if no else
                     (f"No further training improves coverage or fairness among the best candidates; "
                      f"{len(result.picks)} of {train} proposed."))
    elif result.stopped == "no_candidates":
        lines.append("Ingen flere ansatte å lære opp i turnusen." if no else "Nobody else in the turnus to train.")
    if checked and result.picks:
        lines += ["", ("Hver plan over er kontrollert av den uavhengige kontrollen: alle harde regler holdt, og "
                       "tallene over er dens egne." if no else
                       "Each plan above passed the independent checker: every hard rule kept, and the figures "
                       "above are its own.")]
    lines += ["", (f"{len(result.evaluated) + 1} planer løst, {result.candidates} kandidater (post × yrke) vurdert."
                   if no else f"{len(result.evaluated) + 1} plans solved, {result.candidates} candidates (ward × profession) screened.")]
    return "\n".join(lines) + "\n"


def write_whatif(result: Sweep, out: Path, train: int, lang: str = "no", checked: bool = False) -> Path:
    """The folder, written whole or not at all; never over a folder of another kind."""

    def fill(folder: Path) -> None:
        picks_table(result).to_csv(folder / "whatif.csv", index=False)
        evaluated_table(result).to_csv(folder / "evaluated.csv", index=False)
        (folder / "whatif.txt").write_text(summary_text(result, train, lang, checked), encoding="utf-8")

    return write_folder_safely(out, fill, kind="whatif")
