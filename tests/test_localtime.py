"""Times are shown in Oslo time whatever the server's zone; stamps keep their offset."""

import datetime as dt

from scheduler.localtime import now_iso, shown


def test_stamps_are_shown_in_oslo_time_summer_and_winter():
    assert shown("2027-01-04T12:00:00+00:00") == "04.01.2027 kl. 13:00"
    assert shown("2027-07-01T12:00:00Z", "en") == "01.07.2027 14:00"
    assert shown("2027-07-01T12:00:00") == "01.07.2027 kl. 14:00"  # no offset: UTC
    assert shown("ikke en tid") == "ikke en tid"


def test_now_carries_the_oslo_offset():
    stamp = dt.datetime.fromisoformat(now_iso())
    assert stamp.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))


def test_today_can_be_set_for_demonstrations(monkeypatch):
    from scheduler.localtime import TODAY_ENV, today, wall_clock

    monkeypatch.setenv(TODAY_ENV, "2027-01-06")
    assert today() == dt.date(2027, 1, 6) and wall_clock().date() == dt.date(2027, 1, 6)
    monkeypatch.setenv(TODAY_ENV, "ikke en dato")
    assert today() != dt.date(2027, 1, 6)
