"""rules.toml: every key of :class:`scheduler.domain.Rules`, with `[[slots]]`, `[solver]`
and a `[duty_hours]` table (slot name → hours).

Nothing here raises: a TOML syntax error, an unknown key or an invalid value becomes a message
naming the key (and its line) and the values it allows, and the rest of the file still applies
over the defaults. Every numeric rule has an allowed range (scheduler.domain, docs/inputs.md):
`max_consecutive_days = 99999999` is an error, not an hour of model building.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from pydantic import ValidationError

from scheduler.domain import OnCallRules, Rules, SlotDef, SolverSettings, Supervision
from scheduler.io.cleaning import clean_cell
from scheduler.io.encoding import decode, sniff_type
from scheduler.io.input_limits import max_bytes
from scheduler.io.messages import error, warning
from scheduler.io.records import allowed_range, bounds
from scheduler.io.types import ReadingReport, Source

__all__ = ["read_rules"]

_SLOT_KINDS = {"dag": "day", "kveld": "evening", "aften": "evening", "natt": "night"}


def _line_of(text: str, key: str) -> int | None:
    m = re.search(rf"^\s*\[*\s*{re.escape(key)}\s*[\]=]", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _unknown(report: ReadingReport, text: str, key: str, known: list[str], where: str = "") -> None:
    name = f"{where}{key}"
    warning(report, f"Ukjent nøkkel «{name}» er ikke brukt.", f"Unknown key «{name}» was not used.",
            row=_line_of(text, key), column=name, raw=name,
            fix_no=f"Kjente nøkler: {', '.join(known)}.", fix_en=f"Known keys: {', '.join(known)}.")


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _prepare(data: dict[str, Any], text: str, report: ReadingReport) -> dict[str, Any]:
    known = list(Rules.model_fields)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "duty_hours" and isinstance(value, dict):
            continue
        if key not in known:
            _unknown(report, text, key, known + ["duty_hours"])
            continue
        out[key] = value
    if isinstance(out.get("separation"), str):
        out["separation"] = {"post": "ward", "avdeling": "department"}.get(out["separation"].strip().lower(),
                                                                           out["separation"])
    for table, model in (("solver", SolverSettings), ("on_call", OnCallRules)):
        if isinstance(out.get(table), dict):
            table_known = list(model.model_fields)
            for key in list(out[table]):
                if key not in table_known:
                    _unknown(report, text, key, table_known, f"{table}.")
                    out[table] = {k: v for k, v in out[table].items() if k != key}
    if isinstance(out.get("slots"), list):
        slot_known = list(SlotDef.model_fields)
        slots = []
        for i, slot in enumerate(out["slots"]):
            if not isinstance(slot, dict):
                slots.append(slot)
                continue
            for key in slot:
                if key not in slot_known:
                    _unknown(report, text, key, slot_known, f"slots[{i}].")
            slot = {k: v for k, v in slot.items() if k in slot_known}
            if isinstance(slot.get("name"), str):
                slot["name"] = clean_cell(slot["name"]).strip()
            if isinstance(slot.get("kind"), str):
                slot["kind"] = _SLOT_KINDS.get(slot["kind"].strip().lower(), slot["kind"].strip().lower())
            slots.append(slot)
        out["slots"] = slots
    hours = data.get("duty_hours")
    if isinstance(hours, dict):
        base = out.get("slots")
        if not isinstance(base, list):
            base = [s.model_dump() for s in Rules().slots]
        names = {s.get("name") for s in base if isinstance(s, dict)}
        for name in hours:
            if name not in names:
                _unknown(report, text, name, sorted(str(n) for n in names), "duty_hours.")
        out["slots"] = [{**s, "duty_hours": hours[s["name"]]} if isinstance(s, dict) and s.get("name") in hours
                        else s for s in base]
    return out


def _allowed(loc: tuple[Any, ...]) -> str:
    """The values a rule allows, from the model's bounds: "1–31"; "" for a rule without bounds."""
    model: type[Any] = Rules
    names = [p for p in loc if isinstance(p, str)]
    if names[:1] == ["solver"]:
        model, names = SolverSettings, names[1:]
    elif names[:1] == ["slots"]:
        model, names = SlotDef, names[1:]
    elif names[:1] == ["on_call"]:
        model, names = OnCallRules, names[1:]
    elif names[:1] == ["supervision"]:
        model, names = Supervision, names[1:]
    if len(names) != 1 or names[0] not in model.model_fields:
        return ""
    lo, hi = bounds(model, names[0])
    return "" if lo is None and hi is None else allowed_range(model, names[0])


def _default(loc: tuple[Any, ...]) -> Any:
    """The default value at a location such as ("solver", "seed"); None when there is none to show."""
    value: Any = Rules(on_call=OnCallRules())
    for part in loc:
        if not isinstance(part, str) or not hasattr(value, part):
            return None
        value = getattr(value, part)
    return value if isinstance(value, int | float | str | bool) else None


def _validate(data: dict[str, Any], text: str, report: ReadingReport) -> Rules:
    for _ in range(50):
        try:
            return Rules.model_validate(data)
        except ValidationError as exc:
            dropped = False
            for err in exc.errors():
                loc = tuple(err["loc"])
                key = _loc(loc) or "rules"
                top = str(loc[0]) if loc else ""
                default = _default(loc)
                value = err.get("input")
                default_text = str(default) if default is not None and top != "slots" else ""
                span = _allowed(loc)
                within_no, within_en = (f" Tillatt: {span}.", f" Allowed: {span}.") if span else ("", "")
                error(report, f"Ugyldig verdi for «{key}»: {err['msg']}.{within_no}",
                      f"Invalid value for «{key}»: {err['msg']}.{within_en}",
                      row=_line_of(text, str(loc[-1])) if loc else None, column=key,
                      raw=repr(value)[:200] if not isinstance(value, dict) else "",
                      fix_no=f"Rett verdien (standard: {default_text})." if default_text else "Rett verdien.",
                      fix_en=f"Correct the value (default: {default_text})." if default_text else "Correct the value.")
                if top and top in data:
                    data = {k: v for k, v in data.items() if k != top}
                    dropped = True
            if not dropped:  # a rule across keys (e.g. horizon order): drop what it names, else all
                data = {k: v for k, v in data.items() if not k.startswith("horizon")} if any(
                    k.startswith("horizon") for k in data) else {}
    return Rules()


def read_rules(src: Source) -> tuple[Rules, ReadingReport]:
    report = ReadingReport(file=src.name, kind="rules", layout="toml")
    try:
        if len(src.data) > max_bytes("rules"):
            error(report, f"Regelfilen er {len(src.data) / 2**20:.1f} MB; en regelfil er noen få linjer (grense "
                          f"{max_bytes('rules') / 2**20:.0f} MB).",
                  f"The rules file is {len(src.data) / 2**20:.1f} MB; a rules file is a few lines (limit "
                  f"{max_bytes('rules') / 2**20:.0f} MB).", fix_no="Velg rules.toml.", fix_en="Choose rules.toml.")
            return Rules(), report
        kind = sniff_type(src.data)
        if kind == "empty":
            return Rules(), report
        if kind != "text":
            error(report, "Regelfilen er ikke tekst (TOML).", "The rules file is not text (TOML).",
                  fix_no="Velg rules.toml.", fix_en="Choose rules.toml.", raw=src.data[:60].decode("latin-1"))
            return Rules(), report
        text, report.encoding = decode(src.data)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            line = int(m[1]) if m else None
            error(report, f"Regelfilen er ikke gyldig TOML: {exc}.", f"The rules file is not valid TOML: {exc}.",
                  row=line, raw=text.splitlines()[line - 1][:200] if line and line <= len(text.splitlines()) else "",
                  fix_no="Skriv nøkkel = verdi, tekst i anførselstegn; standardreglene brukes.",
                  fix_en="Write key = value, text in quotes; the default rules are used.")
            return Rules(), report
        rules = _validate(_prepare(data, text, report), text, report)
        report.rows_read = len(data)
        return rules, report
    except Exception as exc:  # noqa: BLE001 - never a traceback for a user's file
        error(report, "Regelfilen kunne ikke leses.", "The rules file could not be read.",
              raw=f"{type(exc).__name__}: {exc}"[:300])
        return Rules(), report
