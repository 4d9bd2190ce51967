"""The ward notice says whom to call, or the fallback — never why nobody covers a shift."""

from __future__ import annotations

import re

import pytest
from conftest import days, make_inputs, plan_and_verify

from scheduler.domain import Supporter
from scheduler.report.notices import ward_notice_html


def test_an_uncovered_shift_shows_the_fallback_not_the_colleagues_unavailability():
    first, second = days(2)
    rows = [(e, w, d, "D") for d in (first, second) for e, w in (("a1", "A"), ("a2", "A"), ("b1", "B"))]
    # b1 is the only supporter who could cover ward A, and is unavailable on the second day
    b1 = Supporter(employee_id="b1", unavailable=frozenset({second}))
    plan, _ = plan_and_verify(make_inputs(rows, [b1, "a1"]))
    reasons = plan.rota.assignments.query("ward == 'A' and supporter_id == ''")["reason"].tolist()
    assert reasons and "Person b1" in reasons[0]  # the rota itself explains, for the rostering office
    for lang, fallback in (("no", "Ingen kollegastøtte denne vakta – ring Bedriftshelsetjenesten (se under)."),
                           ("en", "No peer supporter this shift – call Bedriftshelsetjenesten (see below).")):
        notice = ward_notice_html(plan.instance, plan.rota, "A", lang)
        assert fallback in notice
        assert "leder" not in notice.lower() and "manager" not in notice.lower()  # not the boss, unless chosen
        assert notice.count("Person b1") == 1  # named once: as the supporter to call on the first day
        for hint in ("tilgjengelig", "available", "avgi", "release", reasons[0]):
            assert hint not in notice, hint


def _two_weeks_with_phones():
    """Wards A, B and C staffed every day for two ISO weeks; a1 and b1 have phones, c1 none; backups."""
    from scheduler.domain import Rules

    rows = [(e, w, d, "D") for d in days(14) for w in "ABC" for e in (f"{w.lower()}1", f"{w.lower()}2")]
    supporters = [Supporter(employee_id="a1", phone="+47 22 11 80 00"), Supporter(employee_id="b1", phone="61234"),
                  Supporter(employee_id="c1")]
    inputs = make_inputs(rows, supporters, rules=Rules(redundancy=2, max_duties_per_week=7, max_consecutive_days=14))
    plan, _ = plan_and_verify(inputs)
    return inputs, plan


def test_one_page_per_week_with_weekdays_phones_and_the_fallback_contact():
    _, plan = _two_weeks_with_phones()
    notice = ward_notice_html(plan.instance, plan.rota, "A", "no", fallback_phone="22 11 80 00")
    sections = re.findall(r"<section class='side'>.*?</section>", notice)
    assert len(sections) == 2  # two ISO weeks, each its own printed page
    assert "section.side + section.side { break-before: page;" in notice
    assert notice.count("<h1>") == 1 and notice.count("<p class='tittel'>Kollegastøtte – A</p>") == 1
    assert "Uke 1 · mandag 04.01. – søndag 10.01.2027" in sections[0]
    assert "Uke 2 · mandag 11.01. – søndag 17.01.2027" in sections[1]
    assert "<td>mandag 04.01.2027</td><td>dag</td><td>08:00–15:00</td>" in sections[0]
    assert "søndag 17.01.2027" in sections[1] and "04.01.2027" not in sections[1]
    # ward A is covered by b1 and c1 (call and backup): name, home ward and the number as a link a
    # phone can call; c1 has no number, so the name alone
    assert "<td>Person b1 <span class='post'>(B)</span><a class='tlf' href='tel:61234'>61234</a></td><td>Person c1</td></tr>" in notice
    others = ward_notice_html(plan.instance, plan.rota, "B") + ward_notice_html(plan.instance, plan.rota, "C")
    assert re.search(r"</td><td>Person \w1<a class='tlf' href='tel:[+\d]+'>[^<]+</a></td></tr>", others)
    for section in sections:
        assert ("Står det ingen kollegastøtte på vakta, ring Bedriftshelsetjenesten, tlf. "
                "<a class='tlf' href='tel:22118000'>22 11 80 00</a>.") in section
    assert "<svg" not in notice  # no address configured: no QR code
    english = ward_notice_html(plan.instance, plan.rota, "B", "en", phones={"a1": "+47 22 11 80 00"})
    assert "Week 2 · Monday 11.01. – Sunday 17.01.2027" in english
    assert "<td>Person a1 <span class='post'>(A)</span><a class='tlf' href='tel:+4722118000'>+47 22 11 80 00</a></td>" in english


def test_each_page_has_a_qr_code_that_opens_the_call_page_for_the_ward():
    from scheduler.report.call_now import call_page_url, qr_svg

    _, plan = _two_weeks_with_phones()
    url = call_page_url("https://kollegastotte.sykehus.no/app/", "A")
    assert url == "https://kollegastotte.sykehus.no/app/hvem-ringer?post=A"
    notice = ward_notice_html(plan.instance, plan.rota, "A", "no", qr_url=url)
    code = qr_svg(url, "Skann: hvem ringer jeg nå?")
    assert notice.count(code) == 2 and code != qr_svg(call_page_url("https://kollegastotte.sykehus.no/app/", "B"))
    assert notice.count("<figcaption>Skann: hvem ringer jeg nå?</figcaption>") == 2


def test_the_checker_reads_the_phone_numbers_on_a_notice(tmp_path):
    """The independent checker compares each number on a notice with supporters.csv."""
    from scheduler.check.folder import verify_dir
    from scheduler.report.folder import write_plan

    inputs, plan = _two_weeks_with_phones()
    folder = write_plan(plan, tmp_path / "out")
    clean = verify_dir(folder, inputs, allow_changed_inputs=True)
    assert [v for v in clean.violations if v.rule == "notices_match_assignments"] == []
    notice = folder / "notices" / "A.html"
    text = notice.read_text(encoding="utf-8")
    assert ">61234</a>" in text
    notice.write_text(text.replace(">61234</a>", ">61235</a>", 1), encoding="utf-8")
    found = [v for v in verify_dir(folder, inputs, allow_changed_inputs=True).violations
             if v.rule == "notices_match_assignments"]
    assert len(found) == 1 and "phone '61235'" in found[0].text_en and "'61234'" in found[0].text_en


def test_every_form_of_the_notice_passes_the_checker_and_a_name_added_anywhere_is_caught(tmp_path):
    """The checker holds the text around the table to the notice's own (docs/outputs.md): the
    English notice, the fallback phone and the QR code of the app are its own and pass; a person
    named under the table, in the QR caption or in the footer does not."""
    from scheduler.check.folder import verify_dir
    from scheduler.report.call_now import call_page_url
    from scheduler.report.folder import write_plan

    inputs, plan = _two_weeks_with_phones()
    folder = write_plan(plan, tmp_path / "out")
    notice = folder / "notices" / "A.html"

    def findings() -> list[str]:
        return [v.text_en for v in verify_dir(folder, inputs, allow_changed_inputs=True).violations
                if v.rule == "notices_match_assignments"]

    url = call_page_url("https://kollegastotte.sykehus.no/app/", "A")
    for lang in ("no", "en"):
        text = ward_notice_html(plan.instance, plan.rota, "A", lang, qr_url=url, fallback_phone="22 11 80 00")
        notice.write_text(text, encoding="utf-8")
        assert findings() == [], lang
    for old, new in (("</section>", "<p>Ring Person b1</p></section>"),
                     ("Scan: who do I call now?</figcaption>", "Scan: who do I call now? Person b1</figcaption>"),
                     ("call Bedriftshelsetjenesten, tel.", "call Person b1, tel.")):
        notice.write_text(text.replace(old, new, 1), encoding="utf-8")
        assert findings(), new


def test_the_schemes_own_chain_is_on_every_page_and_the_checker_holds_it(tmp_path):
    """With `[[fallback]]` in the rules: the on-call phone first, then the help line, the leader
    only when chosen — in the table's cell and under it; the checker re-states it from the rules."""
    from scheduler.check.folder import verify_dir
    from scheduler.domain import FallbackStep
    from scheduler.report.folder import write_plan

    first, second = days(2)
    rows = [(e, w, d, "D") for d in (first, second) for e, w in (("a1", "A"), ("a2", "A"), ("b1", "B"))]
    b1 = Supporter(employee_id="b1", unavailable=frozenset({second}))
    inputs = make_inputs(rows, [b1, "a1"])
    chain = (FallbackStep(kind="on_call", phone="+47 480 00 000", hours="16:00-08:00"),
             FallbackStep(kind="help_line", name="BHT", phone="22 00 00 00"), FallbackStep(kind="leader_on_duty"))
    inputs.rules = inputs.rules.model_copy(update={"fallback": chain})
    plan, _ = plan_and_verify(inputs)
    notice = ward_notice_html(plan.instance, plan.rota, "A", "no")
    assert "Ingen kollegastøtte denne vakta – ring Kollegastøtte i beredskap (se under)." in notice
    assert ("ring i denne rekkefølgen: 1) Kollegastøtte i beredskap, tlf. <a class='tlf' href='tel:+4748000000'>"
            "+47 480 00 000</a> (kl. 16:00–08:00); 2) BHT, tlf. <a class='tlf' href='tel:22000000'>22 00 00 00</a>; "
            "3) Leder på vakt.") in notice
    folder = write_plan(plan, tmp_path / "rota")
    assert not [v for v in verify_dir(folder, inputs, allow_changed_inputs=True).violations
                if v.rule == "notices_match_assignments"]
    page = folder / "notices" / "A.html"
    page.write_text(page.read_text(encoding="utf-8").replace("3) Leder på vakt", "3) Person a2"), encoding="utf-8")
    assert [v for v in verify_dir(folder, inputs, allow_changed_inputs=True).violations
            if v.rule == "notices_match_assignments" and "footer" in v.text_en]


def _hyphen_wards_two_weeks(redundancy: int = 1):
    """Wards N-STAB1 and K-KIR2 staffed every day for two ISO weeks, supporters with phones."""
    from scheduler.domain import Rules

    rows = [(f"{w}-{i}", w, d, "D") for d in days(14) for w in ("N-STAB1", "K-KIR2", "M-MED3") for i in (1, 2)]
    supporters = [Supporter(employee_id=f"{w}-1", phone="912 34 567") for w in ("N-STAB1", "K-KIR2", "M-MED3")]
    rules = Rules(redundancy=redundancy, max_duties_per_week=7, max_consecutive_days=14)
    plan, _ = plan_and_verify(make_inputs(rows, supporters, rules=rules))
    return plan


def test_no_backup_column_without_backups_and_one_with_them():
    plan = _hyphen_wards_two_weeks()
    notice = ward_notice_html(plan.instance, plan.rota, "N-STAB1")
    assert "<th>Ring</th></tr>" in notice and "Reserve" not in notice
    _, with_backups = _two_weeks_with_phones()
    assert "<th>Ring</th><th>Reserve</th>" in ward_notice_html(with_backups.instance, with_backups.rota, "A")


def test_ward_ids_never_break_at_their_hyphen():
    plan = _hyphen_wards_two_weeks()
    notice = ward_notice_html(plan.instance, plan.rota, "N-STAB1")
    assert "span.post { white-space: nowrap; }" in notice
    assert "Kollegastøtte – <span class='post'>N-STAB1</span>" in notice
    assert re.search(r"<td>Person [A-Z]-[A-Z]+\d-1 <span class='post'>\([A-Z]-[A-Z]+\d\)</span><a class='tlf'", notice)


def test_a_week_prints_on_one_a4_page_without_the_browsers_header_and_footer():
    """Printed (WeasyPrint: a print-to-PDF), two weeks are two A4 pages, with the QR code and the
    fallback phone; `@page` has no margin, so a browser has no room for its path and date."""
    import weasyprint

    from scheduler.report.call_now import call_page_url

    plan = _hyphen_wards_two_weeks()
    notice = ward_notice_html(plan.instance, plan.rota, "N-STAB1", qr_url=call_page_url("https://k.sykehus.no", "N-STAB1"),
                              fallback_phone="22 11 80 00")
    assert "@page { size: A4; margin: 0; }" in notice
    pages = weasyprint.HTML(string=notice).render().pages
    assert len(pages) == 2
    assert {(round(p.width * 25.4 / 96), round(p.height * 25.4 / 96)) for p in pages} == {(210, 297)}


@pytest.mark.browser
def test_chromium_prints_a_week_per_page_and_keeps_ward_ids_whole(tmp_path, chromium):
    """Printed from Chromium, as a ward would: one A4 page per week; in a column as narrow as a
    phone's, no ward id is split over two lines. (`chromium`: the test process's one browser,
    tests/conftest.py; it skips where Chromium is not installed.)"""
    from scheduler.report.call_now import call_page_url

    plan = _hyphen_wards_two_weeks()
    notice = ward_notice_html(plan.instance, plan.rota, "N-STAB1", qr_url=call_page_url("https://k.sykehus.no", "N-STAB1"))
    page = chromium.new_page(viewport={"width": 300, "height": 800})
    try:
        page.set_content(notice)
        pieces = page.eval_on_selector_all("span.post", "els => els.map(e => e.getClientRects().length)")
        assert pieces and set(pieces) == {1}
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        page.context.close()
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 2


def test_a_notice_without_its_backup_column_is_caught_when_the_rota_has_backups(tmp_path):
    """The four-column form is for rotas without backups: dropping the column hides a backup."""
    from scheduler.check.folder import verify_dir
    from scheduler.report.folder import write_plan

    inputs, plan = _two_weeks_with_phones()
    folder = write_plan(plan, tmp_path / "out")
    notice = folder / "notices" / "A.html"
    text = notice.read_text(encoding="utf-8")
    assert "<th>Reserve</th>" in text
    cut = re.sub(r"<td>[^<]*(?:<a [^>]*>[^<]*</a>)?</td></tr>", "</tr>", text.replace("<th>Reserve</th>", ""))
    notice.write_text(cut, encoding="utf-8")
    found = [v.text_en for v in verify_dir(folder, inputs, allow_changed_inputs=True).violations
             if v.rule == "notices_match_assignments"]
    assert found and all("has backup ''" in f for f in found)
