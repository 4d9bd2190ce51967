"""A generated hospital in canonical form: the frames of turnus.csv, supporters.csv and wards.csv,
the sample's rules.toml, and writing them (UTF-8, comma, ISO dates).

Kept apart from the drawing (scheduler.demo.generate) so that the form of the files — what the
benchmarks compare byte for byte — has one home, shared with the messy exports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scheduler.demo.roster import CODES
from scheduler.demo.shapes import PROFESSIONS
from scheduler.demo.staff import Staff, WardRow

__all__ = ["GeneratedHospital", "SUPPORTER_COLUMNS", "rules_toml", "turnus_frame", "wards_frame", "supporters_frame",
           "write_canonical"]


@dataclass(frozen=True)
class GeneratedHospital:
    """A generated instance in canonical form (the README's «Inputs»).

    `turnus` has one row per employee per date (off days "F"), sorted by employee then date;
    its text columns are categoricals and `date` is datetime64. `supporters` and `wards` hold the
    columns of supporters.csv and wards.csv (nullable integers, empty string for no value).
    """

    turnus: pd.DataFrame
    supporters: pd.DataFrame
    wards: pd.DataFrame
    rules_toml: str
    seed: int
    start: dt.date

    @property
    def dates(self) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.turnus["date"].unique())


def rules_toml(same_site: bool = False, scheme: bool = False) -> str:
    """The sample's rules.toml: default slots, ward separation, one supporter per ward-slot; with
    `scheme`, someone on call from home where nobody is on site (docs/domain.md) and a supervision
    meeting every four weeks in the supporters' working time (docs/supervision.md)."""
    return f"""# Rules for the generated sample hospital; every key not given keeps its default (README, «Rules and their defaults»).
min_overlap = 0.5
separation = "ward"
same_site = {"true" if same_site else "false"}
redundancy = 1
max_on_duty_per_ward = 1
max_duties_per_day = 1
max_duties_per_week = 3
max_consecutive_days = 2

[[slots]]
name = "dag"
start = "08:00"
end = "15:00"
kind = "day"

[[slots]]
name = "kveld"
start = "15:30"
end = "22:00"
kind = "evening"

[[slots]]
name = "natt"
start = "23:00"
end = "07:00"
kind = "night"

[solver]
time_limit = 60
workers = 1
""" + (SCHEME_RULES if scheme else "")


#: What a running scheme adds to the sample's rules (the defaults, written out so they can be seen).
SCHEME_RULES = """
# Someone on call from home (paid standby) where no supporter is on site: docs/domain.md.
[on_call]
max_per_week = 2
rest_after_night = true
weight = 0.25

# A supervision meeting for the supporters every four weeks, in their working time: docs/supervision.md.
[supervision]
every_weeks = 4
minutes = 90
"""


# --- frames --------------------------------------------------------------------------------------

def turnus_frame(staff: Staff, wards: list[WardRow], codes: np.ndarray, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """The long canonical turnus, built with whole-array operations (fast for 1.4 million rows)."""
    n, days = codes.shape
    emp = np.repeat(np.arange(n), days)

    def cat(values: np.ndarray, index: np.ndarray) -> pd.Categorical:
        uniq, inverse = np.unique(values, return_inverse=True)
        return pd.Categorical.from_codes(inverse[index], categories=pd.Index(uniq, dtype="str"))

    ward_ids = np.array([w.ward for w in wards], dtype=object)
    return pd.DataFrame({
        "employee_id": cat(staff.ids, emp),
        "date": np.tile(dates.values.astype("datetime64[s]"), n),
        "shift_code": pd.Categorical.from_codes(codes.ravel(), categories=pd.Index(CODES, dtype="str")),
        "ward": cat(ward_ids[staff.ward], emp),
        "name": cat(staff.names, emp),
        "profession": cat(np.array(PROFESSIONS, dtype=object)[staff.profession], emp),
    })


def wards_frame(wards: list[WardRow], mins: dict[str, list[int | None]]) -> pd.DataFrame:
    return pd.DataFrame({
        "ward": [w.ward for w in wards],
        "name": [w.name for w in wards],
        "department": [w.department for w in wards],
        "site": [w.site for w in wards],
        "min_staff_day": pd.array(mins["day"], dtype="Int64"),
        "min_staff_evening": pd.array(mins["evening"], dtype="Int64"),
        "min_staff_night": pd.array(mins["night"], dtype="Int64"),
        "needs_coverage": [w.kind != "admin" for w in wards],
    })


def supporters_frame(rows: list[dict[str, object]], on_call: bool = False) -> pd.DataFrame:
    """supporters.csv; with `on_call`, a column `on_call` (ja/nei) from each row."""
    df = pd.DataFrame(rows, columns=[*SUPPORTER_COLUMNS, *(("on_call",) if on_call else ())])
    for col in ("max_duties_per_week", "max_duties_per_period", "max_nights_per_period",
                "protected_hours_per_week", "recent_activity"):
        df[col] = pd.array(df[col].tolist(), dtype="Int64")
    df["training_valid_until"] = pd.to_datetime(df["training_valid_until"]).astype("datetime64[s]")
    return df


SUPPORTER_COLUMNS: tuple[str, ...] = (
    "employee_id", "name", "max_duties_per_week", "max_duties_per_period", "max_nights_per_period",
    "protected_hours_per_week", "training_valid_until", "leads_wards", "unavailable", "recent_activity", "phone",
)


def write_canonical(h: GeneratedHospital, folder: str | Path) -> dict[str, Path]:
    """Write turnus.csv, supporters.csv, wards.csv and rules.toml (UTF-8, comma, ISO dates)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / name for name in ("turnus.csv", "supporters.csv", "wards.csv", "rules.toml")}
    csv = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d", "encoding": "utf-8"}
    h.turnus.to_csv(paths["turnus.csv"], **csv)
    h.supporters.to_csv(paths["supporters.csv"], **csv)
    wards = h.wards.assign(needs_coverage=h.wards["needs_coverage"].map({True: "true", False: "false"}))
    wards.to_csv(paths["wards.csv"], **csv)
    paths["rules.toml"].write_text(h.rules_toml, encoding="utf-8", newline="\n")
    return paths
