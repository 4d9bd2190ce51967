"""Hvem ringer jeg nå? — for every employee: pick your ward, and see whom to call now, today and
tonight (name, home ward, phone), the next shifts, and whom to contact when nobody covers.

Made for a phone first (a QR code on the printed notice opens it for that ward: `?post=<ward>`).
It shows the rota in force — the newest publication that is not withdrawn — and only names and
phone numbers: never why a shift has no supporter (that could reveal a colleague's absence).
The ward is remembered in the page address and, for a signed-in person, in the store.
"""

import datetime as dt
import html
import logging
import os

import streamlit as st

from app_i18n import fmt_date, lang, t
from app_state import auth, keys, views, widgets
from scheduler.localtime import wall_clock
from scheduler.model.fallback import fallback_chain, step_name, without_planned
from scheduler.report.call_now import (
    WARD_PARAM,
    CallLine,
    CallSheet,
    call_sheet,
    tel_href,
    ward_lines,
)

log = logging.getLogger(__name__)
access = auth.require("who")
st.title(t("who_title"))

#: Seconds between an open page's checks of the rota in force and the clock (a tablet on a ward wall
#: shows the right person after a publication, a withdrawal or a shift change within a minute).
REFRESH_ENV = "KOLLEGASTOTTE_CALL_REFRESH"


def refresh_seconds() -> int:
    try:
        value = int(os.environ.get(REFRESH_ENV, ""))
    except ValueError:
        return 30
    return value if 1 <= value <= 60 else 30


def ward_label(names: dict[str, str], w: str) -> str:
    name = names.get(w) or ""
    return f"{w} – {name}" if name and name != w else w


def _remember() -> None:
    """Keep a signed-in person's ward in the store — written only when it changed (a rush of people
    opening their usual ward's QR code writes nothing)."""
    chosen = st.session_state.get(keys.CALL_WARD)
    if chosen and access.signed_in:
        try:
            kept = views.store()
            if kept.chosen_ward(access.user) != chosen:
                kept.choose_ward(access.user, chosen)
        except Exception:  # remembering is a convenience; the address keeps it too
            pass


def _checked() -> None:
    st.caption(t("who_checked", time=f"{wall_clock():%H:%M:%S}"))


def _pick_ward(view: views.View) -> str | None:
    """The ward: from the address (a QR code, a bookmark), else this session's choice, else the one
    the signed-in person picked last time."""
    wards = views.in_force_part(view, "wards", "", view.wards)
    names = views.in_force_part(view, "ward_names", "", lambda: {
        w: view.instance.wards[w].name if w in view.instance.wards else "" for w in wards})
    wanted = st.query_params.get(WARD_PARAM)
    if wanted in wards:
        st.session_state[keys.CALL_WARD] = wanted
    elif st.session_state.get(keys.CALL_WARD) not in wards and access.signed_in:
        try:
            remembered = views.store().chosen_ward(access.user)
        except Exception:
            remembered = None
        if remembered in wards:
            st.session_state[keys.CALL_WARD] = remembered
    unchosen = {} if st.session_state.get(keys.CALL_WARD) in wards else {"index": None}
    ward = widgets.localized_selectbox(st, t("who_pick_ward"), wards, keys.CALL_WARD,
                                       lambda w: ward_label(names, w), placeholder=t("who_pick_placeholder"),
                                       **unchosen)
    if not ward:
        return None
    if st.query_params.get(WARD_PARAM) != ward:
        st.query_params[WARD_PARAM] = ward
    if st.session_state.get(keys.CALL_WARD_SAVED) != ward:
        _remember()
        st.session_state[keys.CALL_WARD_SAVED] = ward
    return ward


_CSS = """
<style>
.ring { max-width: 40rem; font-size: 1.05rem; }
.ring .kort { border: 1px solid #c8c8c8; border-radius: 0.6rem; padding: 0.8rem 1rem; margin: 0 0 0.7rem 0; }
.ring .kort.naa { border: 3px solid #0072B2; background: #f3f8fc; }
.ring .hva { font-size: 0.9rem; color: #444; margin: 0 0 0.3rem 0; }
.ring .merke { display: inline-block; font-size: 0.75rem; font-weight: 700; color: #fff; background: #0072B2;
               border-radius: 0.3rem; padding: 0 0.4rem; margin-right: 0.4rem; vertical-align: middle; }
.ring .navn { font-size: 1.25rem; font-weight: 700; margin: 0; }
.ring .hjem { font-weight: 400; color: #444; }
.ring a.tlf { display: block; text-align: center; margin: 0.6rem 0 0.2rem 0; padding: 0.75rem 1rem; min-height: 48px;
              box-sizing: border-box; border-radius: 0.5rem; background: #0072B2; color: #fff !important;
              font-size: 1.2rem; font-weight: 700; text-decoration: none; }
.ring .kort:not(.naa) a.tlf { background: #fff; color: #0072B2 !important; border: 2px solid #0072B2;
                              padding: 0.5rem 1rem; font-size: 1.05rem; }
.ring .uten { color: #555; font-style: italic; margin: 0.3rem 0 0 0; }
.ring .ingen { font-weight: 700; color: #8a4b00; margin: 0; }
.ring .reserve { margin: 0.4rem 0 0 0; color: #333; }
.ring .reserve a { font-weight: 700; }
.ring h3 { font-size: 1.1rem; margin: 1.1rem 0 0.5rem 0; }
.ring .nest { margin: 0.8rem 0 0 0; font-weight: 600; }
.ring ol.kjede { margin: 0.3rem 0 0 1.2rem; padding: 0; }
.ring ol.kjede li { margin: 0 0 0.4rem 0; }
</style>
"""


def _phone(number: str, big: bool) -> str:
    href = tel_href(number)
    if not href:
        return f"<p class='uten'>{html.escape(t('who_no_phone'))}</p>"
    label = t("who_call_number", number=number) if big else number
    return f"<a class='tlf' href='{html.escape(href)}'>{html.escape(label)}</a>"


def _when(line: CallLine, with_day: bool) -> str:
    slot = line.slot
    day = f"{fmt_date(slot.date, weekday=True, long=True)} · " if with_day else ""
    return f"{day}{slot.name} {slot.start:%H:%M}–{slot.end:%H:%M}"


def _chain(chain: list, big_first: bool, line: CallLine | None = None) -> str:
    """The fallback chain in order: each step's name, the hours it answers and its number as a button.
    For a shift with an on-call supporter planned (`line.on_call_id`), the on-call step names them
    and their phone (docs/domain.md, «The on-call supporter»)."""
    items = []
    for i, step in enumerate(chain):
        hours = f" ({'kl. ' if lang() == 'no' else ''}{step.hours.replace('-', '–')})" if step.hours else ""
        if step.kind == "on_call" and line is not None and line.on_call_id:
            items.append(f"<li><strong>{html.escape(t('who_on_call', name=line.on_call_name))}</strong>"
                         f"{_phone(line.on_call_phone, big_first and i == 0)}</li>")
            continue
        phone = _phone(step.phone, big_first and i == 0) if step.phone else ""
        items.append(f"<li><strong>{html.escape(step_name(step, lang()))}</strong>{html.escape(hours)}{phone}</li>")
    return f"<ol class='kjede'>{''.join(items)}</ol>" if items else ""


def _fallback(chain: list, line: CallLine | None = None) -> str:
    return f"<p class='ingen'>{html.escape(t('who_fallback'))}</p>" + _chain(chain, True, line)


def card(line: CallLine, sheet: CallSheet, moment: dt.datetime, chain: list, *, with_day: bool = False,
         full_chain: list | tuple = ()) -> str:
    marks = []
    if line is sheet.now:
        marks.append(t("now"))
    if line.slot.kind.value == "night" and line.slot.date == moment.date():
        marks.append(t("tonight"))
    badges = "".join(f"<span class='merke'>{html.escape(m)}</span>" for m in marks)
    body = [f"<p class='hva'>{badges}{html.escape(_when(line, with_day))}</p>"]
    if line.status == "covered":
        home = f" <span class='hjem'>({html.escape(line.call_ward)})</span>" if line.call_ward else ""
        body.append(f"<p class='navn'>{html.escape(line.call_name)}{home}</p>")
        body.append(_phone(line.call_phone, line is sheet.now))
        if line.backup_id:
            phone = ""
            if tel_href(line.backup_phone):
                phone = f" · <a href='{html.escape(tel_href(line.backup_phone))}'>{html.escape(line.backup_phone)}</a>"
            body.append(f"<p class='reserve'>{html.escape(t('col_backup'))}: {html.escape(line.backup_name)}{phone}</p>")
    elif line.status == "uncovered" and line.on_call_id:  # the chain with the on-call supporter of this shift
        body.append(_fallback(full_chain, line))
    elif line.status == "uncovered":
        body.append(_fallback(chain))
    else:
        body.append(f"<p class='uten'>{html.escape(t('who_none_planned'))}</p>")
    css = "kort naa" if line is sheet.now else "kort"
    return f"<div class='{css}'>{''.join(body)}</div>"


def sheet_html(view: views.View, ward: str, moment: dt.datetime) -> str:
    """The ward's call sheet at `moment`: now, today and tonight, the next shifts, the fallback chain."""
    lines = views.in_force_part(view, "lines", ward, lambda: ward_lines(view.instance, view.assignments, ward, view.phones,
                                                                        view.on_call))
    sheet = call_sheet(lines, moment)
    full = fallback_chain(view.instance.rules, auth.fallback_phone())  # the scheme's fallback chain (docs/domain.md)
    chain = without_planned(full, view.instance.rules)  # a planned on-call supporter: named only where there is one
    out = [_CSS, "<div class='ring'>"]
    if sheet.after_period:
        out.append(f"<p class='ingen'>{html.escape(t('who_after_period'))}</p>{_chain(chain, True)}")
    elif sheet.before_period:  # when it starts, and the first shifts: who to call from then
        first = sheet.upcoming[0].slot if sheet.upcoming else None
        starts = t("who_before_period_starts", day=fmt_date(first.date, weekday=True, year=True),
                   time=f"{first.start:%H:%M}") if first is not None else t("who_before_period")
        out.append(f"<p class='ingen'>{html.escape(starts)}</p>{_chain(chain, True)}")
        if sheet.upcoming:
            out.append(f"<h3>{html.escape(t('who_first_shifts'))}</h3>")
            out += [card(line, sheet, moment, chain, with_day=True, full_chain=full) for line in sheet.upcoming]
    else:
        if sheet.now is None:
            following = next((x for x in (*sheet.today, *sheet.upcoming) if x.slot.start > moment), None)
            nxt = t("who_next_starts", when=f"{following.slot.start:%H:%M}") if following else ""
            out.append(f"<div class='kort naa'><p class='navn'>{html.escape(t('who_nothing_now'))}</p>"
                       f"<p class='uten'>{html.escape(nxt)}</p></div>")
        out.append(f"<h3>{html.escape(t('who_today', day=fmt_date(moment.date(), weekday=True, long=True)))}</h3>")
        out += [card(line, sheet, moment, chain, with_day=line.slot.date != moment.date(), full_chain=full)
                for line in sheet.today] or \
            [f"<p class='uten'>{html.escape(t('who_none_planned'))}</p>"]
        if sheet.upcoming:
            out.append(f"<h3>{html.escape(t('who_next'))}</h3>")
            out += [card(line, sheet, moment, chain, with_day=True, full_chain=full) for line in sheet.upcoming]
    out.append(f"<p class='nest'>{html.escape(t('who_fallback_always'))}</p>{_chain(chain, False)}")
    out.append("</div>")
    return "".join(out)


@st.fragment(run_every=refresh_seconds())
def call_page() -> None:
    """The page below its title, drawn again every `refresh_seconds()`: with the rota in force as it
    is now (one shared copy per server, made again after a publication or a withdrawal) and the
    shift of this moment."""
    try:
        view = views.in_force_view()
    except Exception:  # a store that cannot be read is said as such, never as "nothing published"
        log.exception("the rota in force cannot be read")
        st.error(t("store_unreadable"), icon=":material/error:")
        _checked()
        return
    if view is None:
        st.info(t("who_no_rota"), icon=":material/info:")
        if access.may_see_page("plan") and access.may_see_page("publish"):  # the one who can make it (`make run`)
            st.markdown(t("who_no_rota_make_it"))
            c1, c2 = st.columns(2)
            c1.page_link("app_pages/plan.py", label=t("page_plan"), icon=":material/edit_calendar:")
            c2.page_link("app_pages/publish.py", label=t("page_publish"), icon=":material/push_pin:")
        _checked()
        return
    ward = _pick_ward(view)
    if not ward:
        st.caption(t("who_pick_help"))
        _checked()
        return
    st.html(sheet_html(view, ward, wall_clock()))
    st.caption(t("who_caption", id=", ".join(str(i) for i in view.publications)))
    _checked()


call_page()
