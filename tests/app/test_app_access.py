"""Sign-in and roles in the app (AppTest): each role sees its own pages and nothing it may not do;
a page reached anyway refuses; publishing, withdrawing and role changes are in the audit log; and
the "who do I call now?" page shows today's supporter with phone for the ward picked.

The identity is what Streamlit's `st.user` holds after an OpenID Connect sign-in (AppTest sets it
as `at.user`); the sign-in itself, against a real provider, is tested in tests/app/test_browser_signin.py.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, DATA, _goto, _ok, _plan, _upload

from scheduler.store.publications import PublicationStore

SECRETS = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "k" * 32,
                    "client_id": "kollegastotte", "client_secret": "hemmelig",
                    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}
ROLES = """
[[grant]]
email = "kari@sykehus.no"
role = "coordinator"

[[grant]]
email = "ola@sykehus.no"
role = "rostering"
wards = ["N-MED1", "N-MED2"]

[[grant]]
group = "ledere-med1"
role = "manager"
wards = ["N-MED1"]
"""
PEOPLE = {  # ID token claims as a provider that verifies e-mail sends them (docs/access.md, «Who is who»)
    "coordinator": {"sub": "u-kari", "email": "kari@sykehus.no", "email_verified": True, "name": "Kari Koordinator"},
    "rostering": {"sub": "u-ola", "email": "ola@sykehus.no", "email_verified": True, "name": "Ola Turnus"},
    "manager": {"sub": "u-per", "email": "per@sykehus.no", "email_verified": True, "name": "Per Leder",
                "groups": ["ledere-med1", "andre"]},
    "employee": {"sub": "u-anne", "email": "anne@sykehus.no", "email_verified": True, "name": "Anne Ansatt"},
}
ALL_PAGES = ["upload", "rules", "plan", "coverage", "burden", "export", "publish", "who", "audit", "followup", "supporter",
             "report", "incident", "contact_status", "whatif"]
MENUS = {
    "coordinator": ALL_PAGES,
    "rostering": ["upload", "rules", "plan", "coverage", "export", "publish", "who"],
    "manager": ["coverage", "who"],
    "employee": ["who"],
}
TODAY = "2027-01-13"


def supporters_with_phones() -> bytes:
    """The sample supporters with a (fictional, internal) phone number each."""
    rows = list(csv.reader(io.StringIO((DATA / "supporters.csv").read_text(encoding="utf-8"))))
    keep = [j for j, column in enumerate(rows[0]) if column != "phone"]  # the sample's own numbers give way
    rows = [[row[j] for j in keep] for row in rows]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*rows[0], "phone"])
    for i, row in enumerate(rows[1:]):
        writer.writerow([*row, f"6{1000 + i:04d}"])
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A store with the sample rota published by the local user (no sign-in), and a role file."""
    tmp = tmp_path_factory.mktemp("access")
    mp = pytest.MonkeyPatch()
    mp.setenv("KOLLEGASTOTTE_DB", str(tmp / "store.sqlite3"))
    mp.setenv("KOLLEGASTOTTE_ROLES", str(tmp / "roles.toml"))
    mp.setenv("KOLLEGASTOTTE_TODAY", TODAY)
    (tmp / "roles.toml").write_text(ROLES, encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    _ok(at)
    assert any("Innlogging er ikke satt opp" in i.value for i in at.info)  # the local user is told so
    _upload(at, "turnus", [("turnus.csv", (DATA / "turnus.csv").read_bytes())])
    _upload(at, "supporters", [("supporters.csv", supporters_with_phones())])
    _upload(at, "wards", [("wards.csv", (DATA / "wards.csv").read_bytes())])
    _plan(at)
    _goto(at, "publish")
    at.button(key="publish_button").click().run()
    _ok(at)
    yield tmp, PublicationStore(tmp / "store.sqlite3")
    mp.undo()


def _as(role: str | None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets = SECRETS
    at.user = {"is_logged_in": False} if role is None else {"is_logged_in": True, **PEOPLE[role]}
    at.query_params.update(query or {})
    at.run()
    _ok(at)
    return at


def _menu(at: AppTest) -> list[str]:
    """The pages in this person's menu (their files' names, in order); the hidden pages at the other
    addresses only refuse (or sign in) and run no page file; the start page (`/`, hidden) shows the
    role's first page, which is in the menu at its own address."""
    files = [p for p in at._registered_pages.values() if Path(p.get("script_path") or "").parent.name == "app_pages"]
    addressed = {p["script_path"] for p in files if p.get("url_pathname")}
    return [Path(p["script_path"]).stem for p in files if p.get("url_pathname") or p["script_path"] not in addressed]


def _keys(at: AppTest) -> set[str]:
    return {w.key for kind in ("button", "download_button", "file_uploader", "selectbox")
            for w in at.get(kind) if getattr(w, "key", None)}


def test_the_local_user_publishes_as_lokal(world):
    _, store = world
    (entry,) = store.audit_log(actions=("publish",))
    assert (entry.actor, entry.object_kind, entry.object_id) == ("lokal", "publication", "1")


def test_nobody_signed_in_sees_only_the_sign_in_page(world):
    at = _as(None, {"post": "N-MED1"})
    assert _menu(at) == ["signin"]
    assert at.title[0].value == "Kollegastøtte – logg inn"
    assert at.button(key="signin_default").label == "Logg inn"
    assert not at.get("selectbox") and not at.get("file_uploader") and not at.get("download_button")
    assert not any("Innlogging er ikke satt opp" in i.value for i in at.info)
    # a page run anyway refuses
    alone = AppTest.from_file(str(DATA.parent / "app_pages" / "publish.py"), default_timeout=60)
    alone.secrets, alone.user = SECRETS, {"is_logged_in": False}
    alone.run()
    assert [e.value for e in alone.error] == ["Du har ikke tilgang til denne siden med rollen din."]
    assert not alone.get("button")


@pytest.mark.parametrize("role", list(MENUS))
def test_each_role_sees_its_own_pages_and_nothing_it_may_not_do(world, role):
    at = _as(role)
    assert _menu(at) == MENUS[role]
    assert not any("Innlogging er ikke satt opp" in i.value for i in at.info)
    assert any(PEOPLE[role]["name"] in c.value for c in at.sidebar.caption)  # who is signed in, and as what
    assert at.button(key="sign_out").label == "Logg ut"
    for page in ALL_PAGES:
        if page not in MENUS[role]:
            # not in the menu; a page run anyway refuses and draws none of its actions
            alone = AppTest.from_file(str(DATA.parent / "app_pages" / f"{page}.py"), default_timeout=60)
            alone.secrets, alone.user = SECRETS, {"is_logged_in": True, **PEOPLE[role]}
            alone.run()
            assert [e.value for e in alone.error] == ["Du har ikke tilgang til denne siden med rollen din."], page
            assert not alone.get("button") and not alone.get("file_uploader") and not alone.get("download_button")
    keys = set()
    for page in MENUS[role]:
        _goto(at, page)
        keys |= _keys(at)
    if role in ("manager", "employee"):
        assert not keys & {"publish_button", "unpublish_button", "replan_button", "plan_button", "sample_button",
                           "dl_workbook", "dl_assignments", "apply_followup"}
        assert not any(k.startswith("upload_") for k in keys)
    if role == "employee":
        assert not any(k.startswith("view_source") for k in keys)  # the rota in force, nothing else
    if role == "manager":
        _goto(at, "coverage")
        box = at.selectbox(key="coverage_ward__no")
        assert len(box.options) == 2 and box.options[0] == "Alle mine poster" and box.options[1].startswith("N-MED1")
        notice = next(h.proto.body for h in at.get("html") if "<!doctype html>" in h.proto.body)
        assert [o[:6] for o in at.selectbox(key="notice_ward_coverage").options] == ["N-MED1"]
        assert "tel:6" in notice  # the supporters' phones are on the notice
    if role == "rostering":
        assert "dl_workbook" not in keys and "dl_notice" in keys  # some wards: the notices of those only
        assert "unpublish_button" not in keys  # the publication has other wards than Ola's


def test_the_employee_picks_a_ward_and_sees_whom_to_call_with_phone(world):
    _, store = world
    at = _as("employee")
    assert at.title[0].value == "Hvem ringer jeg nå?"  # the employee's landing page
    at.selectbox(key="call_ward__no").set_value("N-MED1").run()
    _ok(at)
    assert at.query_params["post"] == "N-MED1"
    assert store.chosen_ward("anne@sykehus.no") == "N-MED1"
    page = next(h.proto.body for h in at.get("html") if "class='ring'" in h.proto.body)
    assert "I dag og i natt – onsdag 13.01." in page and "Neste vakter" in page
    assert "href='tel:6" in page  # a supporter's number, as a link a phone calls
    assert "<span class='merke'>i natt</span>" in page
    for hint in ("tilgjengelig", "avgi", "grense"):  # never why nobody covers
        assert hint not in page
    # the QR code's address opens the page on that ward; the next visit remembers the choice
    again = _as("employee", {"post": "N-MED2"})
    assert again.selectbox(key="call_ward__no").value == "N-MED2"
    later = _as("employee")
    assert later.selectbox(key="call_ward__no").value == "N-MED2"


def test_rostering_staff_publish_only_rotas_of_their_wards_and_role_changes_are_logged(world):
    tmp, store = world
    at = _as("rostering")
    at.button(key="sample_button").click().run()
    _plan(at)
    _goto(at, "publish")
    assert not any(b.key == "publish_button" for b in at.button)
    assert any("Denne har også" in i.value for i in at.info)
    # the role file gives Ola every ward: he may publish now, in his own name
    (tmp / "roles.toml").write_text(ROLES.replace('wards = ["N-MED1", "N-MED2"]', 'wards = "*"'), encoding="utf-8")
    at = _as("rostering", {"utkast": at.session_state["draft_id"]})
    _goto(at, "publish")
    at.button(key="publish_button").click().run()
    _ok(at)
    published = store.audit_log(actions=("publish",))[0]
    assert (published.actor, published.object_id) == ("ola@sykehus.no", "2")
    changes = [(e.object_id, e.detail) for e in store.audit_log(actions=("role_change",)) if e.object_id == "ola@sykehus.no"]
    assert changes[0] == ("ola@sykehus.no", "rostering:N-MED1,N-MED2; employee → rostering; employee")
    assert store.audit_log(actions=("roles_file_change",))


def test_the_coordinator_withdraws_a_publication_and_reads_the_log(world):
    _, store = world
    newest = store.history()[0].id
    at = _as("coordinator")
    _goto(at, "publish")
    at.selectbox(key="history_pick").set_value(newest).run()
    at.button(key="unpublish_button").click().run()
    _ok(at)
    assert (store.latest() is None or store.latest().id != newest) and store.history()[0].withdrawn
    entry = store.audit_log(actions=("unpublish",))[0]
    assert (entry.actor, entry.object_id) == ("kari@sykehus.no", str(newest))
    _goto(at, "audit")
    table = next(df.value for df in at.dataframe if "Hva" in df.value.columns)
    assert table.iloc[0]["Hva"] == "trakk tilbake" and table.iloc[0]["Hvem"] == "kari@sykehus.no"
    assert set(table["Hva"]) >= {"publiserte", "trakk tilbake", "endret rolle"}
    roles = next(df.value for df in at.dataframe if "Rolle" in df.value.columns)
    assert "e-post: kari@sykehus.no" in set(roles["Hvem"]) and "gruppe: ledere-med1" in set(roles["Hvem"])
    # put it back: the audit log has that too
    _goto(at, "publish")
    at.selectbox(key="history_pick").set_value(newest).run()
    assert not any(b.key == "unpublish_button" for b in at.button)
    at.button(key="republish_button").click().run()
    _ok(at)
    assert store.latest().id == newest and store.audit_log()[0].action == "republish"


# --- a sign-in set up wrongly stops the app (docs/access.md, «When the set-up is wrong») -------------

def _stopped(at: AppTest) -> None:
    """The configuration error page in both languages, and nothing of the app: no menu, no page."""
    _ok(at)
    headers = [h.value for h in at.header]
    assert headers == ["Appen er stoppet: innloggingen er satt opp feil", "The app is stopped: sign-in is set up wrongly"]
    assert _menu(at) == [] and not at.sidebar.radio and not at.title and not at.dataframe
    assert not any("Innlogging er ikke satt opp:" in i.value for i in at.info)  # not the local user either


def test_an_auth_section_set_up_wrongly_stops_the_app_even_for_a_signed_in_coordinator():
    typo = {k: v for k, v in SECRETS["auth"].items() if k != "cookie_secret"} | {"cookie-secret": "k" * 32}
    no_provider = {k: SECRETS["auth"][k] for k in ("redirect_uri", "cookie_secret")}
    for auth, said in ((typo, "mente du «cookie\\_secret»?"), (no_provider, "har ingen innloggingstjeneste")):
        at = AppTest.from_file(APP, default_timeout=60)
        at.secrets = {"auth": auth}
        at.user = {"is_logged_in": True, **PEOPLE["coordinator"]}
        at.run()
        _stopped(at)
        assert any(said in e.value for e in at.error), [e.value for e in at.error]


def test_no_sign_in_on_a_server_others_can_reach_stops_the_app():
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
    finally:
        config.set_option("server.address", before)
    _stopped(at)
    assert any("lytter på «0.0.0.0»" in e.value for e in at.error)


def _release(at: AppTest) -> tuple[set[str], list[str]]:
    """The release list on the coverage page: (the home wards of its rows, the names in it)."""
    table = next(d.value for d in at.dataframe if "Poster dekket" in d.value.columns)
    return set(table["Egen post"]), list(table["Navn"])


def test_the_release_list_shows_a_manager_only_their_own_wards_staff(world):
    """Issue 19: which of a ward's staff are on support duty when, for its manager — their own wards
    only; the coordinator sees every ward's; an employee never reaches it."""
    _, store = world
    duties = store.rota_in_force().tables["duties"]
    med1 = set(duties.loc[duties["home_ward"].astype(str) == "N-MED1", "name"].astype(str))
    assert med1 and set(duties["home_ward"].astype(str)) - {"N-MED1"}  # the sample has others' staff on duty too
    manager = _as("manager")
    _goto(manager, "coverage")
    homes, names = _release(manager)
    assert homes == {"N-MED1"} and set(names) == med1
    assert any(c.value == f"{len(names)} støttevakter" for c in manager.caption)
    assert "dl_release" in _keys(manager)
    from app_pages.release_section import _for_excel  # what the download holds, for Norwegian Excel
    from scheduler.views.release import release_rows

    readable = _for_excel(release_rows(duties, lambda w: w == "N-MED1"), "no")
    assert list(readable.columns) == ["Egen post", "Ansattnr.", "Navn", "Dato", "Vakt", "Fra", "Til", "Timer",
                                      "Antall poster dekket"]
    assert set(readable["Navn"]) == med1 and readable["Dato"].str.fullmatch(r"\d\d\.\d\d\.\d{4}").all()
    coordinator = _as("coordinator")
    _goto(coordinator, "coverage")
    homes, names = _release(coordinator)
    assert homes == set(duties["home_ward"].astype(str)) and len(names) == len(duties)
    employee = _as("employee")
    assert "coverage" not in _menu(employee)
    alone = AppTest.from_file(str(DATA.parent / "app_pages" / "coverage.py"), default_timeout=60)
    alone.secrets, alone.user = SECRETS, {"is_logged_in": True, **PEOPLE["employee"]}
    alone.run()
    assert [e.value for e in alone.error] == ["Du har ikke tilgang til denne siden med rollen din."]
    assert not alone.dataframe and not alone.get("download_button")


def test_with_nothing_published_the_call_page_shows_whoever_can_make_it_the_way(monkeypatch, tmp_path):
    """An empty store: the local user of `make run` (every right) is shown the way to plan and
    publish; an employee only that nothing is published, and to ask the coordinator."""
    monkeypatch.setenv("KOLLEGASTOTTE_DB", str(tmp_path / "empty.sqlite3"))
    monkeypatch.setenv("KOLLEGASTOTTE_ROLES", str(tmp_path / "roles.toml"))
    (tmp_path / "roles.toml").write_text(ROLES, encoding="utf-8")

    def call_page(at: AppTest) -> AppTest:
        at.switch_page("app_pages/who.py").run()
        _ok(at)
        assert any("Ingen vaktplan for kollegastøtte er publisert ennå" in i.value for i in at.info)
        return at

    local = AppTest.from_file(APP, default_timeout=60)
    local.run()
    local = call_page(local)
    assert any("Du kan lage den selv" in m.value for m in local.markdown)
    employee = call_page(_as("employee"))
    assert not any("Du kan lage den selv" in m.value for m in employee.markdown)
