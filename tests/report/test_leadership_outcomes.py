"""The leadership report's outcomes per quarter and site (scheduler/report/leadership_outcomes.py): incidents
with a first talk held within 72 h and a follow-up held, contacts by status, conversations per month,
protected hours used against set aside, training due, what would help — the same in the page, the
workbook and report.json."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pandas as pd

from scheduler.domain import Rules
from scheduler.report.leadership import build_report
from scheduler.report.leadership_folder import report_json
from scheduler.report.leadership_html import report_html
from scheduler.report.leadership_outcomes import OutcomeData, build_outcomes
from scheduler.report.leadership_xlsx import report_workbook
from scheduler.store.history import StoredPublication
from scheduler.store.outcomes import CONVERSATION_COLUMNS, OUTCOME_COLUMNS

D = dt.date
WARDS = pd.DataFrame([{"ward": "A", "name": "Post A", "department": "A", "site": "Nord"},
                      {"ward": "B", "name": "Post B", "department": "B", "site": "Sør"}])


def _publication() -> StoredPublication:
    """Two weeks in Q1: s1 (ward A, Nord, 2 h a week set aside) with 3 one-hour duties, s2 (ward B, Sør,
    the rules' 1 h a week) with 1; the limit analysis found renewing training for 3 supporters helps."""
    duties = pd.DataFrame([{"supporter_id": s, "date": d, "hours": "1.0"} for s, d in
                           [("s1", "2027-03-01"), ("s1", "2027-03-02"), ("s1", "2027-03-08"), ("s2", "2027-03-03")]])
    people = pd.DataFrame([
        {"employee_id": "s1", "name": "", "ward": "A", "profession": "", "phone": "", "training_valid_until": "2027-03-20",
         "last_refresher": "2026-05-01", "protected_hours_per_week": "2"},
        {"employee_id": "s2", "name": "", "ward": "B", "profession": "", "phone": "", "training_valid_until": "2028-01-01",
         "last_refresher": "2027-01-10", "protected_hours_per_week": ""}])
    summary = {"binding_limits": [
        {"limit": "training", "label_no": "Fornye utløpt opplæring", "label_en": "Renew expired training", "gain": 39,
         "proven": True, "supporters": 3},
        {"limit": "max_duties_per_week", "label_no": "Én vakt mer per uke", "label_en": "One more duty a week", "gain": 0}]}
    return StoredPublication(1, "", "new_period", D(2027, 3, 1), D(2027, 3, 14),
                             {"duties": duties, "wards": WARDS, "people": people, "coverage": pd.DataFrame(),
                              "burden": pd.DataFrame()}, summary, Rules(protected_hours_per_week=1).model_dump_json())


def _contact(iid, contact, profession, date, start, team, status, wards="A", occurred="2027-03-01T10:00"):
    return {"incident_id": iid, "occurred": occurred, "wards": wards, "contact": contact, "profession": profession,
            "people": 2, "date": date, "start": start, "end": start, "supporters": team, "hours": 2.0, "status": status}


def _data() -> OutcomeData:
    contacts = pd.DataFrame([
        # H-1 (Nord): both groups met within 72 h, one group's follow-up not held → no "both"
        _contact("H-1", "first", "sykepleier", "2027-03-02", "2027-03-02T08:00", "s1;s2", "held"),
        _contact("H-1", "first", "lege", "2027-03-04", "2027-03-04T08:00", "s2", "held"),
        _contact("H-1", "follow_up", "sykepleier", "2027-03-29", "2027-03-29T08:00", "s1", "held"),
        _contact("H-1", "follow_up", "lege", "2027-03-30", "2027-03-30T08:00", "s2", "declined"),
        # H-2 (Nord): first held after 72 h (moved and held later), follow-up held in Q2
        _contact("H-2", "first", "sykepleier", "2027-03-10", "2027-03-10T08:00", "s1", "held",
                 occurred="2027-03-05T22:00"),
        _contact("H-2", "follow_up", "sykepleier", "2027-04-02", "2027-04-02T08:00", "s1", "held",
                 occurred="2027-03-05T22:00"),
        # H-3 (Sør): first and follow-up held in time
        _contact("H-3", "defusing", "", "2027-03-03", "2027-03-03T15:30", "s1", "not_reached", "B", "2027-03-03T12:00"),
        _contact("H-3", "first", "", "2027-03-04", "2027-03-04T08:00", "s1", "held", "B", "2027-03-03T12:00"),
        _contact("H-3", "follow_up", "", "2027-03-31", "2027-03-31T08:00", "s1", "held", "B", "2027-03-03T12:00"),
    ], columns=OUTCOME_COLUMNS)
    incidents = contacts.drop_duplicates("incident_id")[["incident_id", "occurred", "wards"]]
    incidents = pd.concat([incidents, pd.DataFrame([{"incident_id": "H-4", "occurred": "2027-02-01T10:00", "wards": "B"}])])
    conversations = pd.DataFrame([["s1", "2027-01", 3], ["s2", "2027-01", 2], ["s1", "2027-03", 1], ["", "2026-12", 9]],
                                 columns=CONVERSATION_COLUMNS)
    attendance = pd.DataFrame([["2027-01-19", "08:00", "", 9], ["2027-02-16", "08:00", "", 0],
                               ["2027-04-13", "08:00", "", 11]], columns=["date", "start", "site", "attended"])
    return OutcomeData(contacts, incidents.reset_index(drop=True), conversations, attendance)


def _report():
    pub = _publication()
    report = build_report([pub], D(2027, 1, 1), D(2027, 6, 30))
    report.outcomes = build_outcomes([pub], _data(), D(2027, 1, 1), D(2027, 6, 30))
    return report


def test_incidents_count_a_first_talk_held_within_72_hours_and_a_follow_up_held_for_every_group():
    o = _report().outcomes
    rows = o.incidents.set_index(["quarter", "site"])
    assert rows.loc[("Q1 2027", "Nord"), ["incidents", "first_72h", "follow_up_held", "both"]].tolist() == [2, 1, 1, 0]
    assert rows.loc[("Q1 2027", "Sør"), ["incidents", "first_72h", "follow_up_held", "both"]].tolist() == [2, 1, 1, 1]
    assert rows.loc[("Q1 2027", "Sør"), "share_both"] == 0.5  # H-4 had no contact planned


def test_contacts_are_counted_once_each_by_status_in_the_quarter_of_their_date():
    rows = _report().outcomes.contacts.set_index(["quarter", "site"])
    assert rows.loc[("Q1 2027", "Nord")].tolist() == [5, 4, 1, 0, 0, 0]
    assert rows.loc[("Q2 2027", "Nord"), ["planned", "held"]].tolist() == [1, 1]
    assert rows.loc[("Q1 2027", "Sør"), ["planned", "held", "not_reached"]].tolist() == [3, 2, 1]


def test_conversations_per_month_and_site_and_hours_against_those_set_aside():
    o = _report().outcomes
    assert o.conversations.values.tolist() == [["2027-01", "Nord", 3], ["2027-01", "Sør", 2], ["2027-03", "Nord", 1]]
    hours = o.hours.set_index(["quarter", "site"])
    # s1: 3 duty hours + contacts (2 h shared with s2 once, 2 h alone 5 times in Q1); set aside 2 h × 2 weeks
    assert hours.loc[("Q1 2027", "Nord"), ["hours_planned", "hours_set_aside"]].tolist() == [3 + 1 + 2 * 5, 4.0]
    assert hours.loc[("Q1 2027", "Sør"), ["hours_planned", "hours_set_aside"]].tolist() == [1 + 1 + 2 + 2, 2.0]
    assert hours.loc[("Q1 2027", "Sør"), "share_used"] == 3.0


def test_training_due_at_each_quarters_end_and_what_would_help():
    o = _report().outcomes
    training = o.training.set_index(["quarter", "site"])
    assert training.loc[("Q1 2027", "Nord"), ["supporters", "lapsed", "lapses_soon", "refresher_due"]].tolist() == [1, 1, 0, 1]
    assert training.loc[("Q1 2027", "Sør"), ["lapsed", "refresher_due"]].tolist() == [0, 0]
    assert o.helps[["quarter", "limit", "gain", "supporters"]].values.tolist() == [["Q1 2027", "training", 39, 3]]


def test_supervision_meetings_held_and_attendance_per_quarter():
    o = _report().outcomes
    assert o.supervision.values.tolist() == [["Q1 2027", "", 2, 1, 9], ["Q2 2027", "", 1, 1, 11]]
    page = report_html(_report(), "no")
    assert "Veiledning – fremmøte (antall)" in page and "Fremmøtt i alt" in page


def test_the_page_the_workbook_and_the_json_show_the_same_numbers():
    report = _report()
    page = report_html(report, "no")
    assert "Fornye utløpt opplæring for 3 kollegastøtter" in page and "+39" in page
    assert "Første samtale holdt innen 72 t" in page and "Andel med begge" in page and "50,0 %" in page
    assert "Renew expired training for 3 supporters" in report_html(report, "en")
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(report, "no")))
    sheet = next(s for s in book.worksheets if s.title.startswith("Oppsøkende kontakter og utfall"))
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:4] == ["Kvartal", "Sted", "Planlagt", "Holdt"] and rows[1][1:4] == ["Nord", 5, 4]
    data = json.loads(json.dumps(report_json(report)))
    assert data["outcomes"]["helps"][0]["gain"] == 39 and len(data["outcomes"]["contacts"]) == 3
    assert [r["attended"] for r in data["outcomes"]["supervision"]] == [9, 11]
    assert any(s.title == "Veiledning – fremmøte (antall)" for s in book.worksheets)


def test_without_outcomes_the_report_is_as_before():
    report = build_report([_publication()], D(2027, 1, 1), D(2027, 6, 30))
    assert report.outcomes is None and "Resultater" not in report_html(report, "no")
