"""The files of `scheduler outreach-status` read (scheduler/io/contact_status.py): statuses in either
language, the month in the forms people write it, one status per contact, every problem named by
row and column — and a cell that is not a status or a count is never repeated."""

from __future__ import annotations

import pytest

from scheduler.io.contact_status import (
    ConversationRow,
    StatusRow,
    read_status_file,
    status_of,
    status_page_url,
)
from scheduler.io.types import Source


def _read(text: str, name: str = "status.csv"):
    return read_status_file(Source(name, text.encode("utf-8")))


@pytest.mark.parametrize(("cell", "status"), [("held", "held"), ("Holdt", "held"), ("ikke nådd", "not_reached"),
                                              ("Not reached", "not_reached"), ("AVSLÅTT", "declined"), ("flyttet", "moved"),
                                              ("planlagt", ""), ("", ""), ("ferdig", None), ("hun gråt", None)])
def test_status_words_in_either_language(cell, status):
    assert status_of(cell) == status


def test_outreach_csv_rows_become_one_status_per_contact():
    rows, report, kind = _read("incident_id,contact,supporter_id,group,status\n"
                               "H-1,first,s1,sykepleier×3,holdt\nH-1,first,s2,sykepleier×3,Holdt\n"
                               "H-1,follow_up,s1,–×2,ikke nådd\nH-1,follow_up,s2,sykepleier×3,\n")
    assert kind == "status" and not report.errors
    assert rows == [StatusRow("H-1", "first", "sykepleier", "held", 2), StatusRow("H-1", "follow_up", "", "not_reached", 4)]


def test_rows_of_one_contact_that_disagree_and_unknown_words_are_errors_never_quoted():
    rows, report, _ = _read("Hendelsesid;Kontakt;Yrke;Status\nH-1;første;lege;holdt\nH-1;første;lege;avslått\n"
                            "H-1;andre;lege;holdt\nH-1;oppfølging;lege;Hun gråt hele tiden\n")
    assert rows == [StatusRow("H-1", "first", "lege", "held", 2)]
    where = [(m.row, m.column) for m in report.errors]
    assert where == [(3, "Status"), (4, "Kontakt"), (5, "Status")]
    assert not any("gråt" in (m.raw + m.text_no + m.text_en) for m in report.messages)


def test_a_status_file_without_the_group_is_refused_whole():
    rows, report, _ = _read("incident_id,contact,status\nH-1,first,held\n")
    assert rows == [] and report.errors[0].text_en.startswith("Missing column: profession")


def test_conversations_with_months_as_people_write_them():
    rows, report, kind = _read("Ansattnr;Måned;Samtaler\n1;2027-03;4\n2;03.2027;0\n3;mars 2027;2\n4;2027-13;1\n"
                               "5;2027-04;2,5\n6;2027-04;3 lange\n1;2027-03;1\n")
    assert kind == "conversations"
    assert rows == [ConversationRow("1", "2027-03", 4, 2), ConversationRow("2", "2027-03", 0, 3),
                    ConversationRow("3", "2027-03", 2, 4)]
    assert [(m.row, m.column) for m in report.errors] == [(5, "Måned"), (6, "Samtaler"), (7, "Samtaler"), (8, "Måned")]
    assert not any("lange" in m.raw for m in report.messages)


def test_the_status_page_link():
    assert status_page_url("https://ks.sykehus.no/app/", "H-20270112-1420-1") == \
        "https://ks.sykehus.no/app/kontaktstatus?hendelse=H-20270112-1420-1"
    with pytest.raises(ValueError):
        status_page_url("ks.sykehus.no", "H-1")
