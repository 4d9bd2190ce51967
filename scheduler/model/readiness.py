"""Before the solver runs: what makes a run impossible, pointless or quietly wrong.

Three lists of messages for a person, shared by the command line and the app:

- :func:`blocking_errors` — the input cannot be planned as given: the rules file has an error (a
  rota planned with other rules than the user wrote is wrong without a word), or a file that was
  named could not be read at all.
- :func:`nothing_to_plan` — the plan would be empty: no supporters, none of them in any turnus,
  or no ward that needs cover in any slot. The command line refuses unless `--allow-empty`.
- :func:`loud_warnings` — planned, but probably not as meant: supporters in no turnus, no
  supporter available in any slot, names used as ids.

docs/inputs.md describes each.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from scheduler.domain import Instance
from scheduler.errors import Message, Severity
from scheduler.io.load import period_problem
from scheduler.io.types import Inputs, ReadingReport

__all__ = ["blocking_errors", "no_turnus_rows", "nothing_to_plan", "loud_warnings", "previous_rota_problems",
           "reading_report"]

_SHOWN_IDS = 10


def _msg(severity: Severity, no: str, en: str, fix_no: str = "", fix_en: str = "", file: str = "",
         raw: str = "", column: str | None = None) -> Message:
    return Message(severity=severity, file=file, column=column, text_no=no, text_en=en, fix_no=fix_no, fix_en=fix_en,
                   raw=raw)


def _ids(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_SHOWN_IDS])
    return shown + (f", … (+{len(ids) - _SHOWN_IDS})" if len(ids) > _SHOWN_IDS else "")


def blocking_errors(inputs: Inputs, *, allow_empty: bool = False) -> list[Message]:
    """Errors that stop `solve` (exit 2); with `allow_empty`, an unreadable supporters file does not
    (it then means "no supporters", which :func:`nothing_to_plan` is about)."""
    out: list[Message] = []
    for report in inputs.reports:
        if report.kind == "rules" and report.errors:
            out.append(_msg(Severity.ERROR, f"Regelfilen har {len(report.errors)} feil; det planlegges ikke med andre "
                                            "regler enn dem du skrev.",
                            f"The rules file has {len(report.errors)} errors; no rota is planned with other rules than "
                            "the ones you wrote.", "Rett feilene over.", "Correct the errors above.", file=report.file))
        elif report.kind != "rules" and report.errors and report.rows_read == 0 and _named_file(report):
            if report.kind == "supporters" and allow_empty:
                continue
            out.append(_msg(Severity.ERROR, "Ingenting kunne leses fra filen.", "Nothing could be read from the file.",
                            "Rett feilene over, eller la filen være ute.", "Correct the errors above, or leave the file out.",
                            file=report.file))
    problem = period_problem(inputs.turnus, inputs.rules)
    if problem is not None:
        out.append(_msg(Severity.ERROR, *problem, "Sett horizon_start og horizon_end i rules.toml.",
                        "Set horizon_start and horizon_end in rules.toml."))
    return out


def no_turnus_rows(inputs: Inputs) -> list[Message]:
    """Why nothing can be planned when no turnus row was read: one error per turnus file, naming it."""
    if not inputs.turnus.empty:
        return []
    out = []
    for report in inputs.reports:
        if report.kind != "turnus":
            continue
        if report.errors:
            fix_no, fix_en = "Rett feilene over i denne fila.", "Correct the errors above in this file."
        else:
            fix_no, fix_en = ("Eksporter turnusen på nytt med radene (sjekk periode og utvalg i eksporten).",
                              "Export the turnus again with its rows (check the period and selection of the export).")
        out.append(_msg(Severity.ERROR, "Ingen turnusrader kunne leses fra fila, og ingen annen turnusfil ga rader: "
                                        "ingenting kan planlegges.",
                        "No turnus row could be read from the file, and no other turnus file gave rows: nothing can "
                        "be planned.", fix_no, fix_en, file=report.file))
    if not out:
        out.append(_msg(Severity.ERROR, "Ingen turnusfil er oppgitt: ingenting kan planlegges.",
                        "No turnus file was given: nothing can be planned.", "Oppgi minst én turnusfil.",
                        "Give at least one turnus file."))
    return out


def _named_file(report: ReadingReport) -> bool:
    return report.kind in ("turnus", "supporters", "wards", "shift_codes", "staff", "pins", "history")


def nothing_to_plan(inputs: Inputs, instance: Instance) -> list[Message]:
    """Why the plan would be empty (errors), or [] when there is something to plan."""
    fix_no, fix_en = ("Rett inndataene, eller bruk --allow-empty for å skrive en tom plan likevel.",
                      "Correct the inputs, or use --allow-empty to write an empty rota anyway.")
    out: list[Message] = []
    if not inputs.supporters:
        out.append(_msg(Severity.ERROR, "Ingen kollegastøtter er lest: ingenting kan planlegges.",
                        "No supporters were read: nothing can be planned.", fix_no, fix_en))
    elif not instance.supporters:
        ids = sorted(inputs.supporters)
        out.append(_msg(Severity.ERROR, f"Ingen av de {len(ids)} kollegastøttene finnes i noen turnusfil: "
                                        "ingenting kan planlegges.",
                        f"None of the {len(ids)} supporters is in any turnus file: nothing can be planned.",
                        "Sjekk ansattnumrene i kollegastøttelisten mot turnusen. " + fix_no,
                        "Check the employee ids in the supporters file against the turnus. " + fix_en, raw=_ids(ids)))
    if instance.demand.empty:
        out.append(_msg(Severity.ERROR, "Ingen post trenger dekning i noen vaktperiode (ingen på jobb i periodene, "
                                        "eller alle poster har needs_coverage = nei): ingenting å planlegge.",
                        "No ward needs cover in any slot (nobody at work in the slots, or every ward has "
                        "needs_coverage = false): nothing to plan.", fix_no, fix_en))
    return out


def loud_warnings(inputs: Inputs, instance: Instance) -> list[Message]:
    """Warnings printed first and apart from the rest: the rota will be planned, but likely not as meant."""
    out: list[Message] = []
    by_name = [r.file for r in inputs.reports if r.kind == "turnus" and r.rows_read
               and "name" in r.columns.values() and "employee_id" not in r.columns.values()]
    if by_name:
        out.append(_msg(Severity.WARNING, f"Navn er brukt som ansattnummer i {len(by_name)} turnusfil(er): to med samme "
                                          "navn blir én person, og navn står der id-er står.",
                        f"Names are used as employee ids in {len(by_name)} turnus file(s): two people with one name "
                        "become one, and names appear where ids appear.",
                        "Ta med ansattnummer i eksporten.", "Include the employee id in the export.", raw=", ".join(by_name)))
    missing = sorted(sid for sid in inputs.supporters if sid not in instance.supporters)
    if missing and instance.supporters:
        out.append(_msg(Severity.WARNING, f"{len(missing)} av {len(inputs.supporters)} kollegastøtter finnes ikke i noen "
                                          "turnusfil og blir aldri satt opp.",
                        f"{len(missing)} of {len(inputs.supporters)} supporters are in no turnus file and are never "
                        "on duty.", "Sjekk ansattnumrene, eller last opp turnusen for postene deres.",
                        "Check the employee ids, or upload their wards' turnus.", raw=_ids(missing)))
    if instance.supporters and instance.availability.empty and not instance.demand.empty:
        out.append(_msg(Severity.WARNING, f"Ingen av de {len(instance.supporters)} kollegastøttene er tilgjengelig i noen "
                                          "vaktperiode: alle post-vakter blir udekket.",
                        f"None of the {len(instance.supporters)} supporters is available in any slot: every ward-slot "
                        "will be uncovered.",
                        "Sjekk vaktperiodene (slots) mot turnusens vakttider, opplæringsdatoer og utilgjengelige datoer.",
                        "Check the slots against the turnus shift times, training dates and unavailable dates."))
    if instance.rules.on_call is not None and instance.supporters and not any(
            s.on_call for s in instance.supporters.values()):
        out.append(_msg(Severity.WARNING, "Reglene planlegger beredskap hjemmefra ([on_call]), men ingen kollegastøtte har "
                                          "sagt ja til det: ingen blir satt i beredskap.",
                        "The rules plan someone on call from home ([on_call]), but no supporter has opted in: nobody "
                        "will be on call.",
                        "Skriv ja i kolonnen on_call i supporters.csv for dem som kan ha beredskap.",
                        "Write yes in the on_call column of supporters.csv for those who may be on call."))
    return out


def previous_rota_problems(previous: pd.DataFrame, instance: Instance, *, file: str = "duties.csv"
                           ) -> tuple[list[Message], list[Message]]:
    """(errors, warnings) about a previous rota given for re-planning (`--previous DIR`); `file` is
    its duties.csv as the user named it, so every message says which file it is about.

    A rota with no supporter or no date in common with this run is from another hospital, another
    list or another period: keeping its duties means nothing, and using it silently would hide the
    mistake, so it is refused. A rota that shares only some supporters is used, with a warning."""
    errors: list[Message] = []
    warnings: list[Message] = []
    if previous.empty:
        warnings.append(_msg(Severity.WARNING, "Forrige vaktplan har ingen vakter; det er ingenting å holde fast ved.",
                             "The previous rota has no duties; there is nothing to keep.",
                             "Oppgi mappen med den publiserte vaktplanen, eller kjør uten --previous.",
                             "Give the folder of the published rota, or run without --previous.", file=file))
        return errors, warnings
    fix_no, fix_en = ("Oppgi mappen med vaktplanen for disse postene og denne perioden (--previous MAPPE), eller kjør "
                      "uten --previous.",
                      "Give the folder of the rota for these wards and this period (--previous DIR), or run without "
                      "--previous.")
    ids = set(previous["supporter_id"])
    known = ids & set(instance.supporters)
    dates = {s.date.isoformat() for s in instance.slots}
    shared_dates = set(previous["date"]) & dates
    if not known:
        errors.append(_msg(Severity.ERROR, f"Forrige vaktplan har ingen kollegastøtte felles med denne kjøringen "
                                           f"({len(ids)} andre id-er): er den fra et annet sykehus eller en annen liste?",
                           f"The previous rota has no supporter in common with this run ({len(ids)} other ids): is it "
                           "from another hospital or another list?", fix_no, fix_en, file=file, column="supporter_id",
                           raw=_ids(sorted(ids))))
    if not shared_dates:
        first, last = min(previous["date"]), max(previous["date"])
        planned = f" ({min(dates)}–{max(dates)})" if dates else ""
        errors.append(_msg(Severity.ERROR, f"Forrige vaktplan ({first}–{last}) har ingen dato felles med perioden "
                                           f"som planlegges{planned}.",
                           f"The previous rota ({first}–{last}) has no date in common with the period planned{planned}.",
                           fix_no, fix_en, file=file, column="date"))
    if errors:
        return errors, warnings
    unknown = sorted(ids - known)
    if unknown:
        warnings.append(_msg(Severity.WARNING, f"{len(unknown)} av {len(ids)} kollegastøtter i forrige vaktplan er ikke "
                                               "kollegastøtter nå; vaktene deres kan ikke beholdes.",
                             f"{len(unknown)} of {len(ids)} supporters in the previous rota are not supporters now; their "
                             "duties cannot be kept.", "Sjekk at kollegastøttelisten er den riktige; ellers er dette "
                             "som ventet.", "Check that the supporters file is the right one; otherwise this is as "
                             "expected.", file=file, column="supporter_id", raw=_ids(unknown)))
    return errors, warnings


def reading_report(inputs: Inputs, checks: Sequence[Message] = ()) -> dict:
    """Everything read and every message, for `reading_report.json` in the output folder."""
    messages = [*inputs.messages, *checks]
    counts = {s.value: sum(1 for m in messages if m.severity is s) for s in Severity}
    return {
        "counts": counts,
        "checks": [m.model_dump(mode="json") for m in checks],
        "files": [r.model_dump(mode="json") for r in inputs.reports],
    }
